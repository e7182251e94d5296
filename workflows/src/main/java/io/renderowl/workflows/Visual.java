package io.renderowl.workflows;

/**
 * A picture (or stock video) sourced for a scene, stored in object storage.
 *
 * @param sceneIndex the scene it belongs to
 * @param storageKey object key in the asset bucket
 * @param width pixels
 * @param height pixels
 * @param provider e.g. "offline:procedural", "pexels"
 * @param mediaType "image" or "video" ("image" in histories recorded before videos existed)
 * @param attribution credit line required by the source (e.g. "Photo by X on Pexels"), "" if none
 */
public record Visual(
    int sceneIndex,
    String storageKey,
    int width,
    int height,
    String provider,
    String mediaType,
    String attribution) {

  public Visual {
    mediaType = mediaType == null || mediaType.isBlank() ? "image" : mediaType;
    attribution = attribution == null ? "" : attribution;
  }

  /** A picture without attribution. */
  public Visual(int sceneIndex, String storageKey, int width, int height, String provider) {
    this(sceneIndex, storageKey, width, height, provider, "image", "");
  }
}

package io.renderowl.workflows;

/**
 * The platform's answer about a publication.
 *
 * @param state where it stands; {@link PublishState#UPLOADING} and {@link PublishState#PROCESSING}
 *     mean "ask again"
 * @param remoteId the platform's id of the post, when known
 * @param url the post's address, when known
 * @param reason the platform's message for a failure, else empty
 * @param pollAfterSeconds how long to wait before asking again (the platform's hint, else 0)
 */
public record PlatformStatus(
    PublishState state, String remoteId, String url, String reason, long pollAfterSeconds) {

  public PlatformStatus {
    remoteId = remoteId == null ? "" : remoteId;
    url = url == null ? "" : url;
    reason = reason == null ? "" : reason;
  }

  public static PlatformStatus pending(long pollAfterSeconds) {
    return new PlatformStatus(PublishState.PROCESSING, "", "", "", pollAfterSeconds);
  }

  /**
   * The answer of {@code SocialPublishActivities.ready} when the upload can be posted (the state
   * reads PUBLISHED there: nothing is left to wait for).
   */
  public static PlatformStatus readyToPost(String handle) {
    return new PlatformStatus(PublishState.PUBLISHED, handle, "", "", 0);
  }

  public static PlatformStatus published(String remoteId, String url) {
    return new PlatformStatus(PublishState.PUBLISHED, remoteId, url, "", 0);
  }

  public static PlatformStatus failed(String reason) {
    return new PlatformStatus(PublishState.FAILED, "", "", reason, 0);
  }
}

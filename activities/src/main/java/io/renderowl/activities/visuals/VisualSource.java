package io.renderowl.activities.visuals;

import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.Scene;

/** A source of pictures or videos for scenes. */
public interface VisualSource {

  /**
   * What a source found.
   *
   * @param media the checked bytes
   * @param width pixels
   * @param height pixels
   * @param attribution credit line, "" when none is needed
   * @param provider label stored with the visual
   */
  record Found(
      MediaBytes.Checked media, int width, int height, String attribution, String provider) {}

  /**
   * Found media, or why there is none.
   *
   * @param found the media, null when missed
   * @param miss why nothing was found ("no photo for 'octopus'")
   */
  record Outcome(Found found, String miss) {
    static Outcome of(Found found) {
      return new Outcome(found, "");
    }

    static Outcome missed(String why) {
      return new Outcome(null, why);
    }
  }

  /** The name used in RENDEROWL_VISUAL_PROVIDERS. */
  String name();

  Outcome find(String runId, Scene scene, Aspect aspect);

  /** Pexels orientation for an aspect. */
  static String orientation(Aspect aspect) {
    return switch (aspect) {
      case VERTICAL -> "portrait";
      case LANDSCAPE -> "landscape";
      case SQUARE -> "square";
    };
  }
}

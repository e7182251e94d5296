package io.renderowl.workflows;

/**
 * One scene: what is said and what is shown.
 *
 * @param index 0-based position
 * @param text the narration (1-2 sentences), also burned in as the caption
 * @param visualPrompt what the picture should show (a prompt for generated pictures)
 * @param targetSeconds the scene's share of the requested duration
 * @param searchTerms a few keywords for stock searches (defaults to the visual prompt)
 */
public record Scene(
    int index, String text, String visualPrompt, double targetSeconds, String searchTerms) {

  /**
   * Silence the timeline puts around each scene's narration (a lead-in before it and a pause after
   * it): a scene of {@code targetSeconds} has that much less for its speech.
   */
  public static final double NARRATION_MARGIN_SECONDS = 0.75;

  public Scene {
    searchTerms = searchTerms == null || searchTerms.isBlank() ? visualPrompt : searchTerms;
  }

  /** A scene whose stock search terms are its visual prompt. */
  public Scene(int index, String text, String visualPrompt, double targetSeconds) {
    this(index, text, visualPrompt, targetSeconds, null);
  }
}

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
public record Scene(int index, String text, String visualPrompt, double targetSeconds, String searchTerms) {

  public Scene {
    searchTerms = searchTerms == null || searchTerms.isBlank() ? visualPrompt : searchTerms;
  }

  /** A scene whose stock search terms are its visual prompt. */
  public Scene(int index, String text, String visualPrompt, double targetSeconds) {
    this(index, text, visualPrompt, targetSeconds, null);
  }
}

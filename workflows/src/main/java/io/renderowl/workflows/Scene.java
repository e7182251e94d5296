package io.renderowl.workflows;

/**
 * One scene: what is said and what is shown.
 *
 * @param index 0-based position
 * @param text the narration (1-2 sentences), also burned in as the caption
 * @param visualPrompt what the picture should show (prompt or stock search terms)
 * @param targetSeconds the scene's share of the requested duration
 */
public record Scene(int index, String text, String visualPrompt, double targetSeconds) {}

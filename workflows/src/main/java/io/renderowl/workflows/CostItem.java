package io.renderowl.workflows;

/** What a run's steps are charged for, each at its price from the price list. */
public enum CostItem {
  /** Seconds of rendered video, charged per started 30 s at the render preset's price. */
  RENDER,
  /** One call to an AI model (writing a script, planning scenes, an /ai/* request). */
  AI_CALL,
  /** One picture generated or sourced for a scene. */
  IMAGE,
  /** One second of generated speech. */
  SPEECH_SECOND,
  /** One platform published to. */
  PUBLISH
}

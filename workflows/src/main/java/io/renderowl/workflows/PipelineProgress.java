package io.renderowl.workflows;

/** Answer of the progress query: the current stage, overall percent (0-100) and a message. */
public record PipelineProgress(Stage stage, int percent, String message) {}

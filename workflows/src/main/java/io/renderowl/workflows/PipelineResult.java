package io.renderowl.workflows;

import java.util.List;

/** What a completed run produced. */
public record PipelineResult(
    String runId,
    String title,
    String timelineId,
    RenderResult render,
    List<Publication> publications) {
  public PipelineResult {
    publications = List.copyOf(publications);
  }
}

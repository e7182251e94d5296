package io.renderowl.api.internal;

import io.renderowl.infra.batch.BatchProgress;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** A batch as {@code GET /api/v1/batch/{id}} shows it (the seed's batches fields plus counts). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record BatchView(
    String id,
    String name,
    String status,
    String jobStatus,
    boolean reading,
    int progress,
    int totalItems,
    Counts counts,
    List<Row> items,
    List<Skipped> skipReport,
    Instant createdAt,
    Instant updatedAt) {

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Counts(int queued, int running, int completed, int failed, int skipped) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Row(
      int line, String topic, String runId, String status, String outputUrl, String reason) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Skipped(int line, String reason) {}

  static BatchView of(BatchProgress s) {
    return new BatchView(
        s.id(),
        s.name(),
        s.state().label(),
        s.jobStatus(),
        s.reading(),
        s.progress(),
        s.rowsRead(),
        new Counts(s.queued(), s.running(), s.completed(), s.failed(), s.skipped()),
        s.rows().stream()
            .map(r ->
                new Row(
                    r.line(),
                    r.topic(),
                    r.runId(),
                    r.state() == null ? null : r.state().label(),
                    r.outputUrl(),
                    r.reason()))
            .toList(),
        s.skipReport().stream().map(r -> new Skipped(r.line(), r.reason())).toList(),
        s.createdAt(),
        s.updatedAt());
  }
}

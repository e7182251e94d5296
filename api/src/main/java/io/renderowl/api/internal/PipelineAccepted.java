package io.renderowl.api.internal;

import io.renderowl.infra.pipeline.StartedRun;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The answer to starting a run.
 *
 * @param id the run id
 * @param statusUrl where to poll the run's status
 * @param created false when the same request had already started this run
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record PipelineAccepted(String id, String statusUrl, boolean created) {

  static PipelineAccepted of(StartedRun run) {
    String statusUrl =
        UriComponentsBuilder.fromPath(PipelinesController.PATH + "/{id}")
            .buildAndExpand(run.runId())
            .encode()
            .toUriString();
    return new PipelineAccepted(run.runId(), statusUrl, run.created());
  }
}

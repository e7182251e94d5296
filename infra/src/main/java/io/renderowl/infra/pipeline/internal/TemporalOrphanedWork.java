package io.renderowl.infra.pipeline.internal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.renderowl.infra.persistence.PublicationRepository;
import io.renderowl.infra.persistence.PublicationRow;
import io.renderowl.infra.persistence.RenderRepository;
import io.renderowl.infra.persistence.RenderRow;
import io.renderowl.infra.pipeline.OrphanedWork;
import io.renderowl.infra.temporal.TemporalConnection;
import io.renderowl.infra.temporal.WorkflowTasks;
import io.renderowl.workflows.PublishState;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link OrphanedWork} asking Temporal (describe, 5 s deadline) about each unfinished row's
 * workflows. A row whose workflow Temporal could not be asked about is left for the next round.
 */
public final class TemporalOrphanedWork implements OrphanedWork {
  private static final Logger LOG = LoggerFactory.getLogger(TemporalOrphanedWork.class);

  private final TemporalConnection temporal;
  private final RenderRepository renders;
  private final PublicationRepository publications;

  public TemporalOrphanedWork(
      TemporalConnection temporal, RenderRepository renders, PublicationRepository publications) {
    this.temporal = temporal;
    this.renders = renders;
    this.publications = publications;
  }

  @Override
  public List<String> failOrphanedRenders(Duration grace) {
    List<String> failed = new ArrayList<>();
    for (RenderRow render : renders.unfinishedCreatedBefore(Instant.now().minus(grace))) {
      if (render.runId() == null) {
        continue; // no workflow to ask about
      }
      // An API render runs as its run id; a pipeline run's render as the run's child (or, in runs
      // started before the child existed, inside the run itself).
      Optional<String> gone = goneReason(List.of(render.runId() + "-render", render.runId()));
      if (gone.isEmpty()) {
        continue;
      }
      String reason = "render stopped: " + gone.get() + "; render the timeline again";
      if (renders.markFailedIfUnfinished(render.id(), reason)) {
        LOG.warn("render {} of run {} marked failed: {}", render.id(), render.runId(), reason);
        failed.add(render.id() + " (run " + render.runId() + "): " + reason);
      }
    }
    return failed;
  }

  @Override
  public List<String> closeOrphanedPublications(Duration grace) {
    List<String> closed = new ArrayList<>();
    for (PublicationRow p :
        publications.unfinishedWithWorkflowUnchangedSince(Instant.now().minus(grace))) {
      Optional<String> gone = goneReason(List.of(p.workflowId()));
      if (gone.isEmpty()) {
        continue;
      }
      boolean nothingSent = PublishState.SCHEDULED.label().equals(p.status());
      PublishState state = nothingSent ? PublishState.FAILED : PublishState.UNCONFIRMED;
      String reason =
          nothingSent
              ? "not posted: " + gone.get() + " before its publish time; post it again"
              : "outcome unknown: "
                  + gone.get()
                  + " while it was "
                  + p.status()
                  + "; check the platform before posting it again";
      if (publications.closeIfUnfinished(p.id(), state.label(), reason)) {
        LOG.warn("publication {} of run {} marked {}: {}", p.id(), p.runId(), state, reason);
        closed.add(
            p.id()
                + " (run "
                + p.runId()
                + ", "
                + p.platform()
                + "): "
                + state.label()
                + ": "
                + reason);
      }
    }
    return closed;
  }

  /**
   * Why none of the workflows can move the row on any more, or empty when one of them runs or
   * Temporal did not answer.
   */
  private Optional<String> goneReason(List<String> workflowIds) {
    List<String> reasons = new ArrayList<>();
    for (String id : workflowIds) {
      Optional<WorkflowExecutionStatus> status;
      try {
        status = status(id);
      } catch (RuntimeException unknown) {
        LOG.debug("workflow {}: Temporal did not answer ({})", id, unknown.getMessage());
        return Optional.empty();
      }
      if (status.isEmpty()) {
        reasons.add("Temporal has no workflow " + id);
      } else if (status.get() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        return Optional.empty();
      } else {
        reasons.add("its workflow " + id + " ended as " + describe(status.get()));
      }
    }
    // The first workflow named is the row's own; say what became of the one that existed.
    return reasons.stream()
        .filter(r -> r.startsWith("its workflow"))
        .findFirst()
        .or(() -> reasons.stream().findFirst());
  }

  private Optional<WorkflowExecutionStatus> status(String workflowId) {
    try {
      return Optional.of(
          WorkflowTasks.describe(temporal.client(), workflowId, Duration.ofSeconds(5))
              .getWorkflowExecutionInfo()
              .getStatus());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static String describe(WorkflowExecutionStatus s) {
    return switch (s) {
      case WORKFLOW_EXECUTION_STATUS_TERMINATED -> "terminated";
      case WORKFLOW_EXECUTION_STATUS_TIMED_OUT -> "timed out";
      case WORKFLOW_EXECUTION_STATUS_CANCELED -> "cancelled";
      case WORKFLOW_EXECUTION_STATUS_COMPLETED -> "completed without recording the end";
      case WORKFLOW_EXECUTION_STATUS_FAILED -> "failed without recording the end";
      default ->
          s.name()
              .substring("WORKFLOW_EXECUTION_STATUS_".length())
              .toLowerCase(Locale.ROOT)
              .replace('_', ' ');
    };
  }
}

package io.renderowl.infra.pipeline.internal;

import io.renderowl.infra.persistence.PipelineRunRepository;
import io.renderowl.infra.persistence.PipelineRunRow;
import io.renderowl.infra.persistence.PublicationRepository;
import io.renderowl.infra.persistence.PublicationRow;
import io.renderowl.infra.pipeline.InvalidRequestException;
import io.renderowl.infra.pipeline.SocialPosts;
import io.renderowl.infra.temporal.TemporalConnection;
import io.renderowl.workflows.FieldError;
import io.renderowl.workflows.PublishJob;
import io.renderowl.workflows.PublishState;
import io.renderowl.workflows.PublishWorkflow;
import io.renderowl.workflows.RunState;
import io.renderowl.workflows.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** {@link SocialPosts} on Temporal: one {@link PublishWorkflow} per run and account. */
public final class TemporalSocialPosts implements SocialPosts {
  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final TemporalConnection temporal;
  private final PipelineRunRepository runs;
  private final PublicationRepository publications;

  public TemporalSocialPosts(
      TemporalConnection temporal, PipelineRunRepository runs, PublicationRepository publications) {
    this.temporal = temporal;
    this.runs = runs;
    this.publications = publications;
  }

  @Override
  public List<Post> post(UUID userId, String runId, List<String> accountIds, Instant at) {
    List<FieldError> errors = new ArrayList<>();
    Optional<PipelineRunRow> run =
        runId == null ? Optional.empty() : runs.findForUser(userId, runId);
    if (run.isEmpty()) {
      errors.add(new FieldError("run_id", "no such run"));
    } else if (run.get().status() != RunState.COMPLETED
        || run.get().renderId() == null
        || run.get().outputKey() == null) {
      errors.add(new FieldError("run_id", "the run has no finished video yet"));
    }
    if (accountIds == null || accountIds.isEmpty()) {
      errors.add(new FieldError("accounts", "must name at least one account"));
    } else {
      for (String a : accountIds) {
        if (a == null || !UUID_TEXT.matcher(a).matches()) {
          errors.add(new FieldError("accounts", "'" + a + "' is not an account id (UUID)"));
        }
      }
      if (accountIds.stream().distinct().count() < accountIds.size()) {
        errors.add(new FieldError("accounts", "names an account twice"));
      }
    }
    if (at != null && at.isBefore(Instant.now().minusSeconds(60))) {
      errors.add(new FieldError("publish_at", "is in the past"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    PipelineRunRow row = run.orElseThrow();
    WorkflowClient client = temporal.client();
    List<Post> posts = new ArrayList<>();
    for (String account : accountIds) {
      PublishJob job =
          new PublishJob(
              row.runId(),
              userId.toString(),
              row.renderId().toString(),
              row.outputKey(),
              row.topic(),
              row.topic(),
              List.of(),
              account.toLowerCase(java.util.Locale.ROOT),
              "",
              "public",
              false,
              at == null ? "" : at.toString());
      PublishWorkflow workflow =
          client.newWorkflowStub(
              PublishWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(job.workflowId())
                  .setTaskQueue(TaskQueues.PIPELINE)
                  .build());
      try {
        WorkflowClient.start(workflow::publish, job);
      } catch (WorkflowExecutionAlreadyStarted e) {
        // posted (or being posted) before: once per run and account
      }
      posts.add(
          new Post(
              "",
              row.runId(),
              job.accountId(),
              "",
              (at == null ? PublishState.UPLOADING : PublishState.SCHEDULED).label(),
              "",
              "",
              at,
              job.workflowId()));
    }
    return posts;
  }

  @Override
  public List<Post> scheduled(UUID userId, int offset, int limit) {
    return publications.scheduled(userId, offset, limit).stream()
        .map(TemporalSocialPosts::post)
        .toList();
  }

  @Override
  public long countScheduled(UUID userId) {
    return publications.countScheduled(userId);
  }

  @Override
  public Optional<Post> find(UUID userId, UUID publicationId) {
    return publications.findForUser(userId, publicationId).map(TemporalSocialPosts::post);
  }

  @Override
  public boolean cancel(UUID userId, UUID publicationId) {
    Optional<PublicationRow> row = publications.findForUser(userId, publicationId);
    if (row.isEmpty() || !publications.cancelScheduled(userId, publicationId)) {
      return false;
    }
    String workflowId = row.get().workflowId();
    if (workflowId != null) {
      WorkflowStub stub = temporal.client().newUntypedWorkflowStub(workflowId);
      stub.signal("cancelSchedule");
    }
    return true;
  }

  private static Post post(PublicationRow r) {
    return new Post(
        r.id().toString(),
        r.runId(),
        r.socialAccountId() == null ? "" : r.socialAccountId().toString(),
        r.platform(),
        r.status(),
        r.location() == null ? "" : r.location(),
        r.reason() == null ? "" : r.reason(),
        r.publishAt(),
        r.workflowId() == null ? "" : r.workflowId());
  }
}

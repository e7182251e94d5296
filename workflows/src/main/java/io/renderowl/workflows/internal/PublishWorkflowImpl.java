package io.renderowl.workflows.internal;

import io.renderowl.workflows.Failures;
import io.renderowl.workflows.PlatformStatus;
import io.renderowl.workflows.Publication;
import io.renderowl.workflows.PublishJob;
import io.renderowl.workflows.PublishState;
import io.renderowl.workflows.PublishWorkflow;
import io.renderowl.workflows.SocialPublishActivities;
import io.renderowl.workflows.TaskQueues;
import io.renderowl.workflows.UploadedVideo;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One video to one account. The upload is a resumable activity (it heartbeats its offset); the
 * posting mutation has one attempt: a lost answer makes the publication {@code unconfirmed} and the
 * platform's status decides, it is never posted twice. Processing is followed with durable timers.
 */
public class PublishWorkflowImpl implements PublishWorkflow {

  /** Failure type of a platform's rate limit (429, quota): the failure carries the delay. */
  public static final String RATE_LIMITED = "ProviderRateLimited";

  /** A platform's refusal that no retry changes (4xx, quota used up, rejected content). */
  public static final String REJECTED = "ProviderRejected";

  /** Status checks before a publication is left unconfirmed (or processing gives up). */
  static final int MAX_POLLS = 360;

  /** Version marker: the status checks after posting see the id the post answered. */
  static final String POSTED_ID_CHANGE = "posted-id-to-status";

  /** Posts refused with a rate limit are tried again this often (a 429 means nothing was made). */
  static final int MAX_RATE_LIMITED_POSTS = 3;

  /**
   * How long an upload may go without a heartbeat before Temporal gives it to another worker. The
   * upload heartbeats while a chunk is on the wire too (every third of this), so this need not
   * cover a slow chunk; it only says how soon a dead worker's upload is taken over (30 s, as the
   * stage activities; it was 60 s when beats came only between chunks). A timeout is no part of the
   * replayed commands: histories scheduled with 60 s replay unchanged.
   */
  static final Duration UPLOAD_HEARTBEAT = Duration.ofSeconds(30);

  private static final String[] DO_NOT_RETRY = {
    IllegalArgumentException.class.getName(), Failures.INVALID_INPUT, REJECTED
  };

  private static RetryOptions retry(int attempts) {
    return RetryOptions.newBuilder()
        .setInitialInterval(Duration.ofSeconds(2))
        .setBackoffCoefficient(2.0)
        .setMaximumInterval(Duration.ofMinutes(5))
        .setMaximumAttempts(attempts)
        .setDoNotRetry(DO_NOT_RETRY)
        .build();
  }

  /** Account lookups and bookkeeping, on the pipeline queue. */
  private final SocialPublishActivities light =
      Workflow.newActivityStub(
          SocialPublishActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.PIPELINE)
              .setStartToCloseTimeout(Duration.ofMinutes(1))
              .setRetryOptions(retry(10))
              .build());

  private PublishState state = PublishState.UPLOADING;
  private boolean cancelRequested;

  @Override
  public Publication publish(PublishJob request) {
    PublishJob job;
    try {
      job = light.resolve(request);
    } catch (ActivityFailure e) {
      return end(request, PlatformStatus.failed(VideoPipelineWorkflowImpl.reasonOf(e)));
    }
    if (!job.publishAt().isEmpty()) {
      long wait = Instant.parse(job.publishAt()).toEpochMilli() - Workflow.currentTimeMillis();
      if (wait > 0) {
        state = PublishState.SCHEDULED;
        light.record(job, new PlatformStatus(PublishState.SCHEDULED, "", "", "", 0));
        Workflow.await(Duration.ofMillis(wait), () -> cancelRequested);
        if (cancelRequested) {
          return end(
              job,
              new PlatformStatus(
                  PublishState.CANCELLED, "", "", "cancelled before its publish time", 0));
        }
      }
    }
    String queue = TaskQueues.publish(job.platform());
    SocialPublishActivities uploads =
        Workflow.newActivityStub(
            SocialPublishActivities.class,
            ActivityOptions.newBuilder()
                .setTaskQueue(queue)
                .setStartToCloseTimeout(Duration.ofHours(3))
                .setHeartbeatTimeout(UPLOAD_HEARTBEAT)
                .setRetryOptions(retry(12))
                .build());
    SocialPublishActivities checks =
        Workflow.newActivityStub(
            SocialPublishActivities.class,
            ActivityOptions.newBuilder()
                .setTaskQueue(queue)
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setRetryOptions(retry(8))
                .build());
    SocialPublishActivities poster =
        Workflow.newActivityStub(
            SocialPublishActivities.class,
            ActivityOptions.newBuilder()
                .setTaskQueue(queue)
                .setStartToCloseTimeout(Duration.ofMinutes(2))
                .setRetryOptions(retry(1))
                .build());

    state = PublishState.UPLOADING;
    UploadedVideo upload;
    try {
      upload = uploads.upload(job);
    } catch (ActivityFailure e) {
      return end(
          job, PlatformStatus.failed("upload failed: " + VideoPipelineWorkflowImpl.reasonOf(e)));
    }

    state = PublishState.PROCESSING;
    PlatformStatus ready;
    try {
      ready = follow(() -> checks.ready(job, upload));
    } catch (ActivityFailure e) {
      return end(
          job,
          PlatformStatus.failed(
              "processing check failed: " + VideoPipelineWorkflowImpl.reasonOf(e)));
    }
    if (ready.state() == PublishState.FAILED) {
      return end(job, ready);
    }
    if (pending(ready)) {
      return end(
          job,
          PlatformStatus.failed(
              "the platform was still processing the upload after " + MAX_POLLS + " checks"));
    }

    PlatformStatus posted = postOnce(job, upload, poster);
    if (posted.state() == PublishState.PUBLISHED || posted.state() == PublishState.FAILED) {
      return end(job, posted);
    }
    if (posted.state() == PublishState.UNCONFIRMED) {
      state = PublishState.UNCONFIRMED;
      light.record(job, posted);
    } else {
      state = PublishState.PROCESSING;
      light.record(job, posted);
    }
    UploadedVideo followed = withPostedId(upload, posted);
    PlatformStatus last;
    try {
      last = follow(() -> checks.status(job, followed));
    } catch (ActivityFailure e) {
      return end(
          job,
          new PlatformStatus(
              PublishState.UNCONFIRMED,
              posted.remoteId(),
              posted.url(),
              "status check failed: " + VideoPipelineWorkflowImpl.reasonOf(e),
              0));
    }
    if (pending(last)) {
      last =
          new PlatformStatus(
              PublishState.UNCONFIRMED,
              last.remoteId(),
              last.url(),
              "the platform still reported processing after " + MAX_POLLS + " checks",
              0);
    } else if (last.state() == PublishState.UNCONFIRMED && last.reason().isEmpty()) {
      last =
          new PlatformStatus(
              PublishState.UNCONFIRMED, last.remoteId(), last.url(), posted.reason(), 0);
    }
    return end(job, last);
  }

  /**
   * The posting mutation, one attempt. A rate limit (nothing was made) waits its delay and tries
   * again; a refusal fails; anything else (timeout, crash, 5xx) is an unknown outcome: unconfirmed.
   */
  private PlatformStatus postOnce(
      PublishJob job, UploadedVideo upload, SocialPublishActivities poster) {
    for (int attempt = 1; ; attempt++) {
      try {
        return poster.post(job, upload);
      } catch (ActivityFailure e) {
        String reason = VideoPipelineWorkflowImpl.reasonOf(e);
        if (e.getCause() instanceof ApplicationFailure af) {
          if (RATE_LIMITED.equals(af.getType()) && attempt < MAX_RATE_LIMITED_POSTS) {
            Duration delay = af.getNextRetryDelay();
            Workflow.sleep(delay == null || delay.isZero() ? Duration.ofMinutes(1) : delay);
            continue;
          }
          if (af.isNonRetryable()
              || REJECTED.equals(af.getType())
              || Failures.INVALID_INPUT.equals(af.getType())
              || RATE_LIMITED.equals(af.getType())) {
            return PlatformStatus.failed("post refused: " + reason);
          }
        }
        return new PlatformStatus(
            PublishState.UNCONFIRMED, "", "", "the post's outcome is unknown: " + reason, 0);
      }
    }
  }

  /**
   * The upload as the status checks see it: with the id the post answered (the Facebook video id,
   * whose processing status is then followed), behind a version marker so histories of runs started
   * before it replay unchanged.
   */
  private static UploadedVideo withPostedId(UploadedVideo upload, PlatformStatus posted) {
    if (posted.remoteId().isEmpty()
        || posted.remoteId().equals(upload.handle())
        || Workflow.getVersion(POSTED_ID_CHANGE, Workflow.DEFAULT_VERSION, 1)
            == Workflow.DEFAULT_VERSION) {
      return upload;
    }
    Map<String, String> details = new HashMap<>(upload.details());
    details.put(UploadedVideo.POSTED_ID, posted.remoteId());
    return new UploadedVideo(upload.publicationId(), upload.handle(), details);
  }

  /** Asks until the answer is final, sleeping on durable timers between checks. */
  private PlatformStatus follow(Supplier<PlatformStatus> check) {
    PlatformStatus s = check.get();
    for (int i = 1; i < MAX_POLLS && pending(s); i++) {
      Workflow.sleep(Duration.ofSeconds(Math.max(1, s.pollAfterSeconds())));
      s = check.get();
    }
    return s;
  }

  private static boolean pending(PlatformStatus s) {
    return s.state() == PublishState.PROCESSING || s.state() == PublishState.UPLOADING;
  }

  private Publication end(PublishJob job, PlatformStatus status) {
    state = status.state();
    return light.record(job, status);
  }

  @Override
  public void cancelSchedule() {
    cancelRequested = true;
  }

  @Override
  public PublishState state() {
    return state;
  }
}

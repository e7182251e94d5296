package io.renderowl.activities.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.renderowl.infra.metrics.RenderowlMeters;
import io.renderowl.infra.storage.StorageException;
import io.renderowl.infra.storage.StorageRefusedException;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Through the workers' interceptor: an upload the object store refuses (403) fails the activity at
 * its first attempt with the store's reason; a failure that may pass (a 503 the S3 client gave up
 * on) is still retried by Temporal.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // Temporal's test environment; a few seconds
class StorageRefusedActivityTest {

  @ActivityInterface
  public interface Upload {
    @ActivityMethod
    String upload(String key);
  }

  @WorkflowInterface
  public interface UploadOnce {
    @WorkflowMethod
    String run(String key);
  }

  public static class UploadOnceImpl implements UploadOnce {
    private final Upload upload =
        Workflow.newActivityStub(
            Upload.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofSeconds(1))
                        .setMaximumAttempts(5)
                        .build())
                .build());

    @Override
    public String run(String key) {
      return upload.upload(key);
    }
  }

  /** Refuses "denied/" keys for good; fails "flaky/" keys once with a retryable error. */
  static final class Store implements Upload {
    final AtomicInteger attempts = new AtomicInteger();

    @Override
    public String upload(String key) {
      int attempt = attempts.incrementAndGet();
      if (key.startsWith("denied/")) {
        throw new StorageRefusedException(
            "object storage refused to upload " + key + " in bucket b: HTTP 403 AccessDenied",
            null);
      }
      if (attempt == 1) {
        throw new StorageException("object storage: cannot upload " + key + ": HTTP 503", null);
      }
      return "s3://b/" + key;
    }
  }

  TestWorkflowEnvironment env;
  Store store;

  @BeforeEach
  void start() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(
                    WorkerFactoryOptions.newBuilder()
                        .setWorkerInterceptors(
                            new ObservedActivities(new RenderowlMeters(new SimpleMeterRegistry())))
                        .build())
                .build());
    store = new Store();
    Worker worker = env.newWorker("storage");
    worker.registerWorkflowImplementationTypes(UploadOnceImpl.class);
    worker.registerActivitiesImplementations(store);
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private UploadOnce workflow() {
    return env.getWorkflowClient()
        .newWorkflowStub(
            UploadOnce.class, WorkflowOptions.newBuilder().setTaskQueue("storage").build());
  }

  @Test
  void aRefusedUploadFailsAtItsFirstAttemptWithTheStoresReason() {
    assertThatThrownBy(() -> workflow().run("denied/x.mp4"))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getType()).isEqualTo(ObservedActivities.STORAGE_REFUSED);
              assertThat(f.getOriginalMessage())
                  .isEqualTo(
                      "object storage refused to upload denied/x.mp4 in bucket b: HTTP 403"
                          + " AccessDenied");
            });
    assertThat(store.attempts).hasValue(1);
  }

  @Test
  void aFailureThatMayPassIsStillRetried() {
    assertThat(workflow().run("flaky/x.mp4")).isEqualTo("s3://b/flaky/x.mp4");
    assertThat(store.attempts).hasValue(2);
  }
}

package io.renderowl.activities.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderowl.workflows.Narration;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.VoiceActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A stage activity that runs longer than its heartbeat timeout and sends no heartbeat of its own
 * completes when the worker heartbeats for it, and times out at that heartbeat timeout when nothing
 * does (what a killed worker looks like to the server).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // Temporal's test environment; about 10 s
class HeartbeatingActivitiesTest {

  @WorkflowInterface
  public interface NarrateOnce {
    @WorkflowMethod
    double run();
  }

  public static class NarrateOnceImpl implements NarrateOnce {
    private final VoiceActivities voices =
        Workflow.newActivityStub(
            VoiceActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setHeartbeatTimeout(Duration.ofSeconds(2))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());

    @Override
    public double run() {
      return voices
          .narrate("run-1", new Scene(0, "hello", "owl", 1.0, "owl"), "en")
          .durationSeconds();
    }
  }

  /** Takes 5 s (2.5 heartbeat timeouts) and never heartbeats. */
  static final class SlowVoice implements VoiceActivities {
    @Override
    public Narration narrate(String runId, Scene scene, String voice) {
      try {
        Thread.sleep(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new Narration(scene.index(), "k", 1.5, "slow");
    }
  }

  private static double run(WorkerFactoryOptions factory) {
    try (TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setUseTimeskipping(false)
                .setWorkerFactoryOptions(factory)
                .build())) {
      Worker worker =
          env.newWorker(
              "voice",
              WorkerOptions.newBuilder()
                  .setMaxHeartbeatThrottleInterval(Duration.ofMillis(500))
                  .build());
      worker.registerWorkflowImplementationTypes(NarrateOnceImpl.class);
      worker.registerActivitiesImplementations(new SlowVoice());
      env.start();
      return env.getWorkflowClient()
          .newWorkflowStub(
              NarrateOnce.class, WorkflowOptions.newBuilder().setTaskQueue("voice").build())
          .run();
    }
  }

  @Test
  void theWorkerHeartbeatsForALongStageActivity() {
    assertThat(HeartbeatingActivities.TYPES)
        .contains(
            "WriteScript",
            "PlanScenes",
            "SourceVisual",
            "Narrate",
            "AssembleTimeline",
            "PrepareRender",
            "JoinRender",
            "Publish")
        .doesNotContain("RenderChunk");
    double seconds =
        run(
            WorkerFactoryOptions.newBuilder()
                .setWorkerInterceptors(new HeartbeatingActivities())
                .build());
    assertThat(seconds).isEqualTo(1.5);
  }

  @Test
  void withoutHeartbeatsTheSameActivityTimesOutAtItsHeartbeatTimeout() {
    assertThatThrownBy(() -> run(WorkerFactoryOptions.newBuilder().build()))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOfSatisfying(
            TimeoutFailure.class,
            t -> assertThat(t.getTimeoutType()).isEqualTo(TimeoutType.TIMEOUT_TYPE_HEARTBEAT));
  }

  @Test
  void heartbeatsComeAtAThirdOfTheTimeoutAtLeastASecondApart() {
    assertThat(HeartbeatingActivities.interval(Duration.ofSeconds(30)))
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(HeartbeatingActivities.interval(Duration.ofSeconds(2)))
        .isEqualTo(Duration.ofSeconds(1));
  }
}

package io.renderowl.activities.ledger;

import io.renderowl.activities.testkit.InstantActivities;
import io.renderowl.activities.worker.StageActivities;
import io.renderowl.activities.worker.WorkerConfiguration;
import io.renderowl.infra.InfraConfiguration;
import io.renderowl.infra.credits.PriceList;
import io.renderowl.infra.persistence.CreditRepository;
import io.renderowl.infra.persistence.PipelineRunRepository;
import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.PipelineResult;
import io.renderowl.workflows.PreparedRender;
import io.renderowl.workflows.Publication;
import io.renderowl.workflows.RenderRequest;
import io.renderowl.workflows.RenderResult;
import io.renderowl.workflows.RunLedgerActivities;
import io.renderowl.workflows.Stage;
import io.renderowl.workflows.StepCost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The engine with instant stages whose publish step can be told to fail or to hang (so that a run
 * can be cancelled mid-way), and a run ledger that can be told to crash right after each charge has
 * been committed (as a worker killed between the commit and the reply would), so that Temporal
 * retries it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({InfraConfiguration.class, WorkerConfiguration.class})
class CreditSagaTestApplication {

  /** Topics containing this fail at publish (bad input: not retried). */
  static final String FAIL = "[fail]";

  /** Topics containing this hang at publish until {@link #RELEASE} opens (or 2 minutes pass). */
  static final String HOLD = "[hold]";

  static final CountDownLatch RELEASE = new CountDownLatch(1);

  /** Users whose standalone renders fail while they are prepared (bad input: not retried). */
  static final Set<String> FAILING_RENDER_USERS = ConcurrentHashMap.newKeySet();

  /** Users whose standalone renders hang while prepared until {@link #RENDER_RELEASE} opens. */
  static final Set<String> HELD_RENDER_USERS = ConcurrentHashMap.newKeySet();

  static final CountDownLatch RENDER_RELEASE = new CountDownLatch(1);

  /** Runs whose ledger crashes once after each charge and each completion it commits. */
  static final Set<String> CRASHING_RUNS = ConcurrentHashMap.newKeySet();

  /** (run, step) pairs that crashed already. */
  static final Set<String> CRASHED = ConcurrentHashMap.newKeySet();

  static void properties(DynamicPropertyRegistry registry) {
    try {
      String home = Files.createTempDirectory("renderowl-credit-saga-").toString();
      registry.add("RENDEROWL_HOME", () -> home);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    registry.add("RENDEROWL_TEMPORAL_SERVER", () -> "test");
    registry.add("RENDEROWL_SCHEDULER", () -> "false");
    // Every step costs something, so that every charge and refund shows in the ledger.
    registry.add("RENDEROWL_PRICE_AI_CALL", () -> "1");
    registry.add("RENDEROWL_PRICE_IMAGE", () -> "1");
    registry.add("RENDEROWL_PRICE_SPEECH_SECOND", () -> "0.1");
    registry.add("RENDEROWL_PRICE_RENDER_FULL", () -> "2");
    registry.add("RENDEROWL_PRICE_PUBLISH", () -> "1");
  }

  @Bean
  StageActivities creditSagaStages(
      PipelineRunRepository runs, CreditRepository credits, PriceList prices) {
    InstantActivities instant = new ScriptedPublish();
    return new StageActivities(
        instant,
        instant,
        instant,
        instant,
        instant,
        instant,
        instant,
        (codec, identity) -> instant,
        instant,
        new CrashingLedger(new RunLedgerActivitiesImpl(runs, credits, prices)),
        false);
  }

  /** Instant stages whose publish (or a standalone render) fails or hangs on request. */
  static final class ScriptedPublish extends InstantActivities {
    @Override
    public PreparedRender prepareRender(RenderRequest request) {
      if (FAILING_RENDER_USERS.contains(request.userId())) {
        throw new IllegalArgumentException("the timeline cannot be rendered");
      }
      if (HELD_RENDER_USERS.contains(request.userId())) {
        try {
          RENDER_RELEASE.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return super.prepareRender(request);
    }

    @Override
    public List<Publication> publish(
        String runId, PipelineRequest request, String title, RenderResult render) {
      if (request.topic().contains(FAIL)) {
        throw new IllegalArgumentException("the platform refused the video");
      }
      if (request.topic().contains(HOLD)) {
        try {
          RELEASE.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return super.publish(runId, request, title, render);
    }
  }

  /** A ledger that crashes once after each commit for the runs in {@link #CRASHING_RUNS}. */
  static final class CrashingLedger implements RunLedgerActivities {
    private final RunLedgerActivities real;

    CrashingLedger(RunLedgerActivities real) {
      this.real = real;
    }

    @Override
    public void stageStarted(String runId, Stage stage, String message) {
      real.stageStarted(runId, stage, message);
    }

    @Override
    public void runFailed(String runId, Stage stage, String reason) {
      real.runFailed(runId, stage, reason);
      crashOnce(runId, "failed");
    }

    @Override
    public void chargeStep(String runId, StepCost cost) {
      real.chargeStep(runId, cost);
      crashOnce(runId, cost.step());
    }

    @Override
    public void runCompleted(String runId, PipelineResult result) {
      real.runCompleted(runId, result);
      crashOnce(runId, "completed");
    }

    @Override
    public void renderDelivered(String runId, StepCost cost) {
      real.renderDelivered(runId, cost);
      crashOnce(runId, "delivered");
    }

    @Override
    public void renderUndelivered(String runId, String reason) {
      real.renderUndelivered(runId, reason);
      crashOnce(runId, "undelivered");
    }

    private static void crashOnce(String runId, String step) {
      if (CRASHING_RUNS.contains(runId) && CRASHED.add(runId + ":" + step)) {
        throw new IllegalStateException("worker crashed after committing " + step + " of " + runId);
      }
    }
  }
}

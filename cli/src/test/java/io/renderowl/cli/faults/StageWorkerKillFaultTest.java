package io.renderowl.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.renderowl.activities.EngineTestApplication;
import io.renderowl.activities.worker.PipelineWorkers;
import io.renderowl.cli.bench.MediaProbe;
import io.renderowl.infra.persistence.CreditRepository;
import io.renderowl.infra.persistence.PipelineRunRepository;
import io.renderowl.infra.persistence.PipelineRunRow;
import io.renderowl.infra.persistence.PublicationRepository;
import io.renderowl.infra.persistence.UserRepository;
import io.renderowl.infra.pipeline.PipelineRuns;
import io.renderowl.infra.pipeline.RunStatus;
import io.renderowl.infra.stack.StackEndpoints;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.infra.users.LocalUser;
import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.RunState;
import io.renderowl.workflows.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Fault: the worker process is SIGKILLed while the run is at a given pipeline stage, and a new
 * worker process is started on the same state. This JVM hosts the embedded stack and only starts
 * and watches the run (its own workers are stopped); the workflow and every activity run in {@code
 * owl worker} processes, so the kill takes the workflow's worker with it and the new worker replays
 * it from the history. The run must complete exactly once: one render, one MP4, one publication
 * (one file in the shared publish folder, no partial file left), each credit step charged once, the
 * ledger sum equal to the balance.
 *
 * <p>Stages: {@code -Drenderowl.faults.stages=SCRIPT,RENDER} runs only those (default: all six).
 */
@Tag("faults")
// per stage: two worker JVMs (10 s each idle, 1-3 min under a load of 25) and, when the kill lands
// inside an activity without heartbeats, its start-to-close timeout (1 to 5 min) before the retry
@Timeout(value = 90, unit = TimeUnit.MINUTES)
// Each fault class has its own context (own properties) on the one test home: close it after the
// class, or the next class's embedded stack finds the home locked (OverlappingFileLockException).
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(classes = EngineTestApplication.class)
class StageWorkerKillFaultTest {

  static {
    System.setProperty("LOG_FILE", EngineTestApplication.HOME.resolve("logs/test.log").toString());
  }

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    EngineTestApplication.properties(registry);
    // No fair-concurrency gate here: the gate workflow this JVM starts is bound (sticky) to this
    // JVM's workers, which the test stops, and the in-process test server kept its signals there,
    // so runs waited for a permit forever (the run stayed queued). The caps are not under test.
    registry.add("RENDEROWL_MAX_RUNS", () -> "0");
    registry.add("RENDEROWL_MAX_RUNS_PER_USER", () -> "0");
  }

  @Autowired StackEndpoints stack;
  @Autowired PipelineRuns runs;
  @Autowired PipelineRunRepository runRows;
  @Autowired PublicationRepository publications;
  @Autowired CreditRepository credits;
  @Autowired UserRepository users;
  @Autowired LocalUser localUser;
  @Autowired ObjectStore store;
  @Autowired PipelineWorkers workers;
  @Autowired DataSource dataSource;

  @BeforeEach
  void onlyWorkerProcessesWork() {
    workers.stop();
  }

  @AfterEach
  void workHereAgain() {
    workers.start();
  }

  // a stage killed inside an activity is retried after its start-to-close timeout (1 to 5 min)
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  @ParameterizedTest(name = "SIGKILL at {0}")
  @EnumSource(
      value = Stage.class,
      names = {"SCRIPT", "SCENES", "VOICE", "TIMELINE", "RENDER", "PUBLISH"})
  void aWorkerKilledAtAStageIsReplacedAndTheRunCompletesExactlyOnce(Stage target, @TempDir Path tmp)
      throws Exception {
    Assumptions.assumeTrue(selected(target), () -> target + " not in renderowl.faults.stages");
    // Measured: killed at SCENES, the run never moved again on the SDK's in-process test server
    // (the new worker polled for 6 min, nothing ran). A kill inside an activity leaves the
    // workflow's next task on the dead worker's sticky queue, which that server never hands to
    // the normal queue (a real server does after 5 s). SCRIPT holds there: its kill lands in a
    // workflow task (local activity), which times out to the normal queue.
    Assumptions.assumeTrue(
        target == Stage.SCRIPT || !"in-process test server".equals(stack.temporalServer()),
        () -> target + " needs the Temporal dev server (see the README's Reliability section)");
    Path publishDir = tmp.resolve("published");
    Map<String, String> env = Map.of("RENDEROWL_PUBLISH_DIR", publishDir.toString());
    String user = localUser.id().toString();
    String runId;
    String stageAtKill;
    double killedAt;
    try (WorkerProcess first = WorkerProcess.startPolling(stack, tmp.resolve("worker-1"), env)) {
      runId =
          runs.start(
                  new PipelineRequest(
                      user,
                      "Owls at night",
                      Aspect.SQUARE,
                      PipelineRequest.MIN_DURATION,
                      "en",
                      List.of("local-folder"),
                      UUID.randomUUID().toString(),
                      null,
                      null,
                      PipelineRequest.QUALITY_PREVIEW))
              .runId();
      String id = runId;
      // SIGKILL as soon as the run's recorded stage is the target (or, when a stage passed between
      // two polls, the first one after it: the report names the stage the kill really hit).
      try {
        stageAtKill =
            await()
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> stageOf(id), s -> s != null && s.ordinal() >= target.ordinal())
                .name();
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError(
            "the run never reached " + target + "; the worker's log:\n" + first.log(), e);
      }
      first.kill();
      killedAt = System.nanoTime() / 1e9;
      stageAtKill =
          stageAtKill + (stageAtKill.equals(target.name()) ? "" : " (after " + target + ")");
    }
    PipelineRunRow beforeResume = runRows.find(runId).orElseThrow();
    assertThat(beforeResume.status())
        .as("finished before the kill")
        .isNotEqualTo(RunState.COMPLETED);

    try (WorkerProcess second = WorkerProcess.startPolling(stack, tmp.resolve("worker-2"), env)) {
      double resumedAt = System.nanoTime() / 1e9 - killedAt;
      RunStatus done = runs.await(runId, Duration.ofMillis(200), s -> {});
      double recovered = System.nanoTime() / 1e9 - killedAt;
      assertThat(done.state())
          .as(done.message() + "\n" + second.log())
          .isEqualTo(RunState.COMPLETED);

      JdbcClient jdbc = JdbcClient.create(dataSource);
      PipelineRunRow row = runRows.find(runId).orElseThrow();
      assertThat(count(jdbc, "SELECT count(*) FROM pipeline_runs WHERE run_id = ?", runId))
          .isEqualTo(1);
      assertThat(count(jdbc, "SELECT count(*) FROM renders WHERE run_id = ?", runId))
          .as("renders of the run")
          .isEqualTo(1);
      assertThat(publications.findByRun(runId))
          .as("publications of the run")
          .singleElement()
          .satisfies(p -> assertThat(Path.of(p.location())).exists());
      List<Path> published;
      try (Stream<Path> files = Files.walk(publishDir)) {
        published =
            files.filter(Files::isRegularFile).filter(f -> !f.endsWith("metadata.json")).toList();
      }
      assertThat(published)
          .as("files in the publish folder (no partial upload left)")
          .singleElement()
          .satisfies(f -> assertThat(f.getFileName().toString()).isEqualTo("video.mp4"));
      List<Map<String, Object>> steps =
          jdbc.sql(
                  """
                  SELECT metadata->>'step' AS step, count(*) AS n FROM credit_transactions
                  WHERE run_id = ? AND type = 'deduction' GROUP BY 1 ORDER BY 1
                  """)
              .param(runId)
              .query()
              .listOfRows();
      assertThat(steps).as("credit steps charged").isNotEmpty();
      assertThat(steps)
          .as("each credit step charged once")
          .allSatisfy(s -> assertThat(((Number) s.get("n")).longValue()).isEqualTo(1));
      assertThat(credits.ledgerSum(localUser.id()))
          .as("ledger sum = balance")
          .isEqualTo(users.creditsBalance(localUser.id()));
      MediaProbe probe = MediaProbe.of(store.download(row.outputKey(), tmp.resolve("out.mp4")));
      assertThat(probe.videoFrames()).isPositive();

      FaultReport.line(
          "SIGKILL worker at " + target + " (killed at " + stageAtKill + "), new worker",
          "run completed, 1 render, 1 MP4 ("
              + probe.videoFrames()
              + " frames), 1 publication, "
              + steps.size()
              + " credit steps charged once, ledger = balance",
          true,
          recovered,
          "new worker polling " + String.format("%.1f s", resumedAt) + " after the kill");
    }
  }

  private Stage stageOf(String runId) {
    return runRows
        .find(runId)
        .map(PipelineRunRow::stage)
        .filter(s -> s != null && !s.isBlank())
        .map(s -> Stage.valueOf(s.toUpperCase(Locale.ROOT)))
        .orElse(null);
  }

  private static long count(JdbcClient jdbc, String sql, String runId) {
    return jdbc.sql(sql).param(runId).query(Long.class).single();
  }

  private static boolean selected(Stage stage) {
    String only = System.getProperty("renderowl.faults.stages", "").strip();
    return only.isEmpty()
        || Arrays.stream(only.split(","))
            .map(s -> s.strip().toUpperCase(Locale.ROOT))
            .anyMatch(stage.name()::equals);
  }
}

package io.renderowl.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.renderowl.activities.EngineTestApplication;
import io.renderowl.activities.worker.PipelineWorkers;
import io.renderowl.infra.stack.StackEndpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Fault: the process running a bulk batch ({@code owl batch submit FILE}, a real process reading
 * the rows with Spring Batch and hosting the workers) is SIGKILLed at a random point (once a random
 * number of rows is recorded), continued with {@code owl batch resume ID} in a new process, killed
 * again at a random point (while rows are left to read, else once a random number of its runs
 * completed) and resumed again; the last process runs until the batch ends. Every row must be
 * recorded exactly once, every valid row must have started exactly one pipeline run (counted in
 * {@code pipeline_runs} by the row's request key) and completed, no run is left running.
 */
@Tag("faults")
// three owl JVMs (10-20 s each idle, 1-3 min under a load of 25) and 24 preview runs
@Timeout(value = 20, unit = TimeUnit.MINUTES)
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(classes = EngineTestApplication.class)
class BatchKillFaultTest {
  private static final int ROWS = 12;
  private static final int CHUNK = 2;
  private static final Pattern SUBMITTED = Pattern.compile("submitted batch ([0-9a-f-]{36})");

  static {
    System.setProperty("LOG_FILE", EngineTestApplication.HOME.resolve("logs/test.log").toString());
  }

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    EngineTestApplication.properties(registry);
    registry.add("RENDEROWL_MAX_RUNS", () -> "0");
    registry.add("RENDEROWL_MAX_RUNS_PER_USER", () -> "0");
    if (Files.isExecutable(StageWorkerKillFaultTest.TEMPORAL_CLI)) {
      registry.add("RENDEROWL_TEMPORAL_SERVER", () -> "dev");
      registry.add("RENDEROWL_TEMPORAL_CLI", StageWorkerKillFaultTest.TEMPORAL_CLI::toString);
    }
  }

  @Autowired StackEndpoints stack;
  @Autowired PipelineWorkers workers;
  @Autowired DataSource dataSource;
  @Autowired io.renderowl.infra.temporal.TemporalConnection temporal;

  @BeforeEach
  void onlyOwlProcessesWork() {
    workers.stop();
  }

  @AfterEach
  void workHereAgain() {
    workers.start();
  }

  @Test
  void aBatchKilledTwiceWhileReadingIsResumedAndRunsEveryRowExactlyOnce(@TempDir Path tmp)
      throws Exception {
    // A killed process's runs are left on its sticky queue by the in-process test server.
    Assumptions.assumeTrue(
        !"in-process test server".equals(stack.temporalServer()),
        () ->
            "needs the Temporal dev server (no temporal binary at "
                + StageWorkerKillFaultTest.TEMPORAL_CLI
                + ")");
    Path csv = tmp.resolve("rows.csv");
    List<String> lines = new ArrayList<>();
    lines.add("topic,duration,quality,platforms");
    int valid = 0;
    for (int i = 1; i <= ROWS; i++) {
      if (i % 6 == 4) {
        lines.add("Bad row " + i + ",long,preview,local-folder"); // skipped: not a duration
      } else {
        lines.add("Owls " + i + ",10,preview,local-folder");
        valid++;
      }
    }
    Files.write(csv, lines);
    WorkerProcess.Options env =
        WorkerProcess.options()
            .publishDir(tmp.resolve("published"))
            .env("RENDEROWL_BATCH_CHUNK_SIZE", Integer.toString(CHUNK))
            // two runs at a time: the rows are read long before their runs end
            .env("RENDEROWL_MAX_RUNS", "2")
            .env("RENDEROWL_MAX_RUNS_PER_USER", "0");
    JdbcClient jdbc = JdbcClient.create(dataSource);
    Random random = new Random();
    List<String> kills = new ArrayList<>();
    double firstKill = Double.NaN;

    // 1. submit, killed once some rows are recorded (reading a chunk, or already running rows)
    String batchId;
    int firstAt = CHUNK + random.nextInt(ROWS / 2);
    try (WorkerProcess submit =
        WorkerProcess.owl(
            stack, tmp.resolve("submit"), env, List.of("batch", "submit", csv.toString()))) {
      batchId =
          await()
              .atMost(Duration.ofMinutes(4))
              .pollInterval(Duration.ofMillis(100))
              .until(() -> batchIdIn(submit.log()), id -> id != null || !submit.alive());
      assertThat(batchId).as("the submit process's output:\n" + submit.log()).isNotNull();
      String id = batchId;
      await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> items(jdbc, id) >= firstAt || !submit.alive());
      assertThat(submit.alive()).as("the submit process ran on:\n" + submit.log()).isTrue();
      Thread.sleep(random.nextInt(200)); // somewhere in the next chunk
      submit.kill();
      firstKill = System.nanoTime() / 1e9;
      kills.add(where(jdbc, id));
    }

    // 2. resumed, killed again: while reading if rows are left, else once some runs completed
    long before = items(jdbc, batchId);
    long doneBefore = completed(jdbc, batchId);
    long secondAt = Math.min(ROWS - 1, before + CHUNK + random.nextInt(ROWS / 2));
    long secondDone = doneBefore + 1 + random.nextInt(valid / 2);
    try (WorkerProcess resume = resume(tmp.resolve("resume-1"), env, batchId)) {
      String id = batchId;
      await()
          .atMost(Duration.ofMinutes(6))
          .pollInterval(Duration.ofMillis(10))
          .until(() ->
              (before < ROWS ? items(jdbc, id) >= secondAt : completed(jdbc, id) >= secondDone)
                  || !resume.alive());
      assertThat(resume.alive()).as("the resumed process ran on:\n" + resume.log()).isTrue();
      Thread.sleep(random.nextInt(200));
      resume.kill();
      kills.add(where(jdbc, id));
    }

    // 3. resumed again: runs until the batch ends
    int exit;
    String lastLog;
    String gateAtEnd = "";
    try (WorkerProcess resume = resume(tmp.resolve("resume-2"), env, batchId)) {
      exit = resume.waitFor(Duration.ofMinutes(10));
      lastLog = resume.log();
      if (exit != 0) {
        // answered by the process's workers while it still runs
        gateAtEnd =
            gate()
                + "; the unfinished runs' last events: "
                + lastEvents(jdbc, batchId)
                + "\n; the process's Temporal threads: "
                + temporalThreads(resume.pid());
      }
    }
    double recovered = System.nanoTime() / 1e9 - firstKill;
    assertThat(exit)
        .as(
            "the last resume's exit code; the permit gate: "
                + gateAtEnd
                + "; its output:\n"
                + lastLog)
        .isZero();

    UUID id = UUID.fromString(batchId);
    assertThat(items(jdbc, batchId)).as("rows recorded").isEqualTo(ROWS);
    List<String> runIds =
        jdbc.sql("SELECT run_id FROM batch_items WHERE batch_id = ? AND run_id IS NOT NULL")
            .param(id)
            .query(String.class)
            .list();
    assertThat(runIds).as("rows with a run").hasSize(valid).doesNotHaveDuplicates();
    String prefix = "batch:" + batchId + ":%";
    assertThat(
            jdbc.sql("SELECT count(*) FROM pipeline_runs WHERE request->>'requestKey' LIKE ?")
                .param(prefix)
                .query(Long.class)
                .single())
        .as("pipeline runs started for the batch")
        .isEqualTo(valid);
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM pipeline_runs WHERE request->>'requestKey' LIKE ?"
                        + " AND status = 'completed'")
                .param(prefix)
                .query(Long.class)
                .single())
        .as("runs completed")
        .isEqualTo(valid);
    long redone =
        jdbc.sql(
                """
                SELECT count(*) FROM batch_job_execution e
                JOIN batch_job_execution_params p ON p.job_execution_id = e.job_execution_id
                WHERE p.parameter_name = 'batchId' AND p.parameter_value = ?
                """)
            .param(batchId)
            .query(Long.class)
            .single();
    FaultReport.line(
        "SIGKILL of `owl batch submit` ("
            + String.join(", then ", kills)
            + "), `owl batch resume` after each",
        ROWS
            + " rows recorded once, "
            + valid
            + " runs started once and completed, "
            + (ROWS - valid)
            + " skipped",
        true,
        recovered,
        redone
            + " Spring Batch job execution(s) for 3 processes (a process that found every row"
            + " read only followed the runs); 0 runs started twice");
  }

  /** The permit gate's caps, holders and waiting runs (with their ledger status), for failures. */
  private String gate() {
    try {
      io.renderowl.workflows.RunPermitsState state =
          temporal
              .client()
              .newWorkflowStub(
                  io.renderowl.workflows.RunPermitsWorkflow.class,
                  io.renderowl.workflows.RunPermitsWorkflow.ID)
              .state();
      JdbcClient jdbc = JdbcClient.create(dataSource);
      StringBuilder out =
          new StringBuilder("caps " + state.maxRuns() + "/" + state.maxRunsPerUser() + ", holding");
      state
          .holding()
          .keySet()
          .forEach(run -> out.append(' ').append(run).append(ledger(jdbc, run)));
      out.append(", waiting ").append(state.waitingCount());
      return out.toString();
    } catch (RuntimeException e) {
      return "(no answer: " + e + (e.getCause() == null ? "" : ", " + e.getCause()) + ")";
    }
  }

  /** Each unfinished run of the batch with the last events of its workflow's history. */
  private String lastEvents(JdbcClient jdbc, String batchId) {
    StringBuilder out = new StringBuilder();
    for (String run :
        jdbc.sql(
                "SELECT run_id FROM pipeline_runs WHERE request->>'requestKey' LIKE ?"
                    + " AND status NOT IN ('completed', 'failed')")
            .param("batch:" + batchId + ":%")
            .query(String.class)
            .list()) {
      out.append("\n  ").append(run).append(':');
      try {
        List<io.temporal.api.history.v1.HistoryEvent> events =
            temporal.client().fetchHistory(run).getEvents();
        events
            .subList(Math.max(0, events.size() - 4), events.size())
            .forEach(e -> out.append(' ').append(e.getEventType().name().substring(11)));
      } catch (RuntimeException e) {
        out.append(" (no history: ").append(e.getMessage()).append(')');
      }
    }
    return out.toString();
  }

  /** The names of the process's Temporal poller and executor threads (from jcmd), counted. */
  private static String temporalThreads(long pid) {
    try {
      Process jcmd =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                  Long.toString(pid),
                  "Thread.print")
              .redirectErrorStream(true)
              .start();
      String dump = new String(jcmd.getInputStream().readAllBytes());
      jcmd.waitFor(30, TimeUnit.SECONDS);
      java.util.Map<String, Long> counts = new java.util.TreeMap<>();
      Matcher m = Pattern.compile("(?m)^\"(.*?)\" #\\d+").matcher(dump);
      while (m.find()) {
        String name = m.group(1).replaceAll("[: ]+\\d+$", "");
        if (name.contains("Poller") || name.contains("Executor") || name.contains("workflow")) {
          counts.merge(name, 1L, Long::sum);
        }
      }
      return counts.toString();
    } catch (Exception e) {
      return "(no thread dump: " + e.getMessage() + ")";
    }
  }

  private static String ledger(JdbcClient jdbc, String runId) {
    return jdbc.sql("SELECT status || '/' || stage FROM pipeline_runs WHERE run_id = ?")
        .param(runId)
        .query(String.class)
        .optional()
        .map(s -> " (" + s + ")")
        .orElse(" (not in the ledger)");
  }

  private WorkerProcess resume(Path home, WorkerProcess.Options env, String batchId) {
    return WorkerProcess.owl(stack, home, env, List.of("batch", "resume", batchId));
  }

  private static String where(JdbcClient jdbc, String batchId) {
    return items(jdbc, batchId) + " rows recorded, " + completed(jdbc, batchId) + " runs completed";
  }

  private static long completed(JdbcClient jdbc, String batchId) {
    return jdbc.sql(
            "SELECT count(*) FROM pipeline_runs WHERE request->>'requestKey' LIKE ?"
                + " AND status = 'completed'")
        .param("batch:" + batchId + ":%")
        .query(Long.class)
        .single();
  }

  private static long items(JdbcClient jdbc, String batchId) {
    return jdbc.sql("SELECT count(*) FROM batch_items WHERE batch_id = ?")
        .param(UUID.fromString(batchId))
        .query(Long.class)
        .single();
  }

  private static String batchIdIn(String log) {
    Matcher m = SUBMITTED.matcher(log);
    return m.find() ? m.group(1) : null;
  }
}

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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
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
 * Fault: two scheduler processes ({@code owl worker}, each a member of the clustered Quartz
 * scheduler on the same PostgreSQL) hold the same channels, each firing every minute. Every channel
 * slot (scheduled instant) must fire exactly once, and start exactly one run per video it asks for:
 * counted in {@code channel_fires} and in {@code pipeline_runs} by the channel's request keys.
 */
@Tag("faults")
// two channel-add JVMs, two worker JVMs (1-3 min under a load of 25), two minute slots
@Timeout(value = 15, unit = TimeUnit.MINUTES)
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(classes = EngineTestApplication.class)
class TwoSchedulersFaultTest {
  private static final int SLOTS = 2;
  private static final Pattern ADDED = Pattern.compile("added channel ([0-9a-f-]{36})");

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
  @Autowired io.renderowl.infra.pipeline.PipelineRuns runs;
  @Autowired DataSource dataSource;

  @BeforeEach
  void onlyOwlProcessesWork() {
    workers.stop();
  }

  /** The channels this test added (they would stay in the shared test database). */
  private final List<String> channels = new ArrayList<>();

  @AfterEach
  void workHereAgain() {
    // cancel the channels' runs (else the next scenario's workers would run them) and make the
    // channels fire nothing from now on (their fires and topics go with them)
    for (String c : channels) {
      for (String run :
          JdbcClient.create(dataSource)
              .sql(
                  "SELECT run_id FROM pipeline_runs WHERE request->>'requestKey' LIKE ?"
                      + " AND status NOT IN ('completed', 'failed', 'cancelled')")
              .param("channel:" + c + ":%")
              .query(String.class)
              .list()) {
        try {
          runs.cancel(run);
        } catch (RuntimeException e) {
          System.out.println("could not cancel " + run + ": " + e.getMessage());
        }
      }
      JdbcClient.create(dataSource)
          .sql("DELETE FROM scheduled_jobs WHERE id = ?")
          .param(UUID.fromString(c))
          .update();
    }
    workers.start();
  }

  @Test
  void twoSchedulerProcessesFireEachChannelSlotExactlyOnce(@TempDir Path tmp) throws Exception {
    WorkerProcess.Options env =
        WorkerProcess.options()
            .publishDir(tmp.resolve("published"))
            .env("RENDEROWL_SCHEDULER", "true");
    List<WorkerProcess> adding = new ArrayList<>();
    for (String name : List.of("owls", "bats")) {
      adding.add(
          WorkerProcess.owl(
              stack,
              tmp.resolve("add-" + name),
              env,
              List.of(
                  "channel",
                  "add",
                  name,
                  "--cron",
                  "* * * * *",
                  "--topics",
                  name + " 1," + name + " 2," + name + " 3," + name + " 4",
                  "--preview",
                  "--duration",
                  "10")));
    }
    for (WorkerProcess add : adding) {
      try (add) {
        assertThat(add.waitFor(Duration.ofMinutes(4))).as(add.log()).isZero();
        Matcher m = ADDED.matcher(add.log());
        assertThat(m.find()).as(add.log()).isTrue();
        channels.add(m.group(1));
      }
    }
    JdbcClient jdbc = JdbcClient.create(dataSource);
    String one;
    String two;
    Map<String, Object> fires;
    try (WorkerProcess a = WorkerProcess.startPolling(stack, tmp.resolve("scheduler-a"), env);
        WorkerProcess b = WorkerProcess.startPolling(stack, tmp.resolve("scheduler-b"), env)) {
      // slots from the moment both schedulers are up
      java.sql.Timestamp bothUp = java.sql.Timestamp.from(java.time.Instant.now());
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofSeconds(1))
          .until(() ->
              channels.stream().allMatch(c -> slotsSince(jdbc, c, bothUp) >= SLOTS)
                  && unfinishedFires(jdbc, channels) == 0);
      one = a.log();
      two = b.log();
      fires =
          jdbc.sql(
                  """
                  SELECT count(*) AS fires, count(DISTINCT (channel_id, scheduled_at)) AS slots,
                         count(DISTINCT instance_id) AS instances,
                         coalesce(sum(topics_started), 0) AS started
                  FROM channel_fires WHERE channel_id IN (?, ?)
                  """)
              .params(UUID.fromString(channels.get(0)), UUID.fromString(channels.get(1)))
              .query()
              .singleRow();
    }
    String fireRows =
        jdbc.sql(
                "SELECT channel_id, fire_key, instance_id, topics_started, message FROM channel_fires"
                    + " WHERE channel_id IN (?, ?) ORDER BY fired_at")
            .params(UUID.fromString(channels.get(0)), UUID.fromString(channels.get(1)))
            .query()
            .listOfRows()
            .toString();
    String fireLines =
        (one + two)
            .lines()
            .filter(l -> l.contains("ChannelFirer"))
            .collect(java.util.stream.Collectors.joining("\n"));
    String why = "the fires: " + fireRows + "\nthe schedulers' fire lines:\n" + fireLines;
    long fireCount = ((Number) fires.get("fires")).longValue();
    long slots = ((Number) fires.get("slots")).longValue();
    long started = ((Number) fires.get("started")).longValue();
    assertThat(fireCount)
        .as("fires = slots (one per channel and instant); " + why)
        .isEqualTo(slots);
    assertThat(slots).isGreaterThanOrEqualTo(2L * SLOTS);
    for (String c : channels) {
      List<String> keys =
          jdbc.sql(
                  "SELECT request->>'requestKey' FROM pipeline_runs"
                      + " WHERE request->>'requestKey' LIKE ?")
              .param("channel:" + c + ":%")
              .query(String.class)
              .list();
      long channelSlots =
          jdbc.sql("SELECT count(*) FROM channel_fires WHERE channel_id = ?")
              .param(UUID.fromString(c))
              .query(Long.class)
              .single();
      assertThat(keys)
          .as("runs of channel " + c + ": one per slot (1 video per fire); " + why)
          .doesNotHaveDuplicates()
          .hasSize((int) channelSlots);
    }
    assertThat(started).as("runs recorded by the fires; " + why).isEqualTo(slots);
    int guarded = count(one, "already fired by another") + count(two, "already fired by another");
    FaultReport.line(
        "two scheduler processes (`owl worker`, clustered Quartz on one PostgreSQL), 2 channels"
            + " firing every minute",
        slots
            + " channel slots fired "
            + fireCount
            + " times, "
            + started
            + " runs started, no duplicate request key; fired by "
            + fires.get("instances")
            + " instance(s)",
        true,
        Double.NaN,
        guarded + " second fires refused by the slot claim");
  }

  private static long slotsSince(JdbcClient jdbc, String channel, java.sql.Timestamp since) {
    return jdbc.sql(
            "SELECT count(*) FROM channel_fires WHERE channel_id = ? AND scheduled_at >= ?"
                + " AND message IS NOT NULL")
        .params(UUID.fromString(channel), since)
        .query(Long.class)
        .single();
  }

  /** Fires claimed whose runs are still being started (their message is written at the end). */
  private static long unfinishedFires(JdbcClient jdbc, List<String> channels) {
    return jdbc.sql(
            "SELECT count(*) FROM channel_fires WHERE channel_id IN (?, ?) AND message IS NULL")
        .params(UUID.fromString(channels.get(0)), UUID.fromString(channels.get(1)))
        .query(Long.class)
        .single();
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}

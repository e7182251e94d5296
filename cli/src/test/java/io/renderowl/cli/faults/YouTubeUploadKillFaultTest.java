package io.renderowl.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.renderowl.activities.EngineTestApplication;
import io.renderowl.activities.publish.YouTubeSessions;
import io.renderowl.activities.worker.PipelineWorkers;
import io.renderowl.infra.persistence.CreditRepository;
import io.renderowl.infra.persistence.PipelineRunRepository;
import io.renderowl.infra.persistence.PublicationRepository;
import io.renderowl.infra.persistence.PublicationRow;
import io.renderowl.infra.persistence.UserRepository;
import io.renderowl.infra.pipeline.PipelineRuns;
import io.renderowl.infra.pipeline.RunStatus;
import io.renderowl.infra.stack.StackEndpoints;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.infra.users.LocalUser;
import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
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
 * Fault: the worker process is SIGKILLed in the middle of a real resumable YouTube upload, and a
 * new worker process is started on the same state. YouTube is a WireMock stand-in on loopback that
 * keeps every session and byte ({@link YouTubeSessions}); the run posts to one connected YouTube
 * account, the upload goes in 1 MiB chunks whose answers the stand-in holds 2 s, and the kill lands
 * while it holds the second chunk's answer. The new worker must take the upload over from its
 * heartbeat checkpoint: ask the session where it stands ({@code bytes *}{@code /total}) and go on
 * from there, in the same session, sending at most one chunk again; the run completes exactly once
 * with one YouTube publication, published, whose uploaded bytes are the render's MP4.
 */
@Tag("faults")
// two worker JVMs (10 s each idle, 1-3 min under load), a 25 s preview run, the upload's 30 s
// heartbeat timeout before the new worker takes it over
@Timeout(value = 20, unit = TimeUnit.MINUTES)
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(classes = EngineTestApplication.class)
class YouTubeUploadKillFaultTest {
  static final int MIB = 1 << 20;
  static final Duration HOLD = Duration.ofSeconds(2);
  static final YouTubeSessions YOUTUBE = new YouTubeSessions().holdChunkAnswers(HOLD);
  static final WireMockServer STAND_IN =
      new WireMockServer(
          WireMockConfiguration.options()
              .dynamicPort()
              .bindAddress("127.0.0.1")
              .extensions(YOUTUBE));

  static {
    System.setProperty("LOG_FILE", EngineTestApplication.HOME.resolve("logs/test.log").toString());
    STAND_IN.start();
  }

  @AfterAll
  static void stopStandIn() {
    STAND_IN.stop();
  }

  /** Built by infra/scripts/build-temporal-cli.sh (CI's setup runs it). */
  static final Path TEMPORAL_CLI = StageWorkerKillFaultTest.TEMPORAL_CLI;

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    EngineTestApplication.properties(registry);
    // the gate workflow would be bound to this JVM's stopped workers (see StageWorkerKillFaultTest)
    registry.add("RENDEROWL_MAX_RUNS", () -> "0");
    registry.add("RENDEROWL_MAX_RUNS_PER_USER", () -> "0");
    registry.add("RENDEROWL_TOKEN_KEY", () -> TOKEN_KEY);
    if (Files.isExecutable(TEMPORAL_CLI)) {
      registry.add("RENDEROWL_TEMPORAL_SERVER", () -> "dev");
      registry.add("RENDEROWL_TEMPORAL_CLI", TEMPORAL_CLI::toString);
    }
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
    STAND_IN.resetAll();
    YOUTUBE.clear();
    YOUTUBE.stubOn(STAND_IN);
  }

  @AfterEach
  void workHereAgain() {
    workers.start();
  }

  /** A connected YouTube account of the local user (a plain token: the service reads it as is). */
  private UUID youtubeAccount() {
    return JdbcClient.create(dataSource)
        .sql(
            "INSERT INTO social_accounts (user_id, platform, platform_user_id, username,"
                + " channel_name, access_token) VALUES (?, 'youtube', ?, 'owl', 'Owls',"
                + " 'token-youtube') RETURNING id")
        .params(localUser.id(), "UC-" + UUID.randomUUID())
        .query(UUID.class)
        .single();
  }

  /**
   * A worker seals the plain token with its key when it starts: both workers need the same one, or
   * the second cannot open what the first sealed.
   */
  static final String TOKEN_KEY = java.util.Base64.getEncoder().encodeToString(new byte[32]);

  private static WorkerProcess.Options env() {
    return WorkerProcess.options()
        .env("RENDEROWL_TOKEN_KEY", TOKEN_KEY)
        .env("YOUTUBE_API_URL", STAND_IN.baseUrl())
        .env("RENDEROWL_PUBLISH_CHUNK_MB", "1")
        .env("RENDEROWL_PUBLISH_POLL_SECONDS", "1");
  }

  @Test
  void aWorkerKilledMidUploadIsReplacedAndTheUploadResumesInItsSession(@TempDir Path tmp)
      throws Exception {
    // a kill inside an activity leaves the workflow's next task on the dead worker's sticky
    // queue, which only a real server hands on (see StageWorkerKillFaultTest)
    Assumptions.assumeTrue(
        Files.isExecutable(TEMPORAL_CLI),
        () -> "needs the Temporal dev server (no temporal binary at " + TEMPORAL_CLI + ")");
    Instant since = Instant.now().minusSeconds(1);
    UUID account = youtubeAccount();
    String runId;
    int chunksAtKill;
    long heldAtKill;
    double killedAt;
    try (WorkerProcess first = WorkerProcess.startPolling(stack, tmp.resolve("worker-1"), env())) {
      runId =
          runs.start(
                  new PipelineRequest(
                          localUser.id().toString(),
                          "Owls at night",
                          Aspect.SQUARE,
                          25,
                          "en",
                          List.of(),
                          UUID.randomUUID().toString(),
                          null,
                          null,
                          PipelineRequest.QUALITY_PREVIEW)
                      .withAccounts(List.of(account.toString()), ""))
              .runId();
      try {
        // the second chunk has arrived: its answer is held for 2 s, the worker waits for it
        await()
            .atMost(Duration.ofMinutes(6))
            .pollInterval(Duration.ofMillis(10))
            .until(YOUTUBE::chunks, n -> n >= 2);
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError(
            "the upload never sent its second chunk; ranges "
                + YOUTUBE.ranges()
                + "\nthe worker's log:\n"
                + first.log(),
            e);
      }
      first.kill();
      killedAt = System.nanoTime() / 1e9;
      chunksAtKill = YOUTUBE.chunks();
      heldAtKill = YOUTUBE.sessions().get(0).received();
    }
    assertThat(chunksAtKill).as("chunks sent before the kill").isEqualTo(2);
    assertThat(runRows.find(runId).orElseThrow().status())
        .as("finished before the kill")
        .isNotEqualTo(RunState.COMPLETED);

    try (WorkerProcess second = WorkerProcess.startPolling(stack, tmp.resolve("worker-2"), env())) {
      double resumedAt = System.nanoTime() / 1e9 - killedAt;
      RunStatus done = runs.await(runId, Duration.ofMillis(200), s -> {});
      double recovered = System.nanoTime() / 1e9 - killedAt;
      assertThat(done.state())
          .as(done.message() + "\nranges " + YOUTUBE.ranges() + "\n" + second.log())
          .isEqualTo(RunState.COMPLETED);

      String checked =
          new RunInvariants(runRows, publications, credits, users, localUser, store, dataSource)
              .checkRun(runId, tmp, since);
      List<PublicationRow> rows = publications.findByRun(runId);
      assertThat(rows)
          .as("publications of the run")
          .singleElement()
          .satisfies(p -> {
            assertThat(p.platform()).isEqualTo("youtube");
            assertThat(p.status()).as(String.valueOf(p.reason())).isEqualTo("published");
            assertThat(p.externalId()).isEqualTo("vid-123");
          });

      assertThat(YOUTUBE.sessions()).as("upload sessions opened").hasSize(1);
      YouTubeSessions.Session session = YOUTUBE.sessions().get(0);
      byte[] mp4 =
          Files.readAllBytes(
              store.download(runRows.find(runId).orElseThrow().outputKey(), tmp.resolve("yt.mp4")));
      assertThat(session.bytes()).as("the session's bytes are the render's MP4").isEqualTo(mp4);
      List<String> ranges = session.ranges();
      String status = "bytes */" + mp4.length;
      int asked = ranges.indexOf(status);
      assertThat(asked)
          .as("the new worker asks the session where it stands: %s", ranges)
          .isEqualTo(chunksAtKill);
      assertThat(ranges.get(asked + 1))
          .as("and goes on from there: %s", ranges)
          .startsWith("bytes " + heldAtKill + "-");
      assertThat(ranges.stream().filter(r -> r.startsWith("bytes 0-")))
          .as("chunks sent from byte 0")
          .hasSize(1);
      assertThat(YOUTUBE.resentBytes()).as("bytes sent again").isLessThanOrEqualTo(MIB);

      long chunks = ranges.stream().filter(r -> !r.startsWith("bytes */")).count();
      FaultReport.line(
          "SIGKILL worker mid YouTube upload (answer of chunk 2 of "
              + chunks
              + " held; 1 MiB chunks), new worker",
          checked
              + ", 1 upload session, resumed after asking bytes */total, 1 youtube publication"
              + " published, uploaded bytes = the MP4",
          true,
          recovered,
          "new worker polling "
              + String.format(Locale.ROOT, "%.1f s", resumedAt)
              + " after the kill; bytes sent again: "
              + YOUTUBE.resentBytes()
              + " of "
              + mp4.length);
    }
  }
}

package io.renderowl.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.renderowl.activities.EngineTestApplication;
import io.renderowl.activities.publish.FacebookSessions;
import io.renderowl.activities.publish.UploadStandIn;
import io.renderowl.activities.publish.YouTubeSessions;
import io.renderowl.infra.persistence.PublicationRow;
import io.renderowl.infra.pipeline.RunStatus;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Fault: the worker process is SIGKILLed in the middle of a real resumable upload to a platform,
 * and a new worker process is started on the same state. The platform is a WireMock stand-in on
 * loopback that keeps every session and byte ({@link YouTubeSessions}, {@link FacebookSessions});
 * the run posts to one connected account, the upload goes in 1 MiB chunks whose answers the
 * stand-in holds 2 s, and the kill lands while it holds the second chunk's answer. The new worker
 * must take the upload over from its heartbeat checkpoint: ask the session where it stands (YouTube
 * {@code bytes *}{@code /total}, Facebook {@code GET upload:<session>} for {@code file_offset}) and
 * go on from there, in the same session, sending at most one chunk again; the run completes exactly
 * once with one publication, published, one video on the platform, whose uploaded bytes are the
 * render's MP4.
 */
@Tag("faults")
// per platform: two worker JVMs (10 s each idle, 1-3 min under load), a 25 s preview run, the
// upload's 30 s heartbeat timeout before the new worker takes it over
@Timeout(value = 40, unit = TimeUnit.MINUTES)
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(classes = EngineTestApplication.class)
class UploadKillFaultTest extends WorkerProcessScenario {
  static final int MIB = 1 << 20;
  static final Duration HOLD = Duration.ofSeconds(2);
  static final YouTubeSessions YOUTUBE = new YouTubeSessions().holdChunkAnswers(HOLD);
  static final FacebookSessions FACEBOOK = new FacebookSessions().holdChunkAnswers(HOLD);
  static final WireMockServer STAND_IN =
      new WireMockServer(
          WireMockConfiguration.options()
              .dynamicPort()
              .bindAddress("127.0.0.1")
              .extensions(YOUTUBE, FACEBOOK));

  static {
    System.setProperty("LOG_FILE", EngineTestApplication.HOME.resolve("logs/test.log").toString());
    STAND_IN.start();
  }

  /** A platform whose upload is interrupted: its stand-in and what its worker needs to reach it. */
  enum Platform {
    YOUTUBE(UploadKillFaultTest.YOUTUBE) {
      @Override
      WorkerProcess.Options pointedAtStandIn(WorkerProcess.Options options) {
        return options.env("YOUTUBE_API_URL", STAND_IN.baseUrl());
      }

      @Override
      String accountId() {
        return "UC-" + UUID.randomUUID();
      }
    },
    FACEBOOK(UploadKillFaultTest.FACEBOOK) {
      @Override
      WorkerProcess.Options pointedAtStandIn(WorkerProcess.Options options) {
        // the upload session belongs to the Meta app (FACEBOOK_CLIENT_ID)
        return options
            .env("FACEBOOK_API_URL", STAND_IN.baseUrl())
            .env("FACEBOOK_CLIENT_ID", "4242");
      }

      @Override
      String accountId() {
        // a Page id: digits, a new one per run (one account per user, platform and id)
        return Long.toString(
            1_000_000_000_000_000L + (UUID.randomUUID().getMostSignificantBits() >>> 14));
      }
    };

    final UploadStandIn standIn;

    Platform(UploadStandIn standIn) {
      this.standIn = standIn;
    }

    abstract WorkerProcess.Options pointedAtStandIn(WorkerProcess.Options options);

    /** The account's id on the platform (a YouTube channel, a Facebook Page). */
    abstract String accountId();
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

  @BeforeEach
  void freshStandIns() {
    STAND_IN.resetAll();
    YOUTUBE.clear();
    FACEBOOK.clear();
  }

  /** A connected account of the local user (a plain token: the service reads it as is). */
  private UUID account(Platform platform) {
    return JdbcClient.create(dataSource)
        .sql(
            "INSERT INTO social_accounts (user_id, platform, platform_user_id, username,"
                + " channel_name, access_token) VALUES (?, ?, ?, 'owl', 'Owls', ?) RETURNING id")
        .params(
            localUser.id(),
            platform.standIn.platform(),
            platform.accountId(),
            "token-" + platform.standIn.platform())
        .query(UUID.class)
        .single();
  }

  /**
   * A worker seals the plain token with its key when it starts: both workers need the same one, or
   * the second cannot open what the first sealed.
   */
  static final String TOKEN_KEY = java.util.Base64.getEncoder().encodeToString(new byte[32]);

  private static WorkerProcess.Options env(Platform platform) {
    return platform.pointedAtStandIn(
        WorkerProcess.options()
            .env("RENDEROWL_TOKEN_KEY", TOKEN_KEY)
            .env("RENDEROWL_PUBLISH_CHUNK_MB", "1")
            .env("RENDEROWL_PUBLISH_POLL_SECONDS", "1"));
  }

  @ParameterizedTest(name = "SIGKILL mid {0} upload")
  @EnumSource(Platform.class)
  void aWorkerKilledMidUploadIsReplacedAndTheUploadResumesInItsSession(
      Platform platform, @TempDir Path tmp) throws Exception {
    // a kill inside an activity leaves the workflow's next task on the dead worker's sticky
    // queue, which only a real server hands on (see StageWorkerKillFaultTest)
    Assumptions.assumeTrue(
        Files.isExecutable(TEMPORAL_CLI),
        () -> "needs the Temporal dev server (no temporal binary at " + TEMPORAL_CLI + ")");
    Assumptions.assumeTrue(selected(platform), () -> platform + " not in renderowl.faults.uploads");
    UploadStandIn standIn = platform.standIn;
    standIn.stubOn(STAND_IN);
    String name = standIn.platform();
    Instant since = Instant.now().minusSeconds(1);
    UUID account = account(platform);
    String runId;
    int chunksAtKill;
    long heldAtKill;
    double killedAt;
    try (WorkerProcess first =
        WorkerProcess.startPolling(stack, tmp.resolve("worker-1"), env(platform))) {
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
            .until(standIn::chunks, n -> n >= 2);
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError(
            "the upload never sent its second chunk; sessions "
                + offsets(standIn)
                + "\nthe worker's log:\n"
                + first.log(),
            e);
      }
      first.kill();
      killedAt = System.nanoTime() / 1e9;
      chunksAtKill = standIn.chunks();
      heldAtKill = standIn.sessions().get(0).received();
    }
    assertThat(chunksAtKill).as("chunks sent before the kill").isEqualTo(2);
    assertThat(runRows.find(runId).orElseThrow().status())
        .as("finished before the kill")
        .isNotEqualTo(RunState.COMPLETED);

    try (WorkerProcess second =
        WorkerProcess.startPolling(stack, tmp.resolve("worker-2"), env(platform))) {
      double resumedAt = System.nanoTime() / 1e9 - killedAt;
      RunStatus done = runs.await(runId, Duration.ofMillis(200), s -> {});
      double recovered = System.nanoTime() / 1e9 - killedAt;
      assertThat(done.state())
          .as(done.message() + "\nsessions " + offsets(standIn) + "\n" + second.log())
          .isEqualTo(RunState.COMPLETED);

      String checked = invariants().checkRun(runId, tmp, since);
      List<PublicationRow> rows = publications.findByRun(runId);
      assertThat(rows)
          .as("publications of the run")
          .singleElement()
          .satisfies(p -> {
            assertThat(p.platform()).isEqualTo(name);
            assertThat(p.status()).as(String.valueOf(p.reason())).isEqualTo("published");
            assertThat(p.externalId()).isEqualTo(standIn.videoId());
          });
      assertThat(standIn.videos()).as("videos made on " + name).isEqualTo(1);

      assertThat(standIn.sessions()).as("upload sessions opened").hasSize(1);
      UploadStandIn.Session session = standIn.sessions().get(0);
      byte[] mp4 =
          Files.readAllBytes(
              store.download(
                  runRows.find(runId).orElseThrow().outputKey(), tmp.resolve(name + ".mp4")));
      assertThat(session.bytes()).as("the session's bytes are the render's MP4").isEqualTo(mp4);
      List<Long> offsets = session.offsets();
      int asked = offsets.indexOf(UploadStandIn.STATUS_QUERY);
      assertThat(asked)
          .as("the new worker asks the session where it stands: %s", offsets)
          .isEqualTo(chunksAtKill);
      assertThat(offsets.get(asked + 1))
          .as("and goes on from there: %s", offsets)
          .isEqualTo(heldAtKill);
      assertThat(offsets.stream().filter(o -> o == 0)).as("chunks sent from byte 0").hasSize(1);
      assertThat(standIn.resentBytes()).as("bytes sent again").isLessThanOrEqualTo(MIB);

      long chunks = offsets.stream().filter(o -> o != UploadStandIn.STATUS_QUERY).count();
      FaultReport.line(
          "SIGKILL worker mid "
              + name
              + " upload (answer of chunk 2 of "
              + chunks
              + " held; 1 MiB chunks), new worker",
          checked
              + ", 1 upload session, resumed after asking where it stands ("
              + standIn.statusQuery()
              + "), 1 "
              + name
              + " publication published, 1 video, uploaded bytes = the MP4",
          true,
          recovered,
          "new worker polling "
              + String.format(Locale.ROOT, "%.1f s", resumedAt)
              + " after the kill; bytes sent again: "
              + standIn.resentBytes()
              + " of "
              + mp4.length);
    }
  }

  private static boolean selected(Platform platform) {
    String only = System.getProperty("renderowl.faults.uploads", "").strip();
    return only.isEmpty()
        || java.util.Arrays.stream(only.split(","))
            .map(s -> s.strip().toUpperCase(Locale.ROOT))
            .anyMatch(platform.name()::equals);
  }

  private static String offsets(UploadStandIn standIn) {
    return standIn.sessions().stream().map(s -> s.path() + " " + s.offsets()).toList().toString();
  }
}

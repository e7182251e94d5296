package io.renderowl.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.renderowl.api.ApiClient.Reply;
import io.renderowl.apisystem.EngineApiTestApplication;
import io.renderowl.infra.persistence.PipelineRunRepository;
import io.renderowl.infra.persistence.UserRepository;
import io.renderowl.infra.users.LocalUser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The API over the real engine (embedded PostgreSQL, S3Proxy, Redis, Temporal test server and the
 * workers), driven over HTTP only. Two real runs (10 s, 1:1) happen per JVM, one of the dev user
 * and one of a second user, started together by the first test that needs them and shared (the
 * tests of a class run one after another).
 */
@Tag("system")
// EngineApiTestApplication's state folder is locked by one application at a time: the context
// closes after the class so the next class with its own context can start.
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(
    classes = EngineApiTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Timeout(
    value = 15,
    unit =
        TimeUnit
            .MINUTES) // the first test that needs the two real runs waits up to RUN_LIMIT for them
class ApiSystemTest {

  /** The well-known token of old: refused now (the local user's key is random). */
  private static final String OLD_DEV_TOKEN = "owl-dev-token";

  private static final String SECOND_USER_TOKEN = "owl_system-test-second-user-token";
  private static final String PIPELINES = "/api/v1/pipelines";
  private static final String UNKNOWN_RUN = PIPELINES + "/run-00000000000000000000";
  private static final String BODY =
      "{\"topic\": \"Why owls fly silently\", \"aspect\": \"1:1\", \"duration\": 10}";
  private static final Duration POLL_EVERY = Duration.ofMillis(500);
  private static final Duration RUN_LIMIT =
      Duration.ofMinutes(
          6); // a bound against hangs; renders take > 2 min on a loaded 2-core machine

  /** The real runs, started and awaited by the first test that needs them. */
  private static Runs runs;

  /** Why starting them failed, so that later tests fail fast instead of starting more runs. */
  private static Throwable runsFailure;

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    EngineApiTestApplication.properties(registry);
  }

  @LocalServerPort int port;
  @Autowired LocalUser localUser;
  @Autowired UserRepository users;
  @Autowired PipelineRunRepository runRows;
  ApiClient api;

  @BeforeEach
  void connect() {
    api = new ApiClient(port);
  }

  @Test
  void aTopicPostedToTheApiBecomesADownloadableVideo() throws Exception {
    FinishedRun run = devRun();

    Reply accepted = run.accepted();
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    String id = accepted.text("/data/id");
    assertThat(id).startsWith("run-");
    assertThat(accepted.text("/data/status_url")).isEqualTo(PIPELINES + "/" + id);
    assertThat(accepted.json().at("/data/created").asBoolean()).isTrue();
    assertThat(accepted.header("Location")).isEqualTo(PIPELINES + "/" + id);
    assertThat(accepted.text("/meta/request_id"))
        .startsWith("req_")
        .isEqualTo(accepted.header("X-Request-Id"));
    assertThat(Instant.parse(accepted.text("/meta/timestamp")))
        .isCloseTo(run.startedAt(), within(10, ChronoUnit.SECONDS));

    assertThat(run.stagesSeen())
        .as("stages seen while polling")
        .anyMatch(stage -> !Set.of("queued", "completed").contains(stage));
    Reply done = run.last();
    assertThat(done.status()).isEqualTo(200);
    assertThat(done.text("/data/id")).isEqualTo(id);
    assertThat(done.text("/data/status")).as(done.text("/data/message")).isEqualTo("completed");
    assertThat(done.text("/data/stage")).isEqualTo("completed");
    // The answer names where it was published, not where the server keeps the file.
    assertThat(done.text("/data/message"))
        .isEqualTo("published to local-folder")
        .doesNotContain("/");
    assertThat(done.json().at("/data/progress").asInt()).isEqualTo(100);
    assertThat(done.text("/data/topic")).isEqualTo("Why owls fly silently");
    String outputUrl = done.text("/data/output_url");
    assertThat(outputUrl).startsWith("http://").contains("X-Amz-Signature=");

    HttpResponse<byte[]> video =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(outputUrl)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(video.statusCode()).isEqualTo(200);
    assertThat(video.body().length).isGreaterThan(1000);
    assertThat(new String(Arrays.copyOfRange(video.body(), 4, 8), StandardCharsets.US_ASCII))
        .as("MP4 'ftyp' box at offset 4")
        .isEqualTo("ftyp");
  }

  @Test
  void theSameRequestWithTheSameIdempotencyKeyIsTheSameRun() {
    FinishedRun run = devRun();
    long runsBefore = runRows.countForUser(localUser.id());

    Reply again = start(localUser.apiKey(), BODY, run.idempotencyKey());

    assertThat(again.status()).as(again.body()).isEqualTo(202);
    assertThat(again.text("/data/id")).isEqualTo(run.id());
    assertThat(again.json().at("/data/created").asBoolean()).isFalse();
    assertThat(again.header("Location")).isEqualTo(PIPELINES + "/" + run.id());
    assertThat(runRows.countForUser(localUser.id())).isEqualTo(runsBefore);
  }

  @Test
  void everyBadFieldIsReportedAndNothingStarts() {
    long runsBefore = runRows.countForUser(localUser.id());

    Reply reply =
        start(
            localUser.apiKey(),
            """
            {"topic": " ", "aspect": "4:3", "duration": 5, "voice": 7,
             "platforms": ["Not A Platform!"], "colour": "blue"}
            """,
            ApiClient.uniqueKey());

    assertThat(reply.status()).as(reply.body()).isEqualTo(400);
    assertThat(reply.text("/error/code")).isEqualTo("VALIDATION_ERROR");
    assertThat(reply.text("/error/message")).isEqualTo("Invalid input");
    assertThat(reply.text("/meta/request_id")).startsWith("req_");
    assertThat(reply.json().at("/error/details").valueStream().map(d -> d.at("/field").asString()))
        .containsExactlyInAnyOrder("topic", "aspect", "duration", "voice", "platforms", "colour");
    assertThat(reply.detailFor("aspect")).contains("9:16", "16:9", "1:1");
    assertThat(reply.detailFor("duration")).contains("between 10 and 600");
    assertThat(reply.detailFor("voice")).isEqualTo("must be a string");
    assertThat(reply.detailFor("platforms")).contains("Not A Platform!");
    assertThat(reply.detailFor("colour")).isEqualTo("is not a known field");
    assertThat(runRows.countForUser(localUser.id())).isEqualTo(runsBefore);
  }

  @Test
  void anUnknownRunIsNotFound() {
    Reply reply = api.get(UNKNOWN_RUN, "Authorization", "Bearer " + localUser.apiKey());

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.text("/error/code")).isEqualTo("NOT_FOUND");
    assertThat(reply.text("/meta/request_id")).isEqualTo(reply.header("X-Request-Id"));
  }

  @Test
  void withoutAKnownTokenNothingIsShownOrStarted() {
    long runsBefore = runRows.countForUser(localUser.id());

    Reply noToken = api.get(UNKNOWN_RUN);
    Reply wrongToken = api.get(UNKNOWN_RUN, "Authorization", "Bearer " + OLD_DEV_TOKEN);
    Reply postWithoutToken =
        api.post(
            PIPELINES,
            BODY,
            "Content-Type",
            "application/json",
            "Idempotency-Key",
            ApiClient.uniqueKey());
    Reply postWithWrongToken =
        api.post(
            PIPELINES,
            BODY,
            "Authorization",
            "Bearer " + OLD_DEV_TOKEN,
            "Content-Type",
            "application/json",
            "Idempotency-Key",
            ApiClient.uniqueKey());

    for (Reply reply : List.of(noToken, wrongToken, postWithoutToken, postWithWrongToken)) {
      assertThat(reply.status()).as(reply.body()).isEqualTo(401);
      assertThat(reply.text("/error/code")).isEqualTo("UNAUTHORIZED");
      assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
    }
    assertThat(wrongToken.header("WWW-Authenticate")).contains("invalid_token");
    assertThat(runRows.countForUser(localUser.id())).isEqualTo(runsBefore);
  }

  @Test
  void usersSeeOnlyTheirOwnRuns() {
    Runs runs = runs();
    FinishedRun own = runs.secondUsers();

    Reply othersRun =
        api.get(runs.dev().statusUrl(), "Authorization", "Bearer " + SECOND_USER_TOKEN);
    assertThat(othersRun.status()).isEqualTo(404);
    assertThat(othersRun.text("/error/code")).isEqualTo("NOT_FOUND");

    assertThat(own.accepted().status()).as(own.accepted().body()).isEqualTo(202);
    assertThat(own.accepted().json().at("/data/created").asBoolean()).isTrue();
    assertThat(own.id()).isNotEqualTo(runs.dev().id());
    assertThat(runRows.find(own.id()).orElseThrow().userId()).isEqualTo(runs.secondUser());
    assertThat(runRows.countForUser(runs.secondUser())).isEqualTo(1);
    assertThat(own.last().text("/data/status"))
        .as(own.last().text("/data/message"))
        .isEqualTo("completed");
    assertThat(own.last().text("/data/output_url")).startsWith("http://");
    assertThat(users.creditsBalance(runs.secondUser())).isLessThan(LocalUser.STARTING_CREDITS);

    Reply notYours = api.get(own.statusUrl(), "Authorization", "Bearer " + localUser.apiKey());
    assertThat(notYours.status()).isEqualTo(404);
    assertThat(notYours.text("/error/code")).isEqualTo("NOT_FOUND");
  }

  private FinishedRun devRun() {
    return runs().dev();
  }

  /**
   * The two real runs of this class: the dev user's and the second user's, started together so that
   * they share the wait, then polled to their end.
   */
  private Runs runs() {
    if (runsFailure != null) {
      throw new IllegalStateException("the shared runs failed in an earlier test", runsFailure);
    }
    if (runs == null) {
      try {
        runs = startAndAwaitRuns();
      } catch (RuntimeException | AssertionError e) {
        runsFailure = e;
        throw e;
      }
    }
    return runs;
  }

  private Runs startAndAwaitRuns() {
    UUID second =
        users.ensureUser(
            "system-test:second",
            "second@renderowl.test",
            "Second user",
            LocalUser.STARTING_CREDITS);
    users.ensureApiToken(second, "system test token", SECOND_USER_TOKEN);
    Started dev = startRun(localUser.apiKey());
    Started other = startRun(SECOND_USER_TOKEN);
    return new Runs(second, awaitEnd(dev), awaitEnd(other));
  }

  /** Posts {@link #BODY} with a fresh idempotency key. */
  private Started startRun(String token) {
    Instant startedAt = Instant.now();
    String idempotencyKey = ApiClient.uniqueKey();
    Reply accepted = start(token, BODY, idempotencyKey);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    return new Started(token, idempotencyKey, startedAt, accepted);
  }

  /**
   * Polls the run's status URL until it has finished (or gives up {@link #RUN_LIMIT} after its
   * start).
   */
  private FinishedRun awaitEnd(Started run) {
    String statusUrl = run.accepted().text("/data/status_url");
    List<String> stages = new ArrayList<>();
    AtomicReference<Reply> last = new AtomicReference<>();
    Duration left = Duration.between(Instant.now(), run.startedAt().plus(RUN_LIMIT));
    try {
      await()
          .atMost(left.compareTo(POLL_EVERY) > 0 ? left : POLL_EVERY)
          .pollInSameThread()
          .pollDelay(Duration.ZERO)
          .pollInterval(POLL_EVERY)
          .until(() -> {
            Reply status = api.get(statusUrl, "Authorization", "Bearer " + run.token());
            assertThat(status.status()).as(status.body()).isEqualTo(200);
            stages.add(status.text("/data/stage"));
            last.set(status);
            String state = status.text("/data/status");
            return state.equals("completed") || state.equals("failed");
          });
    } catch (ConditionTimeoutException e) {
      Reply status = last.get();
      throw new AssertionError(
          String.format(
              "run %s still %s after %s: %s",
              run.id(),
              status == null ? "unseen" : status.text("/data/status"),
              RUN_LIMIT,
              status == null ? "" : status.body()),
          e);
    }
    return new FinishedRun(
        run.idempotencyKey(), run.startedAt(), run.accepted(), List.copyOf(stages), last.get());
  }

  private Reply start(String token, String body, String idempotencyKey) {
    return api.post(
        PIPELINES,
        body,
        "Authorization",
        "Bearer " + token,
        "Content-Type",
        "application/json",
        "Idempotency-Key",
        idempotencyKey);
  }

  private record Runs(UUID secondUser, FinishedRun dev, FinishedRun secondUsers) {}

  private record Started(String token, String idempotencyKey, Instant startedAt, Reply accepted) {

    String id() {
      return accepted.text("/data/id");
    }
  }

  /**
   * A run driven to its end over the API.
   *
   * @param stagesSeen the stage of every status answer, in order
   * @param last the first status answer that said completed or failed
   */
  private record FinishedRun(
      String idempotencyKey,
      Instant startedAt,
      Reply accepted,
      List<String> stagesSeen,
      Reply last) {

    String id() {
      return accepted.text("/data/id");
    }

    String statusUrl() {
      return accepted.text("/data/status_url");
    }
  }
}

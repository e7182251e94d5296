package io.renderowl.activities.publish;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.renderowl.activities.publish.facebook.FacebookPublisher;
import io.renderowl.activities.publish.instagram.InstagramPublisher;
import io.renderowl.activities.publish.youtube.YouTubePublisher;
import io.renderowl.infra.config.PublishingSettings;
import io.renderowl.infra.metrics.RenderowlMeters;
import io.renderowl.infra.persistence.PublicationRepository;
import io.renderowl.infra.persistence.PublicationRow;
import io.renderowl.workflows.Publication;
import io.renderowl.workflows.PublishJob;
import io.renderowl.workflows.PublishState;
import io.renderowl.workflows.PublishWorkflow;
import io.renderowl.workflows.TaskQueues;
import io.renderowl.workflows.internal.PublishWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Publishing semantics on Temporal (the in-process test server, time skipped): the upload resumes
 * at its checkpoint after the publish worker is killed mid-upload, a lost posting answer is settled
 * by the platform's status and never posted twice, a scheduled post waits on a durable timer
 * through a worker restart and fires once, and can be cancelled before it fires.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES) // Temporal test server, PostgreSQL, S3Proxy; ~20 s
class PublishWorkflowTest {
  static final int MIB = 1 << 20;
  static final int SIZE = 3 * MIB + 77;

  static YouTubeSessions sessions;
  static PublishFixture fixture;
  static DataSource db;
  static PublicationRepository publications;

  TestWorkflowEnvironment env;
  WorkerFactory platformWorkers;
  SocialPublishActivitiesImpl activities;

  @BeforeAll
  static void start() {
    sessions = new YouTubeSessions();
    fixture = new PublishFixture(sessions);
    sessions.expect(fixture.video("renders/wf.mp4", SIZE));
    db = PublishDatabase.migrated();
    publications = new PublicationRepository(db);
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @BeforeEach
  void environment() {
    fixture.platforms.resetAll();
    sessions.clear();
    PublishingSettings settings = fixture.settings(Map.of("RENDEROWL_PUBLISH_CHUNK_MB", "1"));
    PlatformHttp http = new PlatformHttp(Duration.ofSeconds(10));
    PublishDatabase.Accounts accounts = new PublishDatabase.Accounts(db);
    activities =
        new SocialPublishActivitiesImpl(
            () -> accounts,
            List.of(
                new YouTubePublisher(http, settings),
                new InstagramPublisher(http, settings),
                new FacebookPublisher(http, settings, "4242")),
            publications,
            fixture.store);
    env = TestWorkflowEnvironment.newInstance();
    Worker pipeline = env.newWorker(TaskQueues.PIPELINE);
    pipeline.registerWorkflowImplementationTypes(PublishWorkflowImpl.class);
    pipeline.registerActivitiesImplementations(activities);
    env.start();
    platformWorkers = startPlatformWorkers();
  }

  /** The per-platform publishing workers, in their own factory so that a test can kill them. */
  private WorkerFactory startPlatformWorkers() {
    WorkerFactory factory = WorkerFactory.newInstance(env.getWorkflowClient());
    for (String platform : activities.platforms()) {
      factory.newWorker(TaskQueues.publish(platform)).registerActivitiesImplementations(activities);
    }
    factory.start();
    return factory;
  }

  @AfterEach
  void close() {
    platformWorkers.shutdownNow();
    env.close();
  }

  private PublishJob job(String platform, String platformUser, String publishAt) {
    PublishDatabase.Owner owner = PublishDatabase.owner(db);
    UUID account =
        PublishDatabase.account(db, owner.userId(), platform, platformUser, "token-" + platform);
    return new PublishJob(
        owner.runId(),
        owner.userId().toString(),
        owner.renderId().toString(),
        "renders/wf.mp4",
        "Owls",
        "Owls see everything",
        List.of(),
        account.toString(),
        "",
        "public",
        false,
        publishAt);
  }

  private PublishWorkflow workflow(PublishJob job) {
    return env.getWorkflowClient()
        .newWorkflowStub(
            PublishWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.PIPELINE)
                .setWorkflowId(job.workflowId())
                .build());
  }

  private PublicationRow row(PublishJob job, String platform) {
    return publications.find(job.runId(), platform, UUID.fromString(job.accountId())).orElseThrow();
  }

  private void youtubeStubs(String session) {
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/upload/youtube/v3/videos"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Location", fixture.platforms.baseUrl() + session)));
    fixture.platforms.stubFor(
        put(urlPathMatching("/upload/session/.*"))
            .atPriority(5)
            .willReturn(aResponse().withTransformers(YouTubeSessions.NAME)));
    fixture.platforms.stubFor(
        get(urlPathEqualTo("/youtube/v3/videos"))
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"items\":[{\"id\":\"vid-123\",\"status\":{\"uploadStatus\":\"processed\"}}]}")));
  }

  private void instagramStubs(String user) {
    fixture.platforms.stubFor(
        get(urlPathEqualTo("/v21.0/" + user + "/content_publishing_limit"))
            .willReturn(
                aResponse()
                    .withBody("{\"data\":[{\"quota_usage\":0,\"config\":{\"quota_total\":50}}]}")));
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/v21.0/" + user + "/media"))
            .willReturn(aResponse().withBody("{\"id\":\"c-" + user + "\"}")));
    fixture.platforms.stubFor(
        get(urlPathEqualTo("/v21.0/c-" + user))
            .willReturn(aResponse().withBody("{\"status_code\":\"FINISHED\"}")));
  }

  @Test
  @Tag("system") // waits out the real 30 s heartbeat timeout of the killed attempt
  void theUploadResumesAtItsCheckpointAfterThePublishWorkerIsKilledMidUpload() throws Exception {
    youtubeStubs("/upload/session/kill");
    // the third chunk hangs long enough to kill the worker while it is on the wire
    fixture.platforms.stubFor(
        put(urlPathEqualTo("/upload/session/kill"))
            .atPriority(1)
            .withHeader("Content-Range", matching("bytes 2097152-.*"))
            .inScenario("kill")
            .whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("killed")
            .willReturn(aResponse().withStatus(503).withFixedDelay(8_000)));
    PublishJob job = job("youtube", "UC1", "");
    PublishWorkflow workflow = workflow(job);
    WorkflowClient.start(workflow::publish, job);

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() ->
            fixture
                    .platforms
                    .findAll(putRequestedFor(urlPathEqualTo("/upload/session/kill")))
                    .size()
                >= 3);
    platformWorkers.shutdownNow(); // the publish worker dies mid-chunk
    platformWorkers.awaitTermination(10, TimeUnit.SECONDS);
    assertThat(sessions.received("/upload/session/kill")).isEqualTo(2L * MIB);
    platformWorkers = startPlatformWorkers(); // a new worker process takes over

    Publication result =
        WorkflowStub.fromTyped(workflow).getResult(2, TimeUnit.MINUTES, Publication.class);

    assertThat(result.state()).isEqualTo("published");
    assertThat(result.location()).isEqualTo("https://www.youtube.com/watch?v=vid-123");
    List<String> ranges =
        fixture.platforms.findAll(putRequestedFor(urlPathEqualTo("/upload/session/kill"))).stream()
            .map(r -> r.getHeader("Content-Range"))
            .toList();
    int asked = ranges.indexOf("bytes */" + SIZE);
    assertThat(asked)
        .as("the new attempt asks the session where it stands: %s", ranges)
        .isPositive();
    assertThat(ranges.get(asked + 1))
        .as("and goes on from the resumed offset, not byte 0")
        .isEqualTo("bytes 2097152-3145727/" + SIZE);
    assertThat(ranges.stream().filter(r -> r.startsWith("bytes 0-"))).hasSize(1);
    assertThat(sessions.received("/upload/session/kill")).isEqualTo(SIZE);
    assertThat(
            fixture.platforms.findAll(
                postRequestedFor(urlPathEqualTo("/upload/youtube/v3/videos"))))
        .hasSize(1);
    PublicationRow row = row(job, "youtube");
    assertThat(row.status()).isEqualTo("published");
    assertThat(row.externalId()).isEqualTo("vid-123");
    assertThat(row.socialAccountId()).isEqualTo(UUID.fromString(job.accountId()));
  }

  /**
   * A YouTube publication recorded when the upload's heartbeat timeout was 60 s replays with the
   * code that schedules it with 30 s: activity options are no part of the replayed commands.
   */
  @Test
  void aHistoryRecordedWithTheEarlierUploadHeartbeatTimeoutReplays() throws Exception {
    String resource = "histories/publish-youtube-upload-heartbeat-60s.json";
    try (var in = getClass().getClassLoader().getResourceAsStream(resource)) {
      assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
          .contains("\"heartbeatTimeout\": \"60s\"");
    }
    WorkflowReplayer.replayWorkflowExecutionFromResource(resource, PublishWorkflowImpl.class);
  }

  /**
   * Facebook: upload session, one answer with the handle, the Page token, the Page video {@code
   * fbv-<page>}; its processing status answers "processing" first, then {@code last}.
   */
  private void facebookStubs(String page, String last) {
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/v21.0/4242/uploads"))
            .willReturn(aResponse().withBody("{\"id\":\"upload:U" + page + "\"}")));
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/v21.0/upload:U" + page))
            .willReturn(aResponse().withBody("{\"h\":\"2:handle\"}")));
    fixture.platforms.stubFor(
        get(urlPathEqualTo("/v21.0/" + page))
            .willReturn(aResponse().withBody("{\"access_token\":\"page-token\"}")));
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/v21.0/" + page + "/videos"))
            .willReturn(aResponse().withBody("{\"id\":\"fbv-" + page + "\"}")));
    fixture.platforms.stubFor(
        get(urlPathEqualTo("/v21.0/fbv-" + page))
            .inScenario("fb-" + page)
            .whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("done")
            .willReturn(aResponse().withBody("{\"status\":{\"video_status\":\"processing\"}}")));
    fixture.platforms.stubFor(
        get(urlPathEqualTo("/v21.0/fbv-" + page))
            .inScenario("fb-" + page)
            .whenScenarioStateIs("done")
            .willReturn(aResponse().withBody(last)));
  }

  @Test
  void aFacebookVideoIsPublishedOnlyOnceItsProcessingIsReady() {
    facebookStubs(
        "501",
        "{\"status\":{\"video_status\":\"ready\"},\"permalink_url\":\"/501/videos/fbv-501/\"}");
    PublishJob job = job("facebook", "501", "");

    Publication result = workflow(job).publish(job);

    assertThat(result.state()).isEqualTo("published");
    assertThat(result.location()).isEqualTo("https://www.facebook.com/501/videos/fbv-501/");
    // processing was asked on a durable timer until ready; the post was sent once
    assertThat(fixture.platforms.findAll(getRequestedFor(urlPathEqualTo("/v21.0/fbv-501"))))
        .hasSize(2);
    assertThat(fixture.platforms.findAll(postRequestedFor(urlPathEqualTo("/v21.0/501/videos"))))
        .hasSize(1);
    PublicationRow row = row(job, "facebook");
    assertThat(row.status()).isEqualTo("published");
    assertThat(row.externalId()).isEqualTo("fbv-501");
  }

  @Test
  void aFacebookProcessingErrorFailsThePublicationWithFacebooksMessage() {
    facebookStubs(
        "502",
        "{\"status\":{\"video_status\":\"error\",\"processing_phase\":{\"status\":\"error\","
            + "\"errors\":[{\"code\":1363030,\"message\":\"Video could not be processed\"}]}}}");
    PublishJob job = job("facebook", "502", "");

    Publication result = workflow(job).publish(job);

    assertThat(result.state()).isEqualTo("failed");
    assertThat(result.reason()).contains("Video could not be processed");
    PublicationRow row = row(job, "facebook");
    assertThat(row.status()).isEqualTo("failed");
    assertThat(row.reason())
        .contains("processing_phase: Video could not be processed (code 1363030)")
        .doesNotContain("page-token")
        .doesNotContain("token-facebook");
    assertThat(fixture.platforms.findAll(postRequestedFor(urlPathEqualTo("/v21.0/502/videos"))))
        .hasSize(1);
  }

  @Test
  void aLostPostingAnswerIsSettledByTheContainerStatusAndPostedOnlyOnce() {
    instagramStubs("1001");
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/v21.0/1001/media_publish"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    fixture.platforms.stubFor(
        get(urlPathEqualTo("/v21.0/c-1001"))
            .atPriority(1)
            .inScenario("settle")
            .whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("published")
            .willReturn(aResponse().withBody("{\"status_code\":\"FINISHED\"}")));
    fixture.platforms.stubFor(
        get(urlPathEqualTo("/v21.0/c-1001"))
            .atPriority(1)
            .inScenario("settle")
            .whenScenarioStateIs("published")
            .willReturn(aResponse().withBody("{\"status_code\":\"PUBLISHED\"}")));
    PublishJob job = job("instagram", "1001", "");
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Metrics.addRegistry(meters);

    Publication result;
    try {
      result = workflow(job).publish(job);
    } finally {
      Metrics.removeRegistry(meters);
    }

    assertThat(result.state()).isEqualTo("published");
    // each outcome the publication reached is counted once: unconfirmed, then published
    for (String outcome : List.of("unconfirmed", "published")) {
      var counter =
          meters
              .find(RenderowlMeters.PUBLISH_OUTCOMES)
              .tags("platform", "instagram", "outcome", outcome)
              .counter();
      assertThat(counter).as(outcome).isNotNull();
      assertThat(counter.count()).as(outcome).isEqualTo(1.0);
    }
    assertThat(
            fixture.platforms.findAll(
                postRequestedFor(urlPathEqualTo("/v21.0/1001/media_publish"))))
        .hasSize(1);
    assertThat(row(job, "instagram").status()).isEqualTo("published");
  }

  @Test
  void aLostPostingAnswerThePlatformCannotConfirmStaysUnconfirmedAndIsNotPostedAgain() {
    instagramStubs("1002");
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/v21.0/1002/media_publish"))
            .willReturn(
                aResponse()
                    .withStatus(504)
                    .withBody("{\"error\":{\"message\":\"gateway timeout\"}}")));
    PublishJob job = job("instagram", "1002", "");

    Publication result = workflow(job).publish(job);

    assertThat(result.state()).isEqualTo("unconfirmed");
    assertThat(result.reason()).contains("not posted again");
    assertThat(
            fixture.platforms.findAll(
                postRequestedFor(urlPathEqualTo("/v21.0/1002/media_publish"))))
        .hasSize(1);
    PublicationRow row = row(job, "instagram");
    assertThat(row.status()).isEqualTo("unconfirmed");
    assertThat(row.reason()).isNotBlank().doesNotContain("token-instagram");
  }

  @Test
  void aScheduledPostWaitsThroughAWorkerRestartAndFiresOnce() throws Exception {
    instagramStubs("1003");
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/v21.0/1003/media_publish"))
            .willReturn(aResponse().withBody("{\"id\":\"m-1\"}")));
    String at = Instant.ofEpochMilli(env.currentTimeMillis()).plus(Duration.ofHours(6)).toString();
    PublishJob job = job("instagram", "1003", at);
    PublishWorkflow workflow = workflow(job);
    WorkflowClient.start(workflow::publish, job);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() ->
            publications
                .find(job.runId(), "instagram", UUID.fromString(job.accountId()))
                .map(r -> r.status().equals("scheduled"))
                .orElse(false));
    await().atMost(Duration.ofSeconds(30)).until(() -> workflow.state() == PublishState.SCHEDULED);
    assertThat(row(job, "instagram").publishAt()).isEqualTo(Instant.parse(at));

    platformWorkers.shutdownNow();
    platformWorkers.awaitTermination(10, TimeUnit.SECONDS);
    platformWorkers = startPlatformWorkers();
    env.sleep(Duration.ofHours(7));
    Publication result =
        WorkflowStub.fromTyped(workflow).getResult(1, TimeUnit.MINUTES, Publication.class);

    assertThat(result.state()).isEqualTo("published");
    assertThat(fixture.platforms.findAll(postRequestedFor(urlPathEqualTo("/v21.0/1003/media"))))
        .hasSize(1);
    assertThat(
            fixture.platforms.findAll(
                postRequestedFor(urlPathEqualTo("/v21.0/1003/media_publish"))))
        .hasSize(1);
  }

  @Test
  void aScheduledPostCancelledBeforeItFiresSendsNothing() throws Exception {
    instagramStubs("1004");
    String at = Instant.ofEpochMilli(env.currentTimeMillis()).plus(Duration.ofDays(2)).toString();
    PublishJob job = job("instagram", "1004", at);
    PublishWorkflow workflow = workflow(job);
    WorkflowClient.start(workflow::publish, job);
    await().atMost(Duration.ofSeconds(30)).until(() -> workflow.state() == PublishState.SCHEDULED);

    workflow.cancelSchedule();
    Publication result =
        WorkflowStub.fromTyped(workflow).getResult(1, TimeUnit.MINUTES, Publication.class);

    assertThat(result.state()).isEqualTo("cancelled");
    assertThat(row(job, "instagram").status()).isEqualTo("cancelled");
    assertThat(fixture.platforms.getAllServeEvents()).isEmpty();
  }

  @Test
  void anAccountOfAnotherUserIsRefusedWithoutTouchingThePlatform() {
    PublishJob mine = job("youtube", "UC2", "");
    PublishDatabase.Owner other = PublishDatabase.owner(db);
    PublishJob theirs =
        new PublishJob(
            other.runId(),
            other.userId().toString(),
            other.renderId().toString(),
            mine.storageKey(),
            "x",
            "",
            List.of(),
            mine.accountId(),
            "",
            "public",
            false,
            "");

    Publication result = workflow(theirs).publish(theirs);

    assertThat(result.state()).isEqualTo("failed");
    assertThat(result.reason()).contains("not one of the user's connected accounts");
    assertThat(fixture.platforms.getAllServeEvents()).isEmpty();
  }
}

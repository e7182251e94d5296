package io.renderowl.batch.system;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.renderowl.batch.BatchEngineTestApplication;
import io.renderowl.infra.batch.SystemJobs;
import io.renderowl.infra.pipeline.PipelineRuns;
import io.renderowl.infra.social.SocialAccounts;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.infra.temporal.TemporalConnection;
import io.renderowl.infra.users.LocalUser;
import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.PipelineRequests;
import io.renderowl.workflows.RunPermitsState;
import io.renderowl.workflows.RunPermitsWorkflow;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * System jobs on the embedded stack; YouTube's token endpoint (RFC 6749 §6) and statistics endpoint
 * are WireMock stubs.
 */
@Tag("system")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(classes = BatchEngineTestApplication.class)
class SystemJobsSystemTest {
  static final WireMockServer OAUTH =
      new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

  static {
    OAUTH.start();
  }

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    BatchEngineTestApplication.properties(registry);
    registry.add("YOUTUBE_TOKEN_URL", () -> OAUTH.baseUrl() + "/oauth/token");
    registry.add("YOUTUBE_API_URL", () -> OAUTH.baseUrl() + "/youtube");
    registry.add("YOUTUBE_CLIENT_ID", () -> "renderowl-client");
    registry.add("YOUTUBE_CLIENT_SECRET", () -> "renderowl-secret");
  }

  @AfterAll
  static void stopOauth() {
    OAUTH.stop();
  }

  @Autowired TemporalConnection temporal;
  @Autowired SystemJobs jobs;
  @Autowired SystemJobRunner runner;
  @Autowired LocalUser user;
  @Autowired DataSource dataSource;
  @Autowired ObjectStore store;
  @Autowired SocialAccounts socialAccounts;
  @Autowired JobRepository jobRepository;
  @Autowired PipelineRuns runs;

  @Test
  void tokensExpiringSoonAreRefreshedThroughThePlatformsTokenEndpoint() {
    OAUTH.stubFor(
        post("/oauth/token")
            .withRequestBody(containing("refresh_token=rt-good"))
            .willReturn(
                okJson(
                    "{\"access_token\":\"at-new\",\"token_type\":\"Bearer\",\"expires_in\":7200,\"refresh_token\":\"rt-rotated\"}")));
    OAUTH.stubFor(
        post("/oauth/token")
            .withRequestBody(containing("refresh_token=rt-revoked"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":\"invalid_grant\"}")));
    JdbcClient jdbc = JdbcClient.create(dataSource);
    UUID good = account(jdbc, "youtube", "good", "rt-good", "10 minutes");
    UUID revoked = account(jdbc, "youtube", "revoked", "rt-revoked", "20 minutes");
    UUID unconfigured = account(jdbc, "tiktok", "tt", "rt-tt", "5 minutes");
    UUID later = account(jdbc, "youtube", "later", "rt-later", "5 days");

    SystemJobs.SystemJobReport r = jobs.run("token-refresh");

    assertThat(r.status()).isEqualTo("COMPLETED");
    assertThat(String.join("\n", r.lines()))
        .contains("youtube account good: refreshed, valid for 7200 s")
        .contains(
            "youtube account revoked: refresh FAILED, needs reconnection (youtube account revoked"
                + " needs to be connected again: YouTube token refresh failed: HTTP 400 (invalid_grant))")
        .contains("tiktok account tt: skipped (TikTok is not configured")
        .doesNotContain("later")
        .doesNotContain("at-new")
        .doesNotContain("rt-");
    assertThat(socialAccounts.accessToken(good)).isEqualTo("at-new");
    assertThat(stored(jdbc, good)).doesNotContain("at-new").doesNotContain("rt-rotated");
    assertThat(needsReconnect(jdbc, revoked)).isTrue();
    assertThat(needsReconnect(jdbc, unconfigured)).isFalse();
    assertThat(needsReconnect(jdbc, later)).isFalse();
    OAUTH.verify(
        postRequestedFor(urlEqualTo("/oauth/token"))
            .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
            .withRequestBody(containing("grant_type=refresh_token"))
            .withRequestBody(containing("client_id=renderowl-client"))
            .withRequestBody(containing("client_secret=renderowl-secret")));
  }

  @Test
  void cleanupDeletesExpiredSceneAssetsRenderIntermediatesAndTmpObjectsAndKeepsRenders(
      @TempDir Path tmp) throws Exception {
    Path f10 = Files.write(tmp.resolve("a"), new byte[10]);
    Path f20 = Files.write(tmp.resolve("b"), new byte[20]);
    Path f5 = Files.write(tmp.resolve("c"), new byte[5]);
    Path f7 = Files.write(tmp.resolve("d"), new byte[7]);
    store.put("runs/run-clean/scenes/0/picture.png", f10, "image/png");
    store.put("runs/run-clean/renders/r.mp4", f20, "video/mp4");
    store.put("runs/run-clean/renders/r.jpg", f5, "image/jpeg");
    // what a render that never finished (or whose own deletions were given up on) left
    store.put("runs/run-clean/renders/r/audio.m4a", f7, "audio/mp4");
    store.put("runs/run-clean/renders/r/chunks/0-0+30-libx264.mp4", f7, "video/mp4");
    store.put(
        "runs/run-clean/renders/r/chunks/1-30+30-libx264/segments/30+30.mp4", f7, "video/mp4");
    store.put("tmp/upload-1", f5, "application/octet-stream");
    List<String> report = new ArrayList<>();

    new ArtefactCleanup(store, Duration.ofDays(7))
        .cleanBefore(Instant.now().plusSeconds(60), report);

    assertThat(store.exists("runs/run-clean/scenes/0/picture.png")).isFalse();
    assertThat(store.exists("tmp/upload-1")).isFalse();
    assertThat(store.list("runs/run-clean/renders/r/")).isEmpty();
    assertThat(store.exists("runs/run-clean/renders/r.mp4")).isTrue();
    assertThat(store.exists("runs/run-clean/renders/r.jpg")).isTrue();
    assertThat(report.getFirst())
        .startsWith("deleted 5 object(s)")
        .contains("1 scene asset(s), 3 render intermediate(s), 1 tmp object(s)")
        .contains("36 bytes freed");
    assertThat(jobs.run("artefact-cleanup").lines().getFirst()).startsWith("deleted 0 object(s)");
  }

  @Test
  void analyticsSyncReadsThePlatformsStatisticsAndOnlyCountsLocalFolderPublications() {
    JdbcClient jdbc = JdbcClient.create(dataSource);
    jdbc.sql(
            "INSERT INTO pipeline_runs (run_id, user_id, topic, request) VALUES ('run-analytics', :u, 'x', '{}')")
        .param("u", user.id())
        .update();
    UUID render =
        jdbc.sql(
                "INSERT INTO renders (user_id, preset, run_id, status) VALUES (:u, 'preview', 'run-analytics', 'completed') RETURNING id")
            .param("u", user.id())
            .query(UUID.class)
            .single();
    jdbc.sql(
            "INSERT INTO publications (run_id, user_id, render_id, platform, location) VALUES ('run-analytics', :u, :r, 'local-folder', '/tmp/x.mp4')")
        .param("u", user.id())
        .param("r", render)
        .update();
    UUID channel = account(jdbc, "youtube", "owl-channel", "rt-analytics", "5 days");
    jdbc.sql(
            "INSERT INTO publications (run_id, user_id, render_id, platform, social_account_id, external_id)"
                + " VALUES ('run-analytics', :u, :r, 'youtube', :a, 'dQw4w9WgXcQ')")
        .param("u", user.id())
        .param("r", render)
        .param("a", channel)
        .update();
    OAUTH.stubFor(
        get(urlPathEqualTo("/youtube/youtube/v3/videos"))
            .withQueryParam("part", equalTo("statistics"))
            .withQueryParam("id", equalTo("dQw4w9WgXcQ"))
            .withHeader("Authorization", equalTo("Bearer old"))
            .willReturn(
                okJson(
                    "{\"items\":[{\"id\":\"dQw4w9WgXcQ\",\"statistics\":{\"viewCount\":\"321\",\"likeCount\":\"12\",\"commentCount\":\"3\"}}]}")));

    SystemJobs.SystemJobReport first = jobs.run("analytics-sync");
    SystemJobs.SystemJobReport second = jobs.run("analytics-sync");

    assertThat(first.lines()).contains("youtube: 1 of 1 publication(s) recorded");
    assertThat(first.lines()).anyMatch(l -> l.contains("without remote statistics"));
    assertThat(
            jdbc.sql(
                    "SELECT views || '/' || likes || '/' || comments FROM analytics WHERE video_id = :r")
                .param("r", render)
                .query(String.class)
                .list())
        .containsExactly("321/12/3", "321/12/3"); // one snapshot per run
    assertThat(second.status()).isEqualTo("COMPLETED");
  }

  @Test
  void theReaperFailsRunsWhoseWorkflowIsGoneAndReportsLiveRunsUnchangedForTooLong() {
    JdbcClient jdbc = JdbcClient.create(dataSource);
    jdbc.sql(
            "INSERT INTO pipeline_runs (run_id, user_id, topic, request, status, stage, updated_at) "
                + "VALUES ('run-stuck', :u, 'stuck topic', '{}', 'running', 'render', NOW() - INTERVAL '3 hours')")
        .param("u", user.id())
        .update();
    jdbc.sql(
            "INSERT INTO pipeline_runs (run_id, user_id, topic, request, status, stage, updated_at) "
                + "VALUES ('run-gone', :u, 'gone topic', '{}', 'running', 'voice', NOW() - INTERVAL '3 hours')")
        .param("u", user.id())
        .update();
    // run-stuck has a live workflow that no worker ever picks up; run-gone has none at all.
    temporal
        .client()
        .newUntypedWorkflowStub(
            "VideoPipelineWorkflow",
            WorkflowOptions.newBuilder()
                .setWorkflowId("run-stuck")
                .setTaskQueue("nobody-polls-this")
                .build())
        .start();

    SystemJobs.SystemJobReport r = jobs.run("stuck-run-reaper");

    String report = String.join("\n", r.lines());
    assertThat(report).contains("run-stuck running at render").contains("stuck topic");
    assertThat(report)
        .contains("1 run(s) whose workflow had ended outside the run marked failed")
        .contains("run-gone");
    assertThat(
            jdbc.sql(
                    "SELECT status || ': ' || error_message FROM pipeline_runs WHERE run_id = 'run-gone'")
                .query(String.class)
                .single())
        .startsWith("failed: Temporal has no workflow run-gone");
    assertThat(jobs.list())
        .extracting(SystemJobs.SystemJob::name)
        .containsExactly("analytics-sync", "token-refresh", "artefact-cleanup", "stuck-run-reaper");
  }

  /**
   * A failed pipeline writes its failure through the run ledger before it fails; when PostgreSQL is
   * away for longer than the ledger's retries, the workflow fails with that record unwritten. The
   * reaper (and a client waiting for the run) must then record it, or the run reads as running for
   * good.
   */
  @Test
  void theReaperFailsARunWhoseWorkflowFailedWithoutRecordingIt() {
    JdbcClient jdbc = JdbcClient.create(dataSource);
    jdbc.sql(
            "INSERT INTO pipeline_runs (run_id, user_id, topic, request, status, stage)"
                + " VALUES ('run-ledger-lost', :u, 'ledger lost', '{}', 'running', 'scenes')")
        .param("u", user.id())
        .update();
    WorkerFactory factory = WorkerFactory.newInstance(temporal.client());
    try {
      factory
          .newWorker("ledger-lost")
          .registerWorkflowImplementationTypes(LedgerLostWorkflowImpl.class);
      factory.start();
      WorkflowStub run =
          temporal
              .client()
              .newUntypedWorkflowStub(
                  "LedgerLostWorkflow",
                  WorkflowOptions.newBuilder()
                      .setWorkflowId("run-ledger-lost")
                      .setTaskQueue("ledger-lost")
                      .build());
      run.start();
      assertThatThrownBy(() -> run.getResult(60, TimeUnit.SECONDS, Void.class))
          .isInstanceOf(WorkflowFailedException.class);
    } finally {
      factory.shutdownNow();
    }

    SystemJobs.SystemJobReport r = jobs.run("stuck-run-reaper");

    assertThat(String.join("\n", r.lines())).contains("run-ledger-lost");
    assertThat(
            jdbc.sql(
                    "SELECT status || ': ' || error_message FROM pipeline_runs"
                        + " WHERE run_id = 'run-ledger-lost'")
                .query(String.class)
                .single())
        .startsWith("failed: workflow failed without recording it: ")
        .contains("runFailed: Failed to obtain JDBC Connection");
  }

  /** Stands for a pipeline whose last ledger write (runFailed) never reached PostgreSQL. */
  @WorkflowInterface
  public interface LedgerLostWorkflow {
    @WorkflowMethod
    void run();
  }

  public static class LedgerLostWorkflowImpl implements LedgerLostWorkflow {
    @Override
    public void run() {
      throw ApplicationFailure.newNonRetryableFailure(
          "runFailed: Failed to obtain JDBC Connection", "CannotGetJdbcConnectionException");
    }
  }

  @Test
  void aRunWhoseStarterDiedBeforeAskingTheGateIsPutInLineWhenItIsStartedAgain() {
    // The starter recorded the run and started its workflow, then died before asking the gate for
    // its permit: the run would wait 30 min before asking itself. Starting the same request again
    // (a batch resume, a repeated POST) finds the run alive and puts it in line.
    PipelineRequest request =
        new PipelineRequest(
            user.id().toString(),
            "A starter that died",
            Aspect.VERTICAL,
            20,
            "en",
            List.of("local-folder"),
            "starter-died-" + UUID.randomUUID());
    String runId = PipelineRequests.runId(request);
    JdbcClient.create(dataSource)
        .sql(
            "INSERT INTO pipeline_runs (run_id, user_id, topic, request) VALUES (?, ?, ?,"
                + " CAST(? AS jsonb))")
        .params(
            runId,
            user.id(),
            request.topic(),
            io.renderowl.infra.json.Json.MAPPER.writeValueAsString(request))
        .update();
    startIdle(runId);
    RunPermitsWorkflow gate =
        temporal.client().newWorkflowStub(RunPermitsWorkflow.class, RunPermitsWorkflow.ID);
    try {
      assertThat(gate.state().holding()).doesNotContainKey(runId);

      assertThat(runs.start(request).created()).isFalse();

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> {
            RunPermitsState state = gate.state();
            return state.holding().containsKey(runId)
                || state.waiting().values().stream().anyMatch(q -> q.contains(runId));
          });
    } finally {
      temporal.client().newUntypedWorkflowStub(runId).terminate("test over");
      gate.release(runId);
    }
  }

  @Test
  void theReaperGivesBackThePermitOfARunTerminatedFromOutside() {
    // A live run that holds a permit, then is terminated from outside: it never releases it.
    String runId = "run-terminated-" + UUID.randomUUID();
    temporal
        .client()
        .newUntypedWorkflowStub(
            "VideoPipelineWorkflow",
            WorkflowOptions.newBuilder()
                .setWorkflowId(runId)
                .setTaskQueue("nobody-polls-this")
                .build())
        .start();
    RunPermitsWorkflow gate =
        temporal.client().newWorkflowStub(RunPermitsWorkflow.class, RunPermitsWorkflow.ID);
    gate.acquire(runId, user.id().toString());
    await().atMost(Duration.ofSeconds(30)).until(() -> gate.state().holding().containsKey(runId));
    temporal.client().newUntypedWorkflowStub(runId).terminate("stopped by an operator");

    SystemJobs.SystemJobReport r = jobs.run("stuck-run-reaper");

    assertThat(String.join("\n", r.lines()))
        .contains("permit(s) of runs whose workflow is not running given back")
        .contains(runId);
    await().atMost(Duration.ofSeconds(30)).until(() -> !gate.state().holding().containsKey(runId));
  }

  @Test
  @Tag("faults")
  void theReaperClosesRendersPublicationsAndBatchesWhoseWorkflowOrJobIsGone() throws Exception {
    JdbcClient jdbc = JdbcClient.create(dataSource);
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String gone = "run-rgone-" + tag; // no workflow at all
    String term = "run-rterm-" + tag; // an API render's workflow, terminated from outside
    String live = "run-rlive-" + tag; // a run whose render child still runs
    String fresh = "run-rfresh-" + tag; // written a moment ago, its workflow not started yet
    for (String run : List.of(gone, term, live, fresh)) {
      jdbc.sql(
              "INSERT INTO pipeline_runs (run_id, user_id, topic, request, status, stage) "
                  + "VALUES (:r, :u, 't', '{}', 'completed', 'publish')")
          .param("r", run)
          .param("u", user.id())
          .update();
    }
    UUID renderGone = render(jdbc, gone, "rendering", "3 hours");
    UUID renderTerm = render(jdbc, term, "queued", "3 hours");
    UUID renderLive = render(jdbc, live, "rendering", "3 hours");
    UUID renderFresh = render(jdbc, fresh, "queued", "0 seconds");
    startIdle(term);
    temporal.client().newUntypedWorkflowStub(term).terminate("stopped by an operator");
    startIdle(live + "-render");
    UUID pubGone = publication(jdbc, gone, renderGone, "youtube", "uploading", gone + "-publish");
    UUID pubTerm = publication(jdbc, term, renderTerm, "tiktok", "scheduled", term + "-publish");
    UUID pubLive = publication(jdbc, live, renderLive, "youtube", "processing", live + "-publish");
    startIdle(term + "-publish");
    temporal.client().newUntypedWorkflowStub(term + "-publish").terminate("stopped");
    startIdle(live + "-publish");
    // What a SIGKILLed batch process leaves behind: its job execution STARTED, written long ago.
    JobExecution killed =
        jobRepository.createJobExecution(
            jobRepository.createJobInstance(
                "reaper-test-" + tag,
                new JobParametersBuilder().addString("batchId", tag).toJobParameters()),
            new JobParametersBuilder().addString("batchId", tag).toJobParameters(),
            new ExecutionContext());
    killed.setStatus(BatchStatus.STARTED);
    killed.setStartTime(LocalDateTime.now().minusHours(3));
    jobRepository.update(killed);
    jdbc.sql(
            "UPDATE batch_job_execution SET last_updated = NOW() - INTERVAL '3 hours'"
                + " WHERE job_execution_id = :e")
        .param("e", killed.getId())
        .update();
    UUID batch =
        jdbc.sql(
                "INSERT INTO batches (user_id, name, status, source_format, job_execution_id)"
                    + " VALUES (:u, 'killed batch', 'running', 'csv', :e) RETURNING id")
            .param("u", user.id())
            .param("e", killed.getId())
            .query(UUID.class)
            .single();

    long t0 = System.nanoTime();
    SystemJobs.SystemJobReport r = jobs.run("stuck-run-reaper");
    long millis = (System.nanoTime() - t0) / 1_000_000;

    String report = String.join("\n", r.lines());
    System.out.printf(
        "[faults] injected: 4 renders, 3 publications, 1 batch job whose workflow/process is gone"
            + " or live; reaper closed the orphans in %d ms%n%s%n",
        millis, report);
    assertThat(renderState(jdbc, renderGone))
        .isEqualTo(
            "failed: render stopped: Temporal has no workflow "
                + gone
                + "-render; render the timeline again");
    assertThat(renderState(jdbc, renderTerm))
        .isEqualTo(
            "failed: render stopped: its workflow "
                + term
                + " ended as terminated; render the timeline again");
    assertThat(renderState(jdbc, renderLive)).isEqualTo("rendering: ");
    assertThat(renderState(jdbc, renderFresh)).isEqualTo("queued: ");
    assertThat(publicationState(jdbc, pubGone))
        .isEqualTo(
            "unconfirmed: outcome unknown: Temporal has no workflow "
                + gone
                + "-publish while it was uploading; check the platform before posting it again");
    assertThat(publicationState(jdbc, pubTerm))
        .isEqualTo(
            "failed: not posted: its workflow "
                + term
                + "-publish ended as terminated before its publish time; post it again");
    assertThat(publicationState(jdbc, pubLive)).isEqualTo("processing: ");
    assertThat(
            jdbc.sql("SELECT status FROM batches WHERE id = :b")
                .param("b", batch)
                .query(String.class)
                .single())
        .isEqualTo("failed");
    JobExecution recovered = jobRepository.getJobExecution(killed.getId());
    assertThat(recovered.getStatus()).isEqualTo(BatchStatus.FAILED);
    assertThat(recovered.getExitStatus().getExitDescription())
        .contains("no live process runs it")
        .contains("owl batch resume " + batch);
    assertThat(report)
        .contains("2 render(s) whose workflow is gone marked failed:")
        .contains("2 publication(s) whose workflow is gone closed:")
        .contains("1 bulk batch(es) whose job no live process runs marked failed:")
        .doesNotContain(renderLive.toString())
        .doesNotContain(renderFresh.toString())
        .doesNotContain(pubLive.toString());

    faultReport(
        "workflows/job gone under 2 renders, 2 publications, 1 batch (+2 live, 1 fresh)",
        "orphans failed/unconfirmed with reason; live and fresh rows untouched",
        millis / 1000.0,
        "-");

    // A second round finds nothing more to close.
    String again = String.join("\n", jobs.run("stuck-run-reaper").lines());
    assertThat(again)
        .doesNotContain("render(s) whose workflow is gone")
        .doesNotContain("publication(s) whose workflow is gone")
        .doesNotContain("whose job no live process runs");
  }

  /**
   * A line of the fault table (see infra/scripts/faults.sh): reached only when the scenario held.
   */
  private static void faultReport(String fault, String checked, double seconds, String redone)
      throws java.io.IOException {
    String row =
        String.join(
            "\t",
            Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
            fault,
            checked,
            "HELD",
            String.format(java.util.Locale.ROOT, "%.1f s", seconds),
            redone);
    System.out.println("fault-report\t" + row);
    Path file = Path.of("target", "faults-report.tsv");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        row + System.lineSeparator(),
        java.nio.charset.StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }

  private void startIdle(String workflowId) {
    temporal
        .client()
        .newUntypedWorkflowStub(
            "VideoPipelineWorkflow",
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue("nobody-polls-this")
                .build())
        .start();
  }

  private UUID render(JdbcClient jdbc, String runId, String status, String age) {
    return jdbc.sql(
            "INSERT INTO renders (user_id, preset, run_id, status, created_at)"
                + " VALUES (:u, 'preview', :r, :s, NOW() - CAST(:a AS INTERVAL)) RETURNING id")
        .param("u", user.id())
        .param("r", runId)
        .param("s", status)
        .param("a", age)
        .query(UUID.class)
        .single();
  }

  private UUID publication(
      JdbcClient jdbc, String runId, UUID render, String platform, String status, String wf) {
    return jdbc.sql(
            "INSERT INTO publications (run_id, user_id, render_id, platform, status, workflow_id,"
                + " created_at, updated_at) VALUES (:r, :u, :render, :p, :s, :wf,"
                + " NOW() - INTERVAL '3 hours', NOW() - INTERVAL '3 hours') RETURNING id")
        .param("r", runId)
        .param("u", user.id())
        .param("render", render)
        .param("p", platform)
        .param("s", status)
        .param("wf", wf)
        .query(UUID.class)
        .single();
  }

  private static String renderState(JdbcClient jdbc, UUID id) {
    return jdbc.sql(
            "SELECT status || ': ' || COALESCE(error_message, '') FROM renders WHERE id = :id")
        .param("id", id)
        .query(String.class)
        .single();
  }

  private static String publicationState(JdbcClient jdbc, UUID id) {
    return jdbc.sql(
            "SELECT status || ': ' || COALESCE(reason, '') FROM publications WHERE id = :id")
        .param("id", id)
        .query(String.class)
        .single();
  }

  private UUID account(
      JdbcClient jdbc, String platform, String username, String refresh, String expiresIn) {
    return jdbc.sql(
            "INSERT INTO social_accounts (user_id, platform, username, access_token, refresh_token, token_expires_at) "
                + "VALUES (:u, :p, :n, 'old', :r, NOW() + CAST(:e AS INTERVAL)) RETURNING id")
        .param("u", user.id())
        .param("p", platform)
        .param("n", username)
        .param("r", refresh)
        .param("e", expiresIn)
        .query(UUID.class)
        .single();
  }

  private static String stored(JdbcClient jdbc, UUID id) {
    return jdbc.sql("SELECT row_to_json(s)::text FROM social_accounts s WHERE id = :id")
        .param("id", id)
        .query(String.class)
        .single();
  }

  private static boolean needsReconnect(JdbcClient jdbc, UUID id) {
    return jdbc.sql("SELECT needs_reconnect FROM social_accounts WHERE id = :id")
        .param("id", id)
        .query(Boolean.class)
        .single();
  }
}

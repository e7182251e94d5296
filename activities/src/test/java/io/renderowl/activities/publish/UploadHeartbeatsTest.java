package io.renderowl.activities.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.activities.publish.facebook.FacebookPublisher;
import io.renderowl.activities.publish.youtube.YouTubePublisher;
import io.renderowl.infra.persistence.PublicationRepository;
import io.renderowl.workflows.PublishJob;
import io.renderowl.workflows.SocialPublishActivities;
import io.renderowl.workflows.UploadedVideo;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An upload whose chunk answers come slower than its heartbeat timeout is kept alive by the beats
 * sent while each chunk is on the wire: it completes in its one attempt, in one session, instead of
 * timing out and starting over. The beats belong to the upload activity, not to a platform: YouTube
 * and Facebook both hold.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // Temporal's test environment, S3Proxy, PG; ~20 s
class UploadHeartbeatsTest {
  static final int MIB = 1 << 20;
  static final int SIZE = MIB + 1000; // two chunks of at most 1 MiB
  static final Duration HEARTBEAT = Duration.ofSeconds(2);
  static final Duration HOLD = Duration.ofSeconds(5); // 2.5 heartbeat timeouts per chunk

  static YouTubeSessions sessions;
  static PublishFixture fixture;
  static FacebookSessions facebook;
  static PublishFixture facebookFixture;
  static DataSource db;

  @WorkflowInterface
  public interface UploadOnce {
    @WorkflowMethod
    UploadedVideo run(PublishJob job);
  }

  public static class UploadOnceImpl implements UploadOnce {
    private final SocialPublishActivities publishing =
        Workflow.newActivityStub(
            SocialPublishActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setHeartbeatTimeout(HEARTBEAT)
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());

    @Override
    public UploadedVideo run(PublishJob job) {
      return publishing.upload(publishing.resolve(job));
    }
  }

  @BeforeAll
  static void start() {
    sessions = new YouTubeSessions().holdChunkAnswers(HOLD);
    fixture = new PublishFixture(sessions);
    sessions.expect(fixture.video("renders/slow.mp4", SIZE));
    sessions.stubOn(fixture.platforms);
    facebook = new FacebookSessions().holdChunkAnswers(HOLD);
    facebookFixture = new PublishFixture(facebook);
    facebookFixture.video("renders/slow.mp4", SIZE);
    facebook.stubOn(facebookFixture.platforms);
    db = PublishDatabase.migrated();
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
    facebookFixture.close();
  }

  @Test
  void aChunkAnsweredSlowerThanTheHeartbeatTimeoutDoesNotTimeTheUploadOut() {
    UploadedVideo video =
        uploadOnce(
            new YouTubePublisher(
                new PlatformHttp(Duration.ofSeconds(30)),
                fixture.settings(Map.of("RENDEROWL_PUBLISH_CHUNK_MB", "1"))),
            fixture,
            "youtube",
            "UC-slow");

    assertThat(video.handle()).isEqualTo("vid-123");
    assertThat(sessions.sessions()).as("upload sessions").hasSize(1);
    assertThat(sessions.sessions().get(0).received()).isEqualTo(SIZE);
    assertThat(sessions.ranges())
        .containsExactly("bytes 0-1048575/" + SIZE, "bytes 1048576-" + (SIZE - 1) + "/" + SIZE);
    assertThat(sessions.resentBytes()).isZero();
  }

  @Test
  void aFacebookChunkAnsweredSlowerThanTheHeartbeatTimeoutDoesNotTimeTheUploadOut() {
    UploadedVideo video =
        uploadOnce(
            new FacebookPublisher(
                new PlatformHttp(Duration.ofSeconds(30)),
                facebookFixture.settings(
                    Map.of(
                        "RENDEROWL_PUBLISH_CHUNK_MB",
                        "1",
                        "FACEBOOK_BASE_URL",
                        facebookFixture.platforms.baseUrl())),
                "4242"),
            facebookFixture,
            "facebook",
            "1755847768034402");

    assertThat(video.handle()).isEqualTo("2:s1:video/mp4");
    assertThat(facebook.sessions()).as("upload sessions").hasSize(1);
    assertThat(facebook.sessions().get(0).received()).isEqualTo(SIZE);
    assertThat(facebook.sessions().get(0).offsets()).containsExactly(0L, (long) MIB);
    assertThat(facebook.resentBytes()).isZero();
  }

  /** The upload activity of {@code publisher}, in one attempt with a 2 s heartbeat timeout. */
  private static UploadedVideo uploadOnce(
      Publisher publisher, PublishFixture fixture, String platform, String platformUserId) {
    PublishDatabase.Accounts accounts = new PublishDatabase.Accounts(db);
    SocialPublishActivitiesImpl activities =
        new SocialPublishActivitiesImpl(
            () -> accounts, List.of(publisher), new PublicationRepository(db), fixture.store);
    PublishDatabase.Owner owner = PublishDatabase.owner(db);
    UUID account =
        PublishDatabase.account(db, owner.userId(), platform, platformUserId, "token-" + platform);
    PublishJob job =
        new PublishJob(
            owner.runId(),
            owner.userId().toString(),
            owner.renderId().toString(),
            "renders/slow.mp4",
            "Owls",
            "Owls on a slow link",
            List.of(),
            account.toString(),
            "",
            "public",
            false,
            "");

    try (TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build())) {
      Worker worker =
          env.newWorker(
              "uploads",
              WorkerOptions.newBuilder()
                  .setMaxHeartbeatThrottleInterval(Duration.ofMillis(500))
                  .build());
      worker.registerWorkflowImplementationTypes(UploadOnceImpl.class);
      worker.registerActivitiesImplementations(activities);
      env.start();
      return env.getWorkflowClient()
          .newWorkflowStub(
              UploadOnce.class, WorkflowOptions.newBuilder().setTaskQueue("uploads").build())
          .run(job);
    }
  }

  @Test
  void beatsComeAtAThirdOfTheTimeoutAtLeastASecondApart() {
    assertThat(UploadHeartbeats.interval(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(10));
    assertThat(UploadHeartbeats.interval(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(1));
  }
}

package io.renderowl.apichannels;

import io.renderowl.activities.ledger.RunLedgerActivitiesImpl;
import io.renderowl.activities.publish.PlatformHttp;
import io.renderowl.activities.publish.SocialPublishActivitiesImpl;
import io.renderowl.activities.publish.tiktok.TikTokPublisher;
import io.renderowl.activities.publish.youtube.YouTubePublisher;
import io.renderowl.activities.testkit.InstantActivities;
import io.renderowl.activities.worker.StageActivities;
import io.renderowl.infra.config.PublishingSettings;
import io.renderowl.infra.credits.PriceList;
import io.renderowl.infra.persistence.CreditRepository;
import io.renderowl.infra.persistence.PipelineRunRepository;
import io.renderowl.infra.persistence.PublicationRepository;
import io.renderowl.infra.social.SocialAccounts;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.workflows.RenderResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * TEST-ONLY stages: instant, except that the render stores a small video (random bytes) in S3 with
 * its renders row, so that the run has a finished video to post; the publishing workers post it
 * through the real YouTube and TikTok publishers.
 */
@Configuration(proxyBeanMethods = false)
class StoredVideoStages {

  /** Bytes of every stored video: one upload chunk. */
  static final int VIDEO_BYTES = 300_000;

  @Bean
  StageActivities storedVideoStageActivities(
      PipelineRunRepository runs,
      CreditRepository credits,
      PriceList prices,
      DataSource dataSource,
      ObjectStore store,
      PublicationRepository publications,
      PublishingSettings publishing,
      ObjectProvider<SocialAccounts> accounts) {
    StoredVideos instant = new StoredVideos(JdbcClient.create(dataSource), store, runs);
    PlatformHttp http = new PlatformHttp(Duration.ofSeconds(publishing.timeoutSeconds()));
    SocialPublishActivitiesImpl social =
        new SocialPublishActivitiesImpl(
            accounts::getIfAvailable,
            List.of(new YouTubePublisher(http, publishing), new TikTokPublisher(http, publishing)),
            publications,
            store);
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
            new RunLedgerActivitiesImpl(runs, credits, prices),
            false)
        .withSocial(new StageActivities.SocialPublishing(social, social.platforms(), 2));
  }

  /** Instant stages whose render leaves a stored video behind. */
  static final class StoredVideos extends InstantActivities {
    private final JdbcClient jdbc;
    private final ObjectStore store;
    private final PipelineRunRepository runs;

    StoredVideos(JdbcClient jdbc, ObjectStore store, PipelineRunRepository runs) {
      this.jdbc = jdbc;
      this.store = store;
      this.runs = runs;
    }

    @Override
    public RenderResult render(String runId, String userId, String timelineId) {
      String key = "renders/" + runId + ".mp4";
      UUID renderId =
          jdbc.sql(
                  """
                  INSERT INTO renders (user_id, status, progress, preset, run_id, completed_at)
                  VALUES (:user, 'completed', 100, 'test', :run, NOW())
                  ON CONFLICT (run_id) DO UPDATE SET status = 'completed' RETURNING id
                  """)
              .param("user", UUID.fromString(userId))
              .param("run", runId)
              .query(UUID.class)
              .single();
      if (!store.exists(key)) {
        byte[] bytes = new byte[VIDEO_BYTES];
        new Random(runId.hashCode()).nextBytes(bytes);
        try {
          Path file = Files.createTempFile("stored-video-", ".mp4");
          Files.write(file, bytes);
          store.put(key, file, "video/mp4");
          Files.delete(file);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      runs.attachRender(runId, renderId, key);
      return new RenderResult(renderId.toString(), key, VIDEO_BYTES, 30, 1);
    }
  }
}

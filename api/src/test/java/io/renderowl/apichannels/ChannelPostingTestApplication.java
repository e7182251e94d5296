package io.renderowl.apichannels;

import io.renderowl.activities.worker.WorkerConfiguration;
import io.renderowl.api.ApiConfiguration;
import io.renderowl.batch.BatchJobsConfiguration;
import io.renderowl.infra.InfraConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The API with batch jobs (channels) over the real engine, whose stages are instant except that the
 * render stores a small video and its renders row ({@link StoredVideoStages}), and whose publishing
 * workers post through the real YouTube and TikTok publishers to the base URLs the test gives
 * (WireMock on loopback).
 */
@SpringBootConfiguration
@EnableAutoConfiguration(
    excludeName = "org.springframework.boot.quartz.autoconfigure.QuartzAutoConfiguration")
@Import({
  InfraConfiguration.class,
  WorkerConfiguration.class,
  BatchJobsConfiguration.class,
  ApiConfiguration.class,
  StoredVideoStages.class
})
public class ChannelPostingTestApplication {
  static final Path HOME = createHome();

  private static Path createHome() {
    try {
      return Files.createTempDirectory("renderowl-api-channel-posting-test-home-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The engine in a state folder of its own, posting to the platforms at {@code platforms}. */
  public static void properties(DynamicPropertyRegistry registry, String platforms) {
    registry.add("RENDEROWL_HOME", HOME::toString);
    registry.add("RENDEROWL_TEMPORAL_SERVER", () -> "test");
    registry.add("RENDEROWL_SCHEDULER", () -> "false");
    registry.add("spring.batch.job.enabled", () -> "false");
    registry.add("YOUTUBE_BASE_URL", () -> platforms);
    registry.add("TIKTOK_BASE_URL", () -> platforms);
    registry.add("RENDEROWL_PUBLISH_TIMEOUT_SECONDS", () -> "5");
    registry.add("RENDEROWL_PUBLISH_POLL_SECONDS", () -> "1");
  }
}

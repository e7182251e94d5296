package io.renderowl.batch;

import io.renderowl.activities.testkit.InstantStages;
import io.renderowl.activities.worker.WorkerConfiguration;
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
 * The engine with batch jobs as `owl serve` hosts it (embedded stack, workers, Spring Batch,
 * Quartz), with the TEST-ONLY instant providers so that runs end at once.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(
    excludeName = "org.springframework.boot.quartz.autoconfigure.QuartzAutoConfiguration")
@Import({
  InfraConfiguration.class,
  WorkerConfiguration.class,
  BatchJobsConfiguration.class,
  InstantStages.class
})
public class BatchEngineTestApplication {

  /**
   * A fresh state folder per test context (test classes with their own properties get their own).
   */
  private static Path createHome() {
    try {
      return Files.createTempDirectory("renderowl-batch-test-home-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void properties(DynamicPropertyRegistry registry) {
    Path home = createHome();
    registry.add("RENDEROWL_HOME", home::toString);
    registry.add("RENDEROWL_TEMPORAL_SERVER", () -> "test");
    registry.add("RENDEROWL_BATCH_CHUNK_SIZE", () -> "10");
    registry.add("RENDEROWL_SCHEDULER", () -> "false");
    registry.add("spring.batch.job.enabled", () -> "false");
    // Stub feeds listen on loopback: the outbound guard allows it here, and only here.
    registry.add("RENDEROWL_ALLOWED_URL_HOSTS", () -> "localhost,127.0.0.1");
  }
}

package io.renderowl.apibatch;

import io.renderowl.activities.testkit.InstantStages;
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

/** The API with batch jobs over the real engine, with the TEST-ONLY instant providers. */
@SpringBootConfiguration
@EnableAutoConfiguration(
    excludeName = "org.springframework.boot.quartz.autoconfigure.QuartzAutoConfiguration")
@Import({
  InfraConfiguration.class,
  WorkerConfiguration.class,
  BatchJobsConfiguration.class,
  ApiConfiguration.class,
  InstantStages.class
})
public class BatchApiTestApplication {
  static final Path HOME = createHome();

  private static Path createHome() {
    try {
      return Files.createTempDirectory("renderowl-api-batch-test-home-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void properties(DynamicPropertyRegistry registry) {
    registry.add("RENDEROWL_HOME", HOME::toString);
    registry.add("RENDEROWL_TEMPORAL_SERVER", () -> "test");
    registry.add("RENDEROWL_SCHEDULER", () -> "false");
    registry.add("spring.batch.job.enabled", () -> "false");
  }
}

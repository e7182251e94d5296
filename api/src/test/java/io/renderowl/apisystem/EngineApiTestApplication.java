package io.renderowl.apisystem;

import io.renderowl.activities.worker.WorkerConfiguration;
import io.renderowl.api.ApiConfiguration;
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
 * The API over the real engine: embedded PostgreSQL, S3Proxy, Redis, the in-process Temporal test
 * server and the workers, for system tests.
 *
 * <p>It lives outside {@code io.renderowl.api}, apart from the in-memory test application, so the
 * two test contexts never share a configuration class.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({InfraConfiguration.class, WorkerConfiguration.class, ApiConfiguration.class})
public class EngineApiTestApplication {

  /** A fresh state folder per test JVM, so tests never touch a developer's .owl. */
  public static final Path HOME = createHome();

  private static Path createHome() {
    try {
      return Files.createTempDirectory("renderowl-api-test-home-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Points the engine at the test home; Temporal runs as the in-process test server here. */
  public static void properties(DynamicPropertyRegistry registry) {
    registry.add("RENDEROWL_HOME", HOME::toString);
    registry.add("RENDEROWL_TEMPORAL_SERVER", () -> "test");
    // Offline providers whatever keys the environment holds: tests never call a real provider.
    registry.add("RENDEROWL_SCRIPT_PROVIDER", () -> "offline");
    registry.add("RENDEROWL_VISUAL_PROVIDERS", () -> "procedural");
    registry.add("RENDEROWL_VOICE_PROVIDER", () -> "espeak");
  }
}

package io.renderowl.activities;

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

/** The engine as the CLI runs it (embedded stack + workers), for system tests. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({InfraConfiguration.class, WorkerConfiguration.class})
public class EngineTestApplication {

  /** A fresh state folder per test JVM, so tests never touch a developer's .owl. */
  public static final Path HOME = createHome();

  private static Path createHome() {
    try {
      return Files.createTempDirectory("renderowl-test-home-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Points the engine at the test home; Temporal runs as the in-process test server here. */
  public static void properties(DynamicPropertyRegistry registry) {
    registry.add("RENDEROWL_HOME", HOME::toString);
    registry.add("RENDEROWL_TEMPORAL_SERVER", () -> "test");
    // A chunk whose worker stopped is given to the next worker after 5 s, not 30.
    registry.add("RENDEROWL_RENDER_HEARTBEAT_SECONDS", () -> "5");
    // A chunk waits 5 s on the GPU queue before it goes to the CPU queue (no GPU here).
    registry.add("RENDEROWL_RENDER_GPU_WAIT_SECONDS", () -> "5");
    // One chunk at a time, whatever the machine: the resume test stops a worker between chunks.
    registry.add("RENDEROWL_RENDER_CONCURRENCY", () -> "1");
    // Offline providers whatever keys the environment holds: tests never call a real provider.
    registry.add("RENDEROWL_SCRIPT_PROVIDER", () -> "offline");
    registry.add("RENDEROWL_VISUAL_PROVIDERS", () -> "procedural");
    registry.add("RENDEROWL_VOICE_PROVIDER", () -> "espeak");
    // Stub servers listen on loopback: the outbound guard allows it here, and only here.
    registry.add("RENDEROWL_ALLOWED_URL_HOSTS", () -> "localhost,127.0.0.1");
  }
}

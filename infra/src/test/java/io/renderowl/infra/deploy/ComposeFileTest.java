package io.renderowl.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * infra/deploy/compose.yaml loads as {@code docker compose config} loads it: compose-check
 * (infra/deploy/compose-check) runs compose-go's loader, the library the compose CLI is built on
 * (the Compose specification's schema, interpolation, anchors and merges, the consistency checks).
 * The tool comes from infra/scripts/install-deploy-tools.sh; without it the tests are skipped and
 * say so.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // runs compose-check, well under a second each
class ComposeFileTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path COMPOSE = ROOT.resolve("infra/deploy/compose.yaml");

  @TempDir Path tmp;

  @Test
  void theComposeFileIsValidWithAndWithoutTheGpuProfile() throws Exception {
    Map<String, Object> plain = config(List.of());
    assertThat(map(plain, "services").keySet())
        .containsExactlyInAnyOrder(
            "postgres", "redis", "minio", "temporal", "api", "pipeline-worker", "render-worker");

    Map<String, Object> gpu = config(List.of("-profile", "gpu"));
    assertThat(map(gpu, "services")).containsKey("gpu-render-worker");
    Map<String, Object> gpuWorker = map(map(gpu, "services"), "gpu-render-worker");
    assertThat(gpuWorker.get("command"))
        .isEqualTo(List.of("worker", "--render-only", "--slots", "2"));
    assertThat(String.valueOf(gpuWorker.get("deploy"))).contains("nvidia");
    // The merged anchors: every role waits for the servers' health checks and has its own.
    Map<String, Object> render = map(map(plain, "services"), "render-worker");
    assertThat(map(render, "depends_on").keySet())
        .containsExactlyInAnyOrder("postgres", "redis", "minio", "temporal", "api");
    assertThat(map(map(render, "depends_on"), "temporal"))
        .containsEntry("condition", "service_healthy");
    assertThat(map(render, "environment"))
        .containsEntry("RENDEROWL_RENDER_GPU", "off")
        .containsEntry("RENDEROWL_TEMPORAL_ADDRESS", "temporal:7233");
    assertThat(map(render, "healthcheck")).containsKey("test");
  }

  @Test
  void theCheckRefusesAFileComposeWouldRefuse() throws Exception {
    Path unknownKey = tmp.resolve("unknown-key.yaml");
    Files.writeString(unknownKey, "services:\n  a:\n    image: x\n    replicas_typo: 2\n");
    Result schema = run(List.of(tool(), unknownKey.toString()));
    assertThat(schema.exitCode()).isEqualTo(1);
    assertThat(schema.output()).contains("replicas_typo");

    Path missingService = tmp.resolve("missing-service.yaml");
    Files.writeString(missingService, "services:\n  a:\n    image: x\n    depends_on: [b]\n");
    Result consistency = run(List.of(tool(), missingService.toString()));
    assertThat(consistency.exitCode()).isEqualTo(1);
    assertThat(consistency.output()).contains("depends on undefined service \"b\"");
  }

  private Map<String, Object> config(List<String> options) throws Exception {
    List<String> command = new ArrayList<>(List.of(tool()));
    command.addAll(options);
    command.add(COMPOSE.toString());
    Result result = run(command);
    assertThat(result.exitCode()).as(result.output()).isZero();
    Object doc = new Yaml().load(result.output());
    assertThat(doc).isInstanceOf(Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> typed = (Map<String, Object>) doc;
    return typed;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    assertThat(value).as(key).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  /** compose-check from the state folder, where the install script puts it. */
  private static String tool() {
    String home = System.getenv().getOrDefault("RENDEROWL_HOME", ROOT.resolve(".owl").toString());
    Optional<Path> found =
        Optional.of(Path.of(home).resolve("bin/compose-check")).filter(Files::isExecutable);
    assumeThat(found)
        .as("compose-check is not installed: run infra/scripts/install-deploy-tools.sh")
        .isPresent();
    return found.get().toString();
  }

  private record Result(int exitCode, String output) {}

  private static Result run(List<String> command) throws IOException, InterruptedException {
    // The file's ${VARIABLES} take their defaults: none of the caller's environment leaks in.
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> !name.equals("PATH") && !name.equals("HOME"));
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(1, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(command.getFirst() + " did not finish in a minute");
    }
    return new Result(process.exitValue(), output);
  }
}

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
 * The Helm chart (infra/deploy/helm/renderowl): {@code helm lint} is clean, {@code helm template}
 * renders the roles with probes on the management port, the GPU pool and the backlog scalers, and
 * the rendered manifests pass the Kubernetes schemas (kubernetes-validate, which ships them). The
 * tools come from infra/scripts/install-deploy-tools.sh (setup.sh runs it in CI); without them the
 * tests are skipped and say which tool is missing.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES) // runs helm and kubernetes-validate, seconds each
class HelmChartTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path CHART = ROOT.resolve("infra/deploy/helm/renderowl");
  private static final String KUBE_VERSION = "1.31.0";

  @TempDir Path tmp;

  @Test
  void helmLintIsCleanWithTheDefaultsAndWithTheGpuPool() throws Exception {
    String helm = tool("helm", "bin/helm");
    for (List<String> extra :
        List.of(List.<String>of(), List.of("--set", "renderGpu.enabled=true"))) {
      List<String> command = new ArrayList<>(List.of(helm, "lint", "--strict", CHART.toString()));
      command.addAll(extra);
      Result lint = run(command);
      assertThat(lint.exitCode()).as(lint.output()).isZero();
      assertThat(lint.output()).contains("0 chart(s) failed");
    }
  }

  @Test
  void theRenderedChartHasEveryRoleItsProbesTheGpuPoolAndTheBacklogScalers() throws Exception {
    List<Map<String, Object>> docs = rendered();

    assertThat(names(docs, "Deployment"))
        .containsExactlyInAnyOrder("t-api", "t-pipeline-worker", "t-render-cpu", "t-render-gpu");
    assertThat(names(docs, "PodDisruptionBudget")).hasSize(4);
    assertThat(names(docs, "ServiceMonitor")).containsExactly("t");
    assertThat(names(docs, "Secret")).containsExactly("t-keys");

    Map<String, Object> gpu = find(docs, "Deployment", "t-render-gpu");
    Map<String, Object> pod = map(map(map(gpu, "spec"), "template"), "spec");
    assertThat(map(pod, "nodeSelector")).containsEntry("nvidia.com/gpu.present", "true");
    assertThat(String.valueOf(pod.get("tolerations"))).contains("nvidia.com/gpu");
    Map<String, Object> container = first(pod.get("containers"));
    assertThat(map(map(container, "resources"), "limits")).containsEntry("nvidia.com/gpu", 1);
    assertThat(container.get("args")).isEqualTo(List.of("worker", "--render-only", "--slots", "2"));
    assertThat(map(map(container, "readinessProbe"), "httpGet"))
        .containsEntry("path", "/actuator/health/readiness")
        .containsEntry("port", "management");
    assertThat(map(map(container, "livenessProbe"), "httpGet"))
        .containsEntry("path", "/actuator/health/liveness");
    assertThat(map(pod, "securityContext")).containsEntry("runAsNonRoot", true);

    Map<String, Object> cpuScaler = find(docs, "ScaledObject", "t-render-cpu");
    Map<String, Object> trigger = first(map(cpuScaler, "spec").get("triggers"));
    assertThat(trigger).containsEntry("type", "temporal");
    assertThat(map(trigger, "metadata"))
        .containsEntry("taskQueue", "renderowl-render-cpu")
        .containsEntry("queueTypes", "activity");
    assertThat(names(docs, "ScaledObject"))
        .containsExactlyInAnyOrder("t-render-cpu", "t-render-gpu");
    // A scaled Deployment leaves its replica count to the scaler.
    assertThat(map(find(docs, "Deployment", "t-render-cpu"), "spec")).doesNotContainKey("replicas");
  }

  @Test
  void theRenderedManifestsPassTheKubernetesSchemas() throws Exception {
    String validator = tool("kubernetes-validate", "tools/venv/bin/kubernetes-validate");
    Path manifests = tmp.resolve("rendered.yaml");
    Files.writeString(manifests, template());

    Result valid = run(List.of(validator, "-k", KUBE_VERSION, "--strict", manifests.toString()));
    assertThat(valid.exitCode()).as(valid.output()).isZero();
    assertThat(valid.output())
        .contains("passed for resource deployment/t-render-gpu")
        .doesNotContain("failed");

    // The validator does fail a manifest that breaks the schema, so the pass above means something.
    Path broken = tmp.resolve("broken.yaml");
    Files.writeString(
        broken,
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n"
            + "spec: {replicas: two, selector: {}, template: {}}\n");
    Result invalid = run(List.of(validator, "-k", KUBE_VERSION, "--strict", broken.toString()));
    assertThat(invalid.exitCode()).as(invalid.output()).isNotZero();
  }

  private List<Map<String, Object>> rendered() throws Exception {
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object doc : new Yaml().loadAll(template())) {
      if (doc instanceof Map<?, ?> m) {
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) m;
        docs.add(typed);
      }
    }
    return docs;
  }

  private String template() throws Exception {
    Result template =
        run(
            List.of(
                tool("helm", "bin/helm"),
                "template",
                "t",
                CHART.toString(),
                "--kube-version",
                KUBE_VERSION,
                "--set",
                "renderGpu.enabled=true"));
    assertThat(template.exitCode()).as(template.output()).isZero();
    return template.output();
  }

  private static List<String> names(List<Map<String, Object>> docs, String kind) {
    return docs.stream()
        .filter(d -> kind.equals(d.get("kind")))
        .map(d -> String.valueOf(map(d, "metadata").get("name")))
        .toList();
  }

  private static Map<String, Object> find(
      List<Map<String, Object>> docs, String kind, String name) {
    return docs.stream()
        .filter(d -> kind.equals(d.get("kind")) && name.equals(map(d, "metadata").get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    assertThat(value).as(key).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> first(Object list) {
    assertThat(list).isInstanceOf(List.class);
    return (Map<String, Object>) ((List<Object>) list).getFirst();
  }

  /** The tool from the state folder (where the install script puts it) or the PATH. */
  private static String tool(String name, String underHome) {
    String home = System.getenv().getOrDefault("RENDEROWL_HOME", ROOT.resolve(".owl").toString());
    Optional<Path> found =
        Optional.of(Path.of(home).resolve(underHome)).filter(Files::isExecutable);
    if (found.isEmpty()) {
      found =
          java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
              .map(dir -> Path.of(dir, name))
              .filter(Files::isExecutable)
              .findFirst();
    }
    assumeThat(found)
        .as("%s is not installed: run infra/scripts/install-deploy-tools.sh", name)
        .isPresent();
    return found.get().toString();
  }

  private record Result(int exitCode, String output) {}

  private static Result run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(command.getFirst() + " did not finish in 2 minutes");
    }
    return new Result(process.exitValue(), output);
  }
}

package io.renderowl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderowl.infra.config.RenderowlSettings;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;

/**
 * Where each role's management port and settings come from: the Spring roles' web server
 * properties, and a render-only worker's own environment (it starts no context).
 */
class ManagementPropertiesTest {

  @Test
  void theServerKeepsActuatorOffTheApiPortAndAWorkerTakesAFreePort() {
    Map<String, Object> serve = new HashMap<>();
    OwlApplication.management(OwlApplication.Mode.SERVE, serve);
    assertThat(serve)
        .containsEntry("management.server.port", "${" + OwlApplication.MANAGEMENT_PORT + ":8081}")
        .doesNotContainKey("server.tomcat.threads.max");
    Map<String, Object> worker = new HashMap<>();
    OwlApplication.management(OwlApplication.Mode.WORKER, worker);
    assertThat(worker)
        .containsEntry("server.port", "${" + OwlApplication.MANAGEMENT_PORT + ":0}")
        .containsEntry("management.metrics.tags.role", "worker");
  }

  @Test
  void aRenderOnlyWorkersFlagsWinOverTheEnvironmentAndItsRoleIsAlwaysRender() {
    System.setProperty("RENDEROWL_WORKER_ROLE", "pipeline");
    System.setProperty("RENDEROWL_RENDER_CONCURRENCY", "3");
    try {
      StandardEnvironment environment =
          RenderOnlyWorker.environment(Map.of("RENDEROWL_RENDER_CONCURRENCY", "1"));
      RenderowlSettings settings = RenderowlSettings.from(environment::getProperty);
      assertThat(settings.render().renderOnly()).isTrue();
      assertThat(settings.worker().renderSlots()).isEqualTo(1);
      assertThat(environment.getProperty(OwlApplication.MANAGEMENT_PORT)).isEqualTo("0");
      assertThat(environment.getProperty("logging.file.name")).endsWith("/logs/owl.log");
    } finally {
      System.clearProperty("RENDEROWL_WORKER_ROLE");
      System.clearProperty("RENDEROWL_RENDER_CONCURRENCY");
    }
  }

  @Test
  void aRenderOnlyWorkersManagementPortMustBeAPort() {
    assertThat(RenderOnlyWorker.managementPort(null)).isZero();
    assertThat(RenderOnlyWorker.managementPort(" 9091 ")).isEqualTo(9091);
    for (String bad : new String[] {"-1", "65536", "http", ""}) {
      assertThatThrownBy(() -> RenderOnlyWorker.managementPort(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "RENDEROWL_MANAGEMENT_PORT must be a port from 0 to 65535 (got '"
                  + bad.strip()
                  + "')");
    }
  }
}

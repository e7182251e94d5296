package io.renderowl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The management web server's settings per role: a render-only worker keeps a small pool. */
class ManagementPropertiesTest {

  @Test
  void aRenderOnlyWorkerServesProbesWithFourRequestThreads() {
    Map<String, Object> render = new HashMap<>();
    OwlApplication.management(OwlApplication.Mode.RENDER_WORKER, render);
    assertThat(render)
        .containsEntry("server.tomcat.threads.max", "4")
        .containsEntry("server.tomcat.threads.min-spare", "1")
        .containsEntry("server.port", "${" + OwlApplication.MANAGEMENT_PORT + ":0}");
  }

  @Test
  void otherRolesKeepTomcatsDefaults() {
    for (OwlApplication.Mode mode :
        new OwlApplication.Mode[] {OwlApplication.Mode.WORKER, OwlApplication.Mode.SERVE}) {
      Map<String, Object> props = new HashMap<>();
      OwlApplication.management(mode, props);
      assertThat(props).as(mode.name()).doesNotContainKey("server.tomcat.threads.max");
    }
  }
}

package io.renderowl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The management web server's settings per role (a render-only worker keeps a small pool), and
 * which render-only workers run Liquibase.
 */
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

  @Test
  void aRenderOnlyWorkerMigratesOnlyADatabaseItStartsItself() {
    String previous = System.getProperty("RENDEROWL_DB_URL");
    System.clearProperty("RENDEROWL_DB_URL");
    try {
      assertThat(OwlApplication.migratesItsOwnDatabase(Map.of())).isTrue();
      assertThat(
              OwlApplication.migratesItsOwnDatabase(
                  Map.of("RENDEROWL_DB_URL", "jdbc:postgresql://127.0.0.1:5432/renderowl")))
          .isFalse();
      System.setProperty("RENDEROWL_DB_URL", "jdbc:postgresql://127.0.0.1:5432/renderowl");
      assertThat(OwlApplication.migratesItsOwnDatabase(Map.of())).isFalse();
    } finally {
      if (previous == null) {
        System.clearProperty("RENDEROWL_DB_URL");
      } else {
        System.setProperty("RENDEROWL_DB_URL", previous);
      }
    }
  }
}

package io.renderowl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.cli.OwlApplication.Mode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A one-shot command leaves out what only a management port or a web server uses, and keeps what
 * runs pipelines; the long-running roles keep their health, metrics and web server.
 */
class OneShotAutoConfigurationsTest {
  static final List<String> SERVING =
      List.of(
          "org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration",
          "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration",
          "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
          "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration",
          "org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration",
          "org.springframework.boot.liquibase.autoconfigure.LiquibaseEndpointAutoConfiguration",
          "org.springframework.boot.autoconfigure.jmx.JmxAutoConfiguration",
          "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration",
          "org.springdoc.core.configuration.SpringDocConfiguration",
          "org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration");

  /**
   * What runs pipelines: the database, its schema, batches, the transaction manager, JSON,
   * executors.
   */
  static final List<String> ENGINE =
      List.of(
          "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
          "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
          "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration",
          "org.springframework.boot.batch.autoconfigure.BatchAutoConfiguration",
          "org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcAutoConfiguration",
          "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
          "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
          "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration",
          "org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration");

  @Test
  void oneShotCommandsLeaveOutWhatOnlyAPortServes() {
    for (Mode mode : new Mode[] {Mode.RUN, Mode.CLIENT}) {
      List<String> excluded = OwlApplication.excludedAutoConfigurations(mode);
      assertThat(excluded).as(mode.name()).containsAll(SERVING).doesNotContainAnyElementsOf(ENGINE);
    }
  }

  @Test
  void longRunningRolesKeepHealthMetricsAndTheirWebServer() {
    for (Mode mode : new Mode[] {Mode.SERVE, Mode.WORKER}) {
      List<String> excluded = OwlApplication.excludedAutoConfigurations(mode);
      assertThat(excluded).as(mode.name()).doesNotContainAnyElementsOf(SERVING.subList(0, 4));
    }
    assertThat(OwlApplication.excludedAutoConfigurations(Mode.SERVE))
        .doesNotContainAnyElementsOf(SERVING);
  }

  @Test
  void everyModeLeavesOutDeclarativeTransactionsThatNothingUses() {
    for (Mode mode : Mode.values()) {
      assertThat(OwlApplication.excludedAutoConfigurations(mode))
          .as(mode.name())
          .contains(
              "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration")
          .doesNotContain(
              "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration");
    }
  }

  @Test
  void everyCandidateIsJudgedByItsName() {
    assertThat(
            OneShotAutoConfigurations.servesOnly(
                "org.springframework.boot.actuate.autoconfigure.info.InfoEndpointAutoConfiguration"))
        .isTrue();
    assertThat(
            OneShotAutoConfigurations.servesOnly(
                "org.springframework.boot.autoconfigure.aop.AopAutoConfiguration"))
        .isFalse();
  }
}

package io.renderowl.cli;

import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;

/**
 * The auto-configurations a one-shot command ({@code owl demo}, {@code owl run}, {@code owl
 * status}...) leaves out: it opens no port, so nothing reads its health, metrics, actuator
 * endpoints, OpenAPI document or web server, and no request body reaches it to validate. Spring
 * still parses and evaluates each candidate at start; leaving these out started the demo's run at a
 * median 2.60 s against 2.79 s, and {@code owl status} took 2.68 s against 2.94 s (five alternating
 * pairs; README, Performance: "One-shot commands leave out what only a port serves").
 *
 * <p>Long-running roles (serve, worker, render worker) keep all of them: their management port
 * answers health probes and Prometheus scrapes. The application's own meters go to Micrometer's
 * global registry, which records nothing in a one-shot command (no registry is added to it) and
 * costs nothing.
 */
final class OneShotAutoConfigurations {
  private OneShotAutoConfigurations() {}

  /** Packages of auto-configurations that serve only a management port or a web server. */
  static final List<String> SERVING_PACKAGES =
      List.of(
          "org.springframework.boot.actuate.",
          "org.springframework.boot.health.",
          "org.springframework.boot.micrometer.",
          "org.springframework.boot.servlet.",
          "org.springframework.boot.tomcat.",
          "org.springframework.boot.webmvc.",
          "org.springdoc.");

  /** Auto-configurations elsewhere that serve the same (an endpoint, a metric, JMX). */
  static final List<String> SERVING_SUFFIXES =
      List.of(
          "EndpointAutoConfiguration",
          "MetricsAutoConfiguration",
          "ObservationAutoConfiguration",
          "HealthContributorAutoConfiguration",
          "JmxAutoConfiguration");

  /**
   * Bean Validation (Hibernate Validator's start, about 80 ms): only the REST API validates request
   * bodies; the engine checks timelines with its own validator.
   */
  static final String VALIDATION =
      "org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration";

  /** The candidates on the class path that a one-shot command leaves out. */
  static List<String> excluded(ClassLoader classLoader) {
    return ImportCandidates.load(AutoConfiguration.class, classLoader).getCandidates().stream()
        .filter(OneShotAutoConfigurations::servesOnly)
        .toList();
  }

  /** Whether an auto-configuration serves only a management port, a web server or the API. */
  static boolean servesOnly(String autoConfiguration) {
    return SERVING_PACKAGES.stream().anyMatch(autoConfiguration::startsWith)
        || SERVING_SUFFIXES.stream().anyMatch(autoConfiguration::endsWith)
        || autoConfiguration.equals(VALIDATION);
  }
}

package io.renderowl.infra.health.internal;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** A {@link DependencyProbe} as an Actuator health indicator. */
public final class DependencyHealthIndicator implements HealthIndicator {
  private final DependencyProbe probe;

  public DependencyHealthIndicator(String what, DependencyCheck check) {
    this.probe = new DependencyProbe(what, check);
  }

  @Override
  public Health health() {
    DependencyProbe.Result result = probe.probe();
    return (result.up() ? Health.up() : Health.down()).withDetails(result.details()).build();
  }
}

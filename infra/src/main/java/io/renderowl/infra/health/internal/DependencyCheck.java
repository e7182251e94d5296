package io.renderowl.infra.health.internal;

/** One round trip to a dependency; throws when it does not answer as it should. */
@FunctionalInterface
public interface DependencyCheck {
  void run() throws Exception;
}

package io.renderowl.activities.provider;

import io.renderowl.infra.persistence.ProviderUsageRepository;

/** Where provider usage goes (the provider_usage table in the engine). */
@FunctionalInterface
public interface UsageSink {

  void record(ProviderUsageRepository.Usage usage);

  /** Records into the provider_usage table. */
  static UsageSink of(ProviderUsageRepository repository) {
    return repository::record;
  }

  /** Records nothing (tests of single providers). */
  UsageSink NONE = usage -> {};

  /** Records one quantity. */
  default void record(
      String runId,
      String provider,
      String operation,
      String unit,
      double quantity,
      boolean cached) {
    if (runId != null && quantity > 0) {
      record(new ProviderUsageRepository.Usage(runId, provider, operation, unit, quantity, cached));
    }
  }
}

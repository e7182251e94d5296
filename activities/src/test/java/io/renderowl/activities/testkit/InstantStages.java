package io.renderowl.activities.testkit;

import io.renderowl.activities.ledger.RunLedgerActivitiesImpl;
import io.renderowl.activities.worker.StageActivities;
import io.renderowl.infra.credits.PriceList;
import io.renderowl.infra.persistence.CreditRepository;
import io.renderowl.infra.persistence.PipelineRunRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * TEST-ONLY: replaces every stage of the workers by {@link InstantActivities}; the workflows
 * (pipeline, render child, permits) and the run ledger stay real. Tests import it; {@code owl bench
 * batch} adds it to its application.
 */
@Configuration(proxyBeanMethods = false)
public class InstantStages {

  @Bean
  StageActivities instantStageActivities(
      PipelineRunRepository runs, CreditRepository credits, PriceList prices) {
    InstantActivities instant = new InstantActivities();
    return new StageActivities(
        instant,
        instant,
        instant,
        instant,
        instant,
        instant,
        instant,
        (codec, identity) -> instant,
        instant,
        new RunLedgerActivitiesImpl(runs, credits, prices),
        false);
  }
}

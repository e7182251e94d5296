package io.renderowl.activities.visuals;

import io.renderowl.activities.provider.ProviderFailures;
import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.Scene;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries the configured visual sources in order: a source with no result, or one that fails, hands
 * over to the next. Our own token bucket being empty for a moment is neither: that failure ({@value
 * ProviderFailures#OWN_RATE_LIMITED}) is thrown as it is, so Temporal retries the scene after the
 * announced time with the same source first. When none delivers, the scene fails with every
 * source's reason: retryable (with the shortest delay asked for) when some source failed in a
 * retryable way, else non-retryable {@value ProviderFailures#NO_RESULT}. Every call has a timeout,
 * so it never hangs.
 */
public final class VisualChain {
  private static final Logger LOG = LoggerFactory.getLogger(VisualChain.class);
  private final List<VisualSource> sources;

  public VisualChain(List<VisualSource> sources) {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("no visual source configured");
    }
    this.sources = List.copyOf(sources);
  }

  public List<String> names() {
    return sources.stream().map(VisualSource::name).toList();
  }

  public VisualSource.Found find(String runId, Scene scene, Aspect aspect) {
    List<String> reasons = new ArrayList<>();
    Duration retryIn = null;
    for (VisualSource source : sources) {
      try {
        VisualSource.Outcome outcome = source.find(runId, scene, aspect);
        if (outcome.found() != null) {
          return outcome.found();
        }
        reasons.add(source.name() + ": " + outcome.miss());
      } catch (ApplicationFailure f) {
        if (ProviderFailures.OWN_RATE_LIMITED.equals(f.getType())) {
          // Our own limiter asks for a short wait: the scene waits for this source (the activity
          // is retried after the announced time) instead of going to a lower-quality one.
          LOG.info("scene {}: {}; retrying after that wait", scene.index(), f.getOriginalMessage());
          throw f;
        }
        reasons.add(source.name() + ": " + f.getOriginalMessage());
        if (!f.isNonRetryable()) {
          Duration d =
              f.getNextRetryDelay() == null ? Duration.ofSeconds(5) : f.getNextRetryDelay();
          retryIn = retryIn == null || d.compareTo(retryIn) < 0 ? d : retryIn;
        }
      }
      LOG.info("scene {}: {}; trying the next source", scene.index(), reasons.getLast());
    }
    String message =
        "no visual for scene "
            + scene.index()
            + " ('"
            + scene.searchTerms()
            + "'): "
            + String.join("; ", reasons);
    if (retryIn != null) {
      throw ProviderFailures.retryable(ProviderFailures.UNAVAILABLE, message, retryIn);
    }
    throw ProviderFailures.nonRetryable(ProviderFailures.NO_RESULT, message);
  }
}

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
 * over to the next. A short wait is neither: our own token bucket being empty for a moment ({@value
 * ProviderFailures#OWN_RATE_LIMITED}), and on the activity's first {@value
 * #RATE_LIMIT_WAIT_ATTEMPTS} attempts a provider's 429 asking for at most {@link
 * #MAX_RATE_LIMIT_WAIT} ({@value ProviderFailures#RATE_LIMITED}), are thrown as they are, so
 * Temporal retries the scene after the announced time with the same source first instead of handing
 * it to a lower-quality one. A 429 that asks for longer, or still comes on a later attempt, moves
 * on like any failure; so does a 5xx at once (it announces no time to wait). When none delivers,
 * the scene fails with every source's reason: retryable (with the shortest delay asked for) when
 * some source failed in a retryable way, else non-retryable {@value ProviderFailures#NO_RESULT}.
 * Every call has a timeout, so it never hangs.
 */
public final class VisualChain {
  private static final Logger LOG = LoggerFactory.getLogger(VisualChain.class);

  /** The longest provider rate-limit wait a scene sits out for the same source. */
  public static final Duration MAX_RATE_LIMIT_WAIT = Duration.ofSeconds(60);

  /**
   * The activity attempts on which a provider's short 429 is waited out; from the next one on, a
   * provider that keeps answering 429 is passed over, so a scene never waits for it indefinitely.
   */
  public static final int RATE_LIMIT_WAIT_ATTEMPTS = 2;

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

  /**
   * The first source's visual for {@code scene}.
   *
   * @param attempt the activity attempt (1-based): whether a provider's short 429 is still waited
   *     out
   */
  public VisualSource.Found find(String runId, Scene scene, Aspect aspect, int attempt) {
    List<String> reasons = new ArrayList<>();
    Duration retryIn = null;
    for (VisualSource source : sources) {
      try {
        VisualSource.Outcome outcome = source.find(runId, scene, aspect);
        if (outcome.found() != null) {
          LOG.info("scene {}: visual from {} (attempt {})", scene.index(), source.name(), attempt);
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
        if (ProviderFailures.RATE_LIMITED.equals(f.getType())) {
          Duration wait = f.getNextRetryDelay();
          boolean shortWait = wait != null && wait.compareTo(MAX_RATE_LIMIT_WAIT) <= 0;
          if (shortWait && attempt <= RATE_LIMIT_WAIT_ATTEMPTS) {
            // The provider asks for a short wait: a delay for this source, not a miss.
            LOG.info(
                "scene {}: {}; attempt {} waits for {} ({} ms) instead of trying the next source",
                scene.index(),
                f.getOriginalMessage(),
                attempt,
                source.name(),
                wait.toMillis());
            throw f;
          }
          reasons.add(
              source.name()
                  + ": "
                  + f.getOriginalMessage()
                  + (wait == null
                      ? ""
                      : shortWait
                          ? " (still rate limited on attempt " + attempt + ")"
                          : " (asks to wait over " + MAX_RATE_LIMIT_WAIT.toSeconds() + " s)"));
        } else {
          reasons.add(source.name() + ": " + f.getOriginalMessage());
        }
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

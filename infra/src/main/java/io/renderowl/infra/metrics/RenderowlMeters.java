package io.renderowl.infra.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Every meter Renderowl records, by name. Prometheus shows a name with dots as underscores and adds
 * {@code _total} to counters and {@code _seconds} to timers: {@code renderowl.runs.finished} is
 * scraped as {@code renderowl_runs_finished_total}.
 *
 * <p>Code that records something calls one of the methods below; a new kind of measurement adds a
 * method here (and a panel in {@code infra/deploy/grafana/renderowl.json}). {@link #global()}
 * records into Micrometer's global registry, which Spring Boot's Prometheus registry joins, so a
 * class that is not a Spring bean can record without wiring. Tag values are categories (a stage, a
 * provider, an outcome, a failure kind), never ids or messages: each value is a time series.
 */
public final class RenderowlMeters {
  /** Prefix of every Renderowl meter. */
  public static final String PREFIX = "renderowl.";

  public static final String RUNS_STARTED = PREFIX + "runs.started";
  public static final String RUNS_FINISHED = PREFIX + "runs.finished";
  public static final String STAGE_DURATION = PREFIX + "stage.duration";
  public static final String RENDER_FRAMES = PREFIX + "render.frames";
  public static final String RENDER_FPS = PREFIX + "render.fps";
  public static final String RENDER_CHUNK_DURATION = PREFIX + "render.chunk.duration";
  public static final String PROVIDER_CALLS = PREFIX + "provider.calls";
  public static final String PROVIDER_LATENCY = PREFIX + "provider.latency";
  public static final String PROVIDER_RETRIES = PREFIX + "provider.retries";
  public static final String RATE_LIMIT_WAIT = PREFIX + "provider.rate_limit.wait";
  public static final String BATCH_ROWS = PREFIX + "batch.rows";
  public static final String PUBLISH_OUTCOMES = PREFIX + "publish.outcomes";
  public static final String CREDITS = PREFIX + "credits";

  private static final Pattern TAG_VALUE = Pattern.compile("[a-z0-9][a-z0-9_.:-]{0,63}");

  private final MeterRegistry registry;

  public RenderowlMeters(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** Meters in Micrometer's global registry (Spring Boot adds its registries to it). */
  public static RenderowlMeters global() {
    return new RenderowlMeters(Metrics.globalRegistry);
  }

  /** A run was accepted and its workflow started ({@code source}: api, cli, batch, channel). */
  public void runStarted(String source) {
    counter(RUNS_STARTED, "Pipeline runs started", "source", source).increment();
  }

  /**
   * A run ended: {@code outcome} completed or failed, {@code stage} where it ended, {@code reason}
   * a failure kind ({@code none} when it completed).
   */
  public void runFinished(String outcome, String stage, String reason) {
    counter(
            RUNS_FINISHED,
            "Pipeline runs that ended, by outcome, stage and failure kind",
            "outcome",
            outcome,
            "stage",
            stage,
            "reason",
            reason)
        .increment();
  }

  /** One stage activity's execution ({@code outcome}: success, failure, retry). */
  public void stageDuration(String stage, String activity, String outcome, Duration took) {
    Timer.builder(STAGE_DURATION)
        .description("Stage activity executions by stage, activity type and outcome")
        .tags("stage", tag(stage), "activity", tag(activity), "outcome", tag(outcome))
        .publishPercentileHistogram()
        .register(registry)
        .record(took);
  }

  /**
   * A chunk of {@code frames} frames was rendered in {@code took} by {@code encoder} (libx264,
   * h264_nvenc): frames counted, the chunk timed and its frames per second recorded.
   */
  public void chunkRendered(String encoder, long frames, Duration took) {
    counter(RENDER_FRAMES, "Frames rendered", "encoder", encoder).increment(frames);
    Timer.builder(RENDER_CHUNK_DURATION)
        .description("Wall time of one render chunk")
        .tags("encoder", tag(encoder))
        .publishPercentileHistogram()
        .register(registry)
        .record(took);
    if (!took.isZero() && !took.isNegative()) {
      DistributionSummary.builder(RENDER_FPS)
          .description("Frames per second of each render chunk")
          .tags("encoder", tag(encoder))
          .register(registry)
          .record(frames * 1000.0 / Math.max(1, took.toMillis()));
    }
  }

  /**
   * One HTTP call to a provider ({@code outcome}: ok, client_error, server_error, rate_limited,
   * io_error).
   */
  public void providerCall(String provider, String outcome, Duration took) {
    counter(PROVIDER_CALLS, "Provider calls by outcome", "provider", provider, "outcome", outcome)
        .increment();
    Timer.builder(PROVIDER_LATENCY)
        .description("Provider call latency")
        .tags("provider", tag(provider))
        .publishPercentileHistogram()
        .register(registry)
        .record(took);
  }

  /** A provider call is tried again. */
  public void providerRetry(String provider) {
    counter(PROVIDER_RETRIES, "Provider calls tried again", "provider", provider).increment();
  }

  /** A call waited for the provider's rate limit. */
  public void rateLimitWait(String provider, Duration waited) {
    Timer.builder(RATE_LIMIT_WAIT)
        .description("Time calls waited for a provider's rate limit")
        .tags("provider", tag(provider))
        .register(registry)
        .record(waited);
  }

  /** Bulk-batch rows handled ({@code outcome}: started, skipped). Rows per second: rate(). */
  public void batchRows(String outcome, long rows) {
    counter(BATCH_ROWS, "Bulk batch rows by outcome", "outcome", outcome).increment(rows);
  }

  /** One publication attempt ({@code outcome}: published, failed, skipped). */
  public void publishOutcome(String platform, String outcome) {
    counter(
            PUBLISH_OUTCOMES,
            "Publication attempts by platform and outcome",
            "platform",
            platform,
            "outcome",
            outcome)
        .increment();
  }

  /**
   * Credits moved ({@code kind}: reserved, captured, charged, refunded, released, granted,
   * purchased).
   */
  public void credits(String kind, long amount) {
    counter(CREDITS, "Credits by movement", "kind", kind).increment(amount);
  }

  private Counter counter(String name, String description, String... tags) {
    String[] values = tags.clone();
    for (int i = 1; i < values.length; i += 2) {
      values[i] = tag(values[i]);
    }
    return Counter.builder(name).description(description).tags(values).register(registry);
  }

  /**
   * A tag value as a category: lower case; anything that does not look like one (an id, a sentence,
   * a blank) becomes {@code other}, so a careless caller cannot explode the series.
   */
  static String tag(String value) {
    if (value == null) {
      return "none";
    }
    String v = value.strip().toLowerCase(Locale.ROOT);
    return TAG_VALUE.matcher(v).matches() ? v : "other";
  }
}

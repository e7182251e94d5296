package io.renderowl.infra.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RenderowlMetersTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final RenderowlMeters meters = new RenderowlMeters(registry);

  @Test
  void finishedRunsAreCountedByOutcomeStageAndReasonUnderTheirPrometheusName() {
    meters.runFinished("failed", "VOICE", "stage_failed");
    meters.runFinished("failed", "VOICE", "stage_failed");
    meters.runFinished("completed", "COMPLETED", "none");

    String scrape = registry.scrape();

    assertThat(scrape)
        .contains(
            "renderowl_runs_finished_total{outcome=\"failed\",reason=\"stage_failed\",stage=\"voice\"} 2.0")
        .contains(
            "renderowl_runs_finished_total{outcome=\"completed\",reason=\"none\",stage=\"completed\"} 1.0");
  }

  @Test
  void aRenderedChunkCountsItsFramesTimesTheChunkAndRecordsItsFramesPerSecond() {
    meters.chunkRendered("libx264", 300, Duration.ofSeconds(10));

    assertThat(registry.get(RenderowlMeters.RENDER_FRAMES).counter().count()).isEqualTo(300);
    assertThat(
            registry
                .get(RenderowlMeters.RENDER_CHUNK_DURATION)
                .timer()
                .totalTime(java.util.concurrent.TimeUnit.SECONDS))
        .isEqualTo(10.0);
    assertThat(registry.get(RenderowlMeters.RENDER_FPS).summary().mean()).isEqualTo(30.0);
    assertThat(registry.scrape()).contains("renderowl_render_chunk_duration_seconds_bucket");
  }

  @Test
  void providerCallsRetriesAndRateLimitWaitsAreKeptPerProvider() {
    meters.providerCall("openai", "ok", Duration.ofMillis(120));
    meters.providerCall("openai", "rate_limited", Duration.ofMillis(5));
    meters.providerRetry("openai");
    meters.rateLimitWait("pexels", Duration.ofMillis(250));

    assertThat(
            registry
                .get(RenderowlMeters.PROVIDER_CALLS)
                .tags("provider", "openai", "outcome", "rate_limited")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(registry.get(RenderowlMeters.PROVIDER_LATENCY).timer().count()).isEqualTo(2);
    assertThat(registry.get(RenderowlMeters.PROVIDER_RETRIES).counter().count()).isEqualTo(1);
    assertThat(
            registry
                .get(RenderowlMeters.RATE_LIMIT_WAIT)
                .tags("provider", "pexels")
                .timer()
                .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
        .isEqualTo(250);
  }

  @Test
  void tagValuesThatAreNotCategoriesBecomeOtherSoIdsCannotExplodeTheSeries() {
    assertThat(RenderowlMeters.tag("YouTube")).isEqualTo("youtube");
    assertThat(RenderowlMeters.tag("voice failed: unknown espeak-ng voice 'zz'"))
        .isEqualTo("other");
    assertThat(RenderowlMeters.tag(null)).isEqualTo("none");
    assertThat(RenderowlMeters.tag(" ")).isEqualTo("other");
  }

  @Test
  void theMetersOthersRecordIntoArePublishOutcomesCreditsAndBatchRows() {
    meters.publishOutcome("youtube", "published");
    meters.credits("captured", 3);
    meters.batchRows("started", 95);
    meters.batchRows("skipped", 5);

    assertThat(registry.scrape())
        .contains(
            "renderowl_publish_outcomes_total{outcome=\"published\",platform=\"youtube\"} 1.0")
        .contains("renderowl_credits_total{kind=\"captured\"} 3.0")
        .contains("renderowl_batch_rows_total{outcome=\"started\"} 95.0")
        .contains("renderowl_batch_rows_total{outcome=\"skipped\"} 5.0");
  }

  @Test
  void theGrafanaDashboardShowsEveryRenderowlMeter() throws Exception {
    String dashboard =
        java.nio.file.Files.readString(
            java.nio.file.Path.of("..", "infra", "deploy", "grafana", "renderowl.json"));
    for (java.lang.reflect.Field f : RenderowlMeters.class.getFields()) {
      String name = (String) f.get(null);
      if (name.equals(RenderowlMeters.PREFIX)) {
        continue;
      }
      assertThat(dashboard).as(name).contains(name.replace('.', '_'));
    }
  }
}

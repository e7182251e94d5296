package io.renderowl.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenderowlSettingsTest {

  static RenderowlSettings settings(Map<String, String> env) {
    return RenderowlSettings.from(env::get);
  }

  @Test
  void withNothingSetEveryPartRunsEmbeddedUnderTheHomeFolder() {
    RenderowlSettings s = settings(Map.of("RENDEROWL_HOME", "/srv/owl"));

    assertThat(s.database().embedded()).isTrue();
    assertThat(s.redis().embedded()).isTrue();
    assertThat(s.s3().embedded()).isTrue();
    assertThat(s.temporal().embedded()).isTrue();
    assertThat(s.temporal().server()).isEqualTo("auto");
    assertThat(s.temporal().port()).isEqualTo(7233);
    assertThat(s.s3().bucket()).isEqualTo("renderowl");
    assertThat(s.publishDir()).isEqualTo(Path.of("/srv/owl/published"));
    assertThat(s.publishers()).containsExactly("local-folder");
    assertThat(s.worker().enabled()).isTrue();
    assertThat(s.worker().renderConcurrency()).isEqualTo("auto");
    assertThat(s.worker().renderSlots()).isBetween(1, Runtime.getRuntime().availableProcessors());
  }

  @Test
  void autoRenderSlotsAreOnePerCoreWhileHalfTheMemoryHoldsHalfAGigabytePerSlot() {
    long gb = 1L << 30;
    assertThat(RenderowlSettings.Worker.autoRenderSlots(2, 8 * gb)).isEqualTo(2);
    assertThat(RenderowlSettings.Worker.autoRenderSlots(16, 8 * gb)).isEqualTo(8);
    assertThat(RenderowlSettings.Worker.autoRenderSlots(4, gb / 2)).isEqualTo(1);
    assertThat(RenderowlSettings.Worker.autoRenderSlots(1, 0)).isEqualTo(1);
    assertThat(RenderowlSettings.Worker.autoRenderSlots(6, 0)).isEqualTo(6);
  }

  @Test
  void theSameValuesBindOnceAndOtherValuesBindAgain() {
    Map<String, String> env =
        Map.of("RENDEROWL_HOME", "/srv/owl-once", "RENDEROWL_RENDER_CHUNK_FRAMES", "240");
    RenderowlSettings first = settings(env);

    // a command's start binds its settings two or three times: the later ones get the first
    assertThat(settings(new java.util.HashMap<>(env))).isSameAs(first);
    // a blank value is unset, as before: the same values, the same record
    Map<String, String> blank = new java.util.HashMap<>(env);
    blank.put("RENDEROWL_REDIS_URL", " ");
    assertThat(settings(blank)).isSameAs(first);

    RenderowlSettings other =
        settings(Map.of("RENDEROWL_HOME", "/srv/owl-once", "RENDEROWL_RENDER_CHUNK_FRAMES", "300"));
    assertThat(other.render().chunkFrames()).isEqualTo(300);
    assertThat(first.render().chunkFrames()).isEqualTo(240);
    assertThat(settings(env)).isSameAs(first);
  }

  @Test
  void aWrongValueIsReportedAtEveryBindNotRemembered() {
    Map<String, String> wrong = Map.of("RENDEROWL_RENDER_CHUNK_FRAMES", "0");
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> settings(wrong))
          .hasMessage("RENDEROWL_RENDER_CHUNK_FRAMES must be at least 1 (got '0')");
    }
  }

  @Test
  void aNumberOfRenderSlotsIsTakenAsItIs() {
    RenderowlSettings s =
        settings(Map.of("RENDEROWL_HOME", "/srv/owl", "RENDEROWL_RENDER_CONCURRENCY", "3"));

    assertThat(s.worker().renderSlots()).isEqualTo(3);
  }

  @Test
  void addressesPointPartsAtRealServers() {
    RenderowlSettings s =
        settings(
            Map.of(
                "RENDEROWL_DB_URL", "jdbc:postgresql://db:5432/owl",
                "RENDEROWL_DB_USER", "owl",
                "RENDEROWL_REDIS_URL", "redis://cache:6379/0",
                "RENDEROWL_S3_ENDPOINT", "https://r2.example",
                "RENDEROWL_S3_REGION", "auto",
                "RENDEROWL_TEMPORAL_ADDRESS", "temporal:7233",
                "RENDEROWL_TEMPORAL_NAMESPACE", "renderowl",
                "RENDEROWL_WORKER", "false",
                "RENDEROWL_PUBLISHERS", "local-folder, youtube"));

    assertThat(s.database().embedded()).isFalse();
    assertThat(s.database().user()).isEqualTo("owl");
    assertThat(s.redis().embedded()).isFalse();
    assertThat(s.s3().embedded()).isFalse();
    assertThat(s.s3().region()).isEqualTo("auto");
    assertThat(s.temporal().embedded()).isFalse();
    assertThat(s.temporal().namespace()).isEqualTo("renderowl");
    assertThat(s.worker().enabled()).isFalse();
    assertThat(s.publishers()).isEqualTo(List.of("local-folder", "youtube"));
  }

  @Test
  void aMalformedValueNamesTheVariableAndWhatItAccepts() {
    assertThatThrownBy(() -> settings(Map.of("RENDEROWL_TEMPORAL_SERVER", "prod")))
        .hasMessage("RENDEROWL_TEMPORAL_SERVER must be one of auto, dev, test (got 'prod')");
    assertThatThrownBy(() -> settings(Map.of("RENDEROWL_WORKER", "maybe")))
        .hasMessage("RENDEROWL_WORKER must be true or false (got 'maybe')");
    assertThatThrownBy(() -> settings(Map.of("RENDEROWL_TEMPORAL_PORT", "72x3")))
        .hasMessage("RENDEROWL_TEMPORAL_PORT must be a number (got '72x3')");
  }

  @Test
  void renderSettingsHaveDefaultsAndAreChecked() {
    RenderowlSettings.Render defaults = settings(Map.of()).render();

    assertThat(defaults)
        .isEqualTo(new RenderowlSettings.Render(300, "auto", 60, 30, "all", "-14", -1, "auto"));
    assertThat(defaults.renderOnly()).isFalse();
    assertThat(defaults.gpuAllowed()).isTrue();

    RenderowlSettings.Render set =
        settings(
                Map.of(
                    "RENDEROWL_RENDER_CHUNK_FRAMES", "120",
                    "RENDEROWL_RENDER_GPU", "off",
                    "RENDEROWL_RENDER_GPU_WAIT_SECONDS", "15",
                    "RENDEROWL_RENDER_HEARTBEAT_SECONDS", "5",
                    "RENDEROWL_WORKER_ROLE", "render"))
            .render();
    assertThat(set)
        .isEqualTo(new RenderowlSettings.Render(120, "off", 15, 5, "render", "-14", -1, "auto"));
    assertThat(set.renderOnly()).isTrue();
    assertThat(set.gpuAllowed()).isFalse();

    assertThatThrownBy(() -> settings(Map.of("RENDEROWL_RENDER_CHUNK_FRAMES", "0")))
        .hasMessage("RENDEROWL_RENDER_CHUNK_FRAMES must be at least 1 (got '0')");
    assertThatThrownBy(() -> settings(Map.of("RENDEROWL_WORKER_ROLE", "gpu")))
        .hasMessage("RENDEROWL_WORKER_ROLE must be one of all, render, pipeline (got 'gpu')");
  }

  @Test
  void x264SplitsFramesAmongThreadsOnRenderOnlyWorkersUnlessSetOtherwise() {
    assertThat(settings(Map.of()).render().slicedX264Threads()).isFalse();
    assertThat(settings(Map.of("RENDEROWL_WORKER_ROLE", "render")).render().slicedX264Threads())
        .isTrue();
    assertThat(settings(Map.of("RENDEROWL_WORKER_ROLE", "pipeline")).render().slicedX264Threads())
        .isFalse();
    assertThat(
            settings(Map.of("RENDEROWL_WORKER_ROLE", "render", "RENDEROWL_X264_THREADING", "frame"))
                .render()
                .slicedX264Threads())
        .isFalse();
    assertThat(settings(Map.of("RENDEROWL_X264_THREADING", "Sliced")).render().slicedX264Threads())
        .isTrue();
    assertThatThrownBy(() -> settings(Map.of("RENDEROWL_X264_THREADING", "both")))
        .hasMessage("RENDEROWL_X264_THREADING must be one of auto, frame, sliced (got 'both')");
  }

  @Test
  void loudnessNormalisationIsOnAtMinus14LufsUnlessTurnedOff() {
    assertThat(settings(Map.of()).render().loudnessTargetLufs()).hasValue(-14);
    assertThat(settings(Map.of("RENDEROWL_LOUDNESS_TARGET", "")).render().loudnessTargetLufs())
        .as("blank is unset, as for every variable")
        .hasValue(-14);
    assertThat(settings(Map.of("RENDEROWL_LOUDNESS_TARGET", "-23.5")).render().loudnessTargetLufs())
        .hasValue(-23.5);
    assertThat(settings(Map.of("RENDEROWL_LOUDNESS_TARGET", "OFF")).render().loudnessTargetLufs())
        .isEmpty();

    assertThatThrownBy(() -> settings(Map.of("RENDEROWL_LOUDNESS_TARGET", "14")))
        .hasMessage(
            "RENDEROWL_LOUDNESS_TARGET must be off or a negative loudness in LUFS such as -14 (got '14')");
    assertThatThrownBy(() -> settings(Map.of("RENDEROWL_TRUE_PEAK_MAX", "0.5")))
        .hasMessage("RENDEROWL_TRUE_PEAK_MAX must be 0 or less (got '0.5')");
  }

  @Test
  void batchChannelAndConcurrencySettingsHaveDefaultsAndAreChecked() {
    RenderowlSettings.Batch b = settings(Map.of()).batch();
    assertThat(b.chunkSize()).isEqualTo(100);
    assertThat(b.maxRuns()).isEqualTo(8);
    assertThat(b.maxRunsPerUser()).isEqualTo(4);
    assertThat(b.scheduler()).isTrue();

    RenderowlSettings.Batch set = settings(Map.of("RENDEROWL_MAX_RUNS", "0")).batch();
    assertThat(set.maxRuns()).isZero();

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> settings(Map.of("RENDEROWL_BATCH_CHUNK_SIZE", "0")))
        .hasMessageContaining("RENDEROWL_BATCH_CHUNK_SIZE must be at least 1");
  }
}

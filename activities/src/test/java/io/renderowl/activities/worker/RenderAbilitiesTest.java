package io.renderowl.activities.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The encoder probe a process with workers starts ahead of its context. */
@Timeout(value = 1, unit = TimeUnit.MINUTES) // FFmpeg's libraries load and two encoders open
class RenderAbilitiesTest {

  @Test
  void theContextGetsTheProbeStartedAheadAndAFreshOneForAnotherSetting() throws Exception {
    PipelineWorkers.RenderAbilities direct = PipelineWorkers.RenderAbilities.probe(true);

    PipelineWorkers.RenderAbilities.probeAhead(true);
    assertThat(PipelineWorkers.RenderAbilities.probedAhead(true)).isEqualTo(direct);

    // taken once: the next context probes for itself
    PipelineWorkers.RenderAbilities.probeAhead(false);
    assertThat(PipelineWorkers.RenderAbilities.probedAhead(true))
        .as("started for GPU off, asked for GPU allowed: probed again")
        .isEqualTo(direct);
    assertThat(PipelineWorkers.RenderAbilities.probedAhead(false).gpuReason())
        .isEqualTo("RENDEROWL_RENDER_GPU=off");
  }
}

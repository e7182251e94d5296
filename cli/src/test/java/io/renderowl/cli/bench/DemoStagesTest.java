package io.renderowl.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * The bench reads owl demo's own lines: the run time, the stage times and the render workflow's
 * time.
 */
class DemoStagesTest {

  private static final String OUTPUT =
      """
      started run run-0123abcd (Temporal 127.0.0.1:7233)
      completed run run-0123abcd in 30.3 s
        video:     http://127.0.0.1:9000/renderowl/runs/run-0123abcd/video.mp4
        done
        stages:    stack 6.1 s, queued 0.2 s, script 0.5 s, voice 2.0 s, render 19.0 s, publish 0.1 s
        render:    19.27 s (the render workflow, start to close)
        written:   /tmp/demo-1.mp4
      """;

  @Test
  void readsTheRunTimeAndEachStage() {
    Matcher run = RenderBenchmark.DEMO_RUN.matcher(OUTPUT);
    assertThat(run.find()).isTrue();
    assertThat(run.group(1)).isEqualTo("30.3");
    Matcher stages = RenderBenchmark.DEMO_STAGES.matcher(OUTPUT);
    assertThat(stages.find()).isTrue();
    String line = stages.group(1).strip();
    assertThat(RenderBenchmark.stageSeconds(line, "stack")).isEqualTo(6.1);
    assertThat(RenderBenchmark.stageSeconds(line, "render")).isEqualTo(19.0);
    assertThat(RenderBenchmark.stageSeconds(line, "voice")).isEqualTo(2.0);
    assertThat(RenderBenchmark.stageSeconds(line, "scenes")).isNaN();
    Matcher render = RenderBenchmark.DEMO_RENDER.matcher(OUTPUT);
    assertThat(render.find()).isTrue();
    assertThat(render.group(1)).isEqualTo("19.27");
  }

  @Test
  void aRunFollowedThroughServeHasNoRenderWorkflowLine() {
    String throughServe = OUTPUT.replaceAll("(?m)^  render: .*\\R", "");
    assertThat(RenderBenchmark.DEMO_RENDER.matcher(throughServe).find()).isFalse();
    assertThat(RenderBenchmark.DEMO_STAGES.matcher(throughServe).find()).isTrue();
  }
}

package io.renderowl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.workflows.Stage;
import org.junit.jupiter.api.Test;

class StageClockTest {

  private long now;

  @Test
  void eachStageRunsFromTheFirstPollThatShowedItToTheFirstThatShowedAnother() {
    StageClock clock = new StageClock(0, () -> now);
    now = 6_000_000_000L; // the stack took 6 s before the first status
    clock.saw(Stage.SCRIPT);
    now += 500_000_000L;
    clock.saw(Stage.SCRIPT);
    now += 500_000_000L;
    clock.saw(Stage.VOICE);
    now += 2_000_000_000L;
    clock.saw(Stage.RENDER);
    now += 19_000_000_000L;
    clock.saw(Stage.RENDER);
    now += 500_000_000L;
    clock.saw(Stage.COMPLETED);
    now += 1_000_000_000L;
    assertThat(clock.seconds(Stage.SCRIPT)).isEqualTo(1.0);
    assertThat(clock.seconds(Stage.VOICE)).isEqualTo(2.0);
    assertThat(clock.seconds(Stage.RENDER)).isEqualTo(19.5);
    assertThat(clock.seconds(Stage.SCENES)).isZero();
    assertThat(clock.summary()).isEqualTo("stack 6.0 s, script 1.0 s, voice 2.0 s, render 19.5 s");
  }

  @Test
  void aRunNeverSeenIsAllStack() {
    StageClock clock = new StageClock(0, () -> now);
    now = 3_000_000_000L;
    assertThat(clock.summary()).isEqualTo("stack 3.0 s");
  }
}

package io.renderowl.activities.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FrameRangeAndEncodingTest {

  @Test
  void splitCoversEveryFrameOnceInNearlyEqualRanges() {
    assertThat(FrameRange.split(900, 4))
        .containsExactly(
            new FrameRange(0, 225),
            new FrameRange(225, 450),
            new FrameRange(450, 675),
            new FrameRange(675, 900));
    assertThat(FrameRange.split(10, 3))
        .containsExactly(new FrameRange(0, 4), new FrameRange(4, 7), new FrameRange(7, 10));
    assertThat(FrameRange.split(2, 5)).containsExactly(new FrameRange(0, 1), new FrameRange(1, 2));
    assertThat(FrameRange.ofSize(900, 400))
        .containsExactly(
            new FrameRange(0, 400), new FrameRange(400, 800), new FrameRange(800, 900));
    assertThatThrownBy(() -> new FrameRange(5, 5)).hasMessageContaining("0 <= from < to");
  }

  @Test
  void encodingsCarryTheirEncoderOptions() {
    assertThat(VideoEncoding.standard(30).encoderOptions())
        .containsExactly(
            java.util.Map.entry("preset", "veryfast"), java.util.Map.entry("crf", "23"));
    assertThat(VideoEncoding.standard(30).gopFrames()).isEqualTo(60);
    assertThat(VideoEncoding.nvenc(30).withThreads(2).encoderOptions())
        .containsExactly(
            java.util.Map.entry("preset", "p4"),
            java.util.Map.entry("rc", "vbr"),
            java.util.Map.entry("cq", "23"),
            java.util.Map.entry("threads", "2"));
    assertThat(VideoEncoding.standard(30).withThreads(2).withSlicedThreads(true).encoderOptions())
        .containsExactly(
            java.util.Map.entry("preset", "veryfast"),
            java.util.Map.entry("crf", "23"),
            java.util.Map.entry("threads", "2"),
            java.util.Map.entry("thread_type", "slice"));
    assertThat(VideoEncoding.nvenc(30).withSlicedThreads(true).encoderOptions())
        .as("x264's threading only")
        .doesNotContainKey("thread_type");
    assertThat(VideoEncoding.forFrame(360, 640, 30)).isEqualTo(VideoEncoding.preview(30));
    assertThat(VideoEncoding.forFrame(1080, 1920, 30)).isEqualTo(VideoEncoding.standard(30));
    assertThatThrownBy(() -> new VideoEncoding("libopenh264", "fast", 23, 60, 0))
        .hasMessage("codec must be \"libx264\" or \"h264_nvenc\" (got 'libopenh264')");
    assertThatThrownBy(() -> new VideoEncoding("libx264", "fast", 60, 60, 0))
        .hasMessage("quality must be 0..51 (got 60)");
  }

  @Test
  void x264ParamsKeepSceneCutsOffAndAppendTheExtraParameters() {
    assertThat(VideoChunkEncoder.x264Params(null)).isEqualTo("scenecut=0");
    assertThat(VideoChunkEncoder.x264Params("  ")).isEqualTo("scenecut=0");
    assertThat(VideoChunkEncoder.x264Params(" rc-lookahead=5:sync-lookahead=0 "))
        .isEqualTo("scenecut=0:rc-lookahead=5:sync-lookahead=0");
  }
}

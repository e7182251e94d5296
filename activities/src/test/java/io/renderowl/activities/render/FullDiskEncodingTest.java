package io.renderowl.activities.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderowl.activities.SmallDisk;
import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TrackDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk fills up between a file's last frame and its index (the MP4 trailer), which FFmpeg
 * writes when the file ends: JavaCV drops that failure, and a chunk stored such a segment once
 * (every retry kept it and failed its join with "moov atom not found"). The files here are small
 * enough to stay in FFmpeg's write buffer until the trailer, on a small tmpfs this test mounts (it
 * needs root and {@code mount}; skipped with the reason otherwise) and fills before the file ends.
 */
@Tag("faults")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class FullDiskEncodingTest {
  private static final int FPS = 30;

  @TempDir Path tmp;
  private Path disk;

  @BeforeEach
  void mount() throws Exception {
    disk = Files.createDirectories(tmp.resolve("disk"));
    String failed = SmallDisk.mount(disk, "1m");
    Assumptions.assumeTrue(
        failed == null, () -> "cannot mount a tmpfs here (needs root and mount): " + failed);
  }

  @AfterEach
  void unmount() throws Exception {
    SmallDisk.unmount(disk);
  }

  @Test
  void aSegmentWhoseIndexCouldNotBeWrittenFailsTheRenderAndIsNeverHandedOver() throws Exception {
    TimelineDocument timeline = noise(30);
    List<Path> handedOver = new ArrayList<>();
    assertThatThrownBy(
            () -> {
              new ChunkRenderer()
                  .renderSegments(
                      timeline,
                      tmp::resolve,
                      List.of(new FrameRange(0, 30)),
                      VideoEncoding.standard(FPS),
                      range -> disk.resolve("segment-" + range.from() + ".mp4"),
                      (range, file) -> handedOver.add(file),
                      0,
                      30,
                      (done, total) -> {
                        if (done == total) {
                          SmallDisk.fill(disk.resolve("filler"), 16L << 20);
                        }
                      });
            })
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the segment of frames [0, 30)")
        .hasMessageContaining("is incomplete")
        .hasMessageContaining("no space left on device");
    assertThat(handedOver).isEmpty();
    assertThat(disk.toFile().list()).as("nothing half-written left").containsExactly("filler");
  }

  @Test
  void anAudioTrackWhoseIndexCouldNotBeWrittenFails() {
    Path track = disk.resolve("audio.m4a");
    assertThatThrownBy(
            () -> {
              try (AudioTrackEncoder encoder = AudioTrackEncoder.open(track)) {
                short[] noise = new short[AudioMixer.SAMPLE_RATE];
                java.util.Random random = new java.util.Random(1);
                for (int i = 0; i < noise.length; i++) {
                  noise[i] = (short) random.nextInt(-8000, 8000);
                }
                encoder.write(noise, noise.length);
                SmallDisk.fill(disk.resolve("filler"), 16L << 20);
                encoder.finish();
              }
            })
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the audio track (" + track + ") is incomplete")
        .hasMessageContaining("no space left on device");
  }

  /**
   * A still of random pixels under a framecode bar: some 10-20 KB of H.264 in all, more than the
   * tmpfs page the file's start was written to and less than FFmpeg's 32 KiB write buffer.
   */
  private TimelineDocument noise(long frames) throws IOException {
    java.awt.image.BufferedImage picture =
        new java.awt.image.BufferedImage(160, 96, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.util.Random random = new java.util.Random(1);
    for (int y = 0; y < picture.getHeight(); y++) {
      for (int x = 0; x < picture.getWidth(); x++) {
        picture.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    javax.imageio.ImageIO.write(picture, "png", tmp.resolve("noise.png").toFile());
    double seconds = frames / (double) FPS;
    return new TimelineDocument(
        "full-disk",
        "full-disk",
        160,
        96,
        FPS,
        "#203040",
        "none",
        seconds,
        List.of(
            new TrackDocument(
                "picture",
                "picture",
                "image",
                0,
                true,
                List.of(new ClipDocument("p", "image", 0.0, seconds, "noise.png", Map.of()))),
            new TrackDocument(
                "code",
                "code",
                "effect",
                1,
                true,
                List.of(new ClipDocument("fc", "framecode", 0.0, seconds, null, Map.of())))));
  }
}

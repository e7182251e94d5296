package io.renderowl.activities.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which stored segments a retried chunk attempt keeps. */
class ResumedSegmentsTest {
  private static final String CHUNK = "runs/r/renders/RENDER/chunks/0-0+300-libx264.mp4";
  private static final List<FrameRange> SEGMENTS =
      List.of(
          new FrameRange(0, 60),
          new FrameRange(60, 120),
          new FrameRange(120, 180),
          new FrameRange(180, 240),
          new FrameRange(240, 300));

  private static String stored(int index) {
    return ChunkActivitiesImpl.segmentKey(CHUNK, SEGMENTS.get(index));
  }

  @Test
  void everyLeadingStoredSegmentIsKeptNotOnlyThoseTheLastHeartbeatNamed() {
    // the heartbeat that reached the server named one segment; the killed attempt stored three
    ChunkCheckpoint lagging = new ChunkCheckpoint(200, 300, 60, 60);
    assertThat(ChunkActivitiesImpl.resumable(Optional.of(lagging), 60)).isTrue();
    assertThat(
            ChunkActivitiesImpl.leadingStored(
                SEGMENTS, CHUNK, Set.of(stored(0), stored(1), stored(2))))
        .isEqualTo(3);
  }

  @Test
  void keepingStopsAtTheFirstMissingSegment() {
    assertThat(
            ChunkActivitiesImpl.leadingStored(
                SEGMENTS, CHUNK, Set.of(stored(0), stored(1), stored(3), "runs/r/other.mp4")))
        .isEqualTo(2);
    assertThat(ChunkActivitiesImpl.leadingStored(SEGMENTS, CHUNK, Set.of(stored(1)))).isZero();
  }

  @Test
  void withoutAHeartbeatOfThisSegmentLengthNothingIsKept() {
    assertThat(ChunkActivitiesImpl.resumable(Optional.empty(), 60)).isFalse();
    assertThat(ChunkActivitiesImpl.resumable(Optional.of(new ChunkCheckpoint(90, 300, 30, 60)), 60))
        .isFalse();
    // a heartbeat before the first segment was stored still means this activity ran before
    assertThat(ChunkActivitiesImpl.resumable(Optional.of(new ChunkCheckpoint(30, 300, 60, 0)), 60))
        .isTrue();
  }

  @Test
  void keepingStopsAtTheFirstStoredSegmentThatIsNotAWholeMp4(@TempDir Path dir) {
    // the third was stored by an attempt whose disk filled as the file ended: no index
    List<Path> files = new ArrayList<>();
    int kept =
        ChunkActivitiesImpl.wholeLeading(
            SEGMENTS.subList(0, 4),
            segment -> {
              Path file = dir.resolve("segment-" + segment.from() + ".mp4");
              boolean index = segment.from() != 120;
              write(
                  file, box("ftyp", 8), box("mdat", 100), index ? box("moov", 40) : box("free", 0));
              return file;
            },
            files);
    assertThat(kept).isEqualTo(2);
    assertThat(files).containsExactly(dir.resolve("segment-0.mp4"), dir.resolve("segment-60.mp4"));
  }

  private static byte[] box(String type, int payload) {
    ByteBuffer box = ByteBuffer.allocate(8 + payload);
    box.putInt(8 + payload).put(type.getBytes(StandardCharsets.US_ASCII));
    return box.array();
  }

  private static void write(Path file, byte[]... boxes) {
    try (var out = Files.newOutputStream(file)) {
      for (byte[] box : boxes) {
        out.write(box);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

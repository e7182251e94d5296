package io.renderowl.activities.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether an MP4 file FFmpeg wrote is whole. JavaCV's {@code FFmpegFrameRecorder.stop()} drops the
 * result of {@code av_write_trailer}, so an index ({@code moov} box) that could not be written (a
 * full disk as the file ends) leaves a file that looks finished and that no demuxer opens ("moov
 * atom not found"). Stored as a chunk's segment, such a file was kept by every retry and failed
 * every join. Reading the file's top-level box headers (a few reads, no decoding) finds it.
 */
final class Mp4Files {
  private Mp4Files() {}

  /**
   * Throws when {@code file} is not a whole MP4: its top-level boxes must fill the file exactly and
   * hold the index ({@code moov}) and the media ({@code mdat}).
   *
   * @param what the file in words, for the message ("the segment of frames [540, 600)")
   * @throws IllegalStateException naming what is missing and the free space of the file's disk
   */
  static void requireWhole(Path file, String what) {
    Optional<String> missing = incompleteness(file);
    if (missing.isPresent()) {
      throw new IllegalStateException(
          what + " (" + file + ") is incomplete: " + missing.get() + diskHint(file));
    }
  }

  /** Why {@code file} is not a whole MP4, or empty when it is. */
  static Optional<String> incompleteness(Path file) {
    try (FileChannel channel = FileChannel.open(file)) {
      long length = channel.size();
      ByteBuffer header = ByteBuffer.allocate(16);
      boolean index = false;
      boolean media = false;
      long at = 0;
      while (at < length) {
        header.clear().limit(8);
        if (readFully(channel, header, at) < 8) {
          return Optional.of("a box header is cut off at byte " + at + " of " + length);
        }
        long size = Integer.toUnsignedLong(header.getInt(0));
        String type = new String(header.array(), 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
        int headerLength = 8;
        if (size == 1) {
          header.clear().position(8).limit(16);
          if (readFully(channel, header, at + 8) < 8) {
            return Optional.of("the " + type + " box's 64-bit size is cut off at byte " + at);
          }
          size = header.getLong(8);
          headerLength = 16;
        } else if (size == 0) {
          size = length - at;
        }
        if (size < headerLength || at + size > length) {
          return Optional.of(
              "the "
                  + type
                  + " box at byte "
                  + at
                  + " claims "
                  + size
                  + " bytes, only "
                  + (length - at)
                  + " remain");
        }
        index |= "moov".equals(type);
        media |= "mdat".equals(type);
        at += size;
      }
      if (!index) {
        return Optional.of("no index (moov box) in its " + length + " bytes; it was never written");
      }
      if (!media) {
        return Optional.of("no media (mdat box) in its " + length + " bytes");
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static int readFully(FileChannel channel, ByteBuffer into, long at) throws IOException {
    int read = 0;
    while (into.hasRemaining()) {
      int n = channel.read(into, at + read);
      if (n < 0) {
        break;
      }
      read += n;
    }
    return read;
  }

  /** The free space of {@code file}'s disk, in words; names a full disk as the likely reason. */
  static String diskHint(Path file) {
    try {
      long free = Files.getFileStore(file).getUsableSpace();
      if (free < 1024 * 1024) {
        return "; its disk has "
            + free
            + " bytes free: no space left on device (ENOSPC) is the likely reason";
      }
      return "; its disk has " + free / (1024 * 1024) + " MiB free";
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}

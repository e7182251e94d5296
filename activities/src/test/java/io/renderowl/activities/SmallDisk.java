package io.renderowl.activities;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A small tmpfs that a test mounts and fills up (needs root and {@code mount}). */
public final class SmallDisk {
  private static final int BLOCK = 64 * 1024;

  private SmallDisk() {}

  /**
   * Mounts a tmpfs of {@code size} (as {@code mount -o size=}, e.g. {@code 16m}) on {@code dir}.
   *
   * @return null when it is mounted, else why not (for the test's assumption)
   */
  public static String mount(Path dir, String size) throws IOException, InterruptedException {
    return run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
  }

  /** Unmounts {@code dir} (lazily: a process may still hold a file there). */
  public static void unmount(Path dir) throws IOException, InterruptedException {
    run("umount", "-l", dir.toString());
  }

  /**
   * Writes {@code filler} until its disk is full (ENOSPC), at most {@code maxBytes}.
   *
   * @throws AssertionError when {@code maxBytes} did not fill it
   */
  public static void fill(Path filler, long maxBytes) {
    byte[] block = new byte[BLOCK];
    try (var out = Files.newOutputStream(filler)) {
      for (long written = 0; written < maxBytes; written += BLOCK) {
        out.write(block);
      }
    } catch (IOException e) {
      try {
        if (Files.getFileStore(filler.getParent()).getUsableSpace() < BLOCK) {
          return;
        }
      } catch (IOException unreadable) {
        e.addSuppressed(unreadable);
      }
      throw new UncheckedIOException("filling " + filler + " failed: " + e.getMessage(), e);
    }
    throw new AssertionError(maxBytes + " bytes did not fill the disk of " + filler);
  }

  /** Runs {@code command}; null when it succeeded, else what it printed. */
  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return String.join(" ", command) + " did not end in 30 s";
    }
    return p.exitValue() == 0 ? null : String.join(" ", command) + ": " + out.strip();
  }
}

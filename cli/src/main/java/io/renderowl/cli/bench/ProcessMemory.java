package io.renderowl.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Peak resident memory of a Linux process, from {@code /proc/PID/status}. */
final class ProcessMemory {

  private ProcessMemory() {}

  /** {@code VmHWM} (peak RSS) in kB, or -1 when it cannot be read (process gone, not Linux). */
  static long peakRssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}

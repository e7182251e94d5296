package io.renderowl.cli.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One line per fault scenario: the fault, what was checked, the result, the time to recover and the
 * frames or rows redone. Printed and appended to {@code target/faults-report.tsv} (tab separated),
 * which {@code infra/scripts/faults.sh} prints as a table.
 */
final class FaultReport {
  static final Path FILE = Path.of("target", "faults-report.tsv");

  private FaultReport() {}

  static void line(
      String fault, String checked, boolean held, double recoverSeconds, String redone) {
    String row =
        String.join(
            "\t",
            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
            fault,
            checked,
            held ? "HELD" : "FAILED",
            Double.isNaN(recoverSeconds) ? "-" : String.format("%.1f s", recoverSeconds),
            redone);
    System.out.println("fault-report\t" + row);
    try {
      Files.createDirectories(FILE.getParent());
      Files.writeString(
          FILE,
          row + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + FILE, e);
    }
  }
}

package io.renderowl.infra.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A batch's skip report as CSV (RFC 4180, header {@code line,topic,reason}) that is safe to open in
 * a spreadsheet: a cell that starts with {@code = + - @}, a tab or a carriage return gets a leading
 * {@code '} (OWASP's advice against CSV injection), so a hostile row's topic or the reason quoting
 * it is shown as text, never run as a formula.
 */
public final class SkipReportCsv {
  private static final CSVFormat FORMAT =
      CSVFormat.RFC4180.builder().setHeader("line", "topic", "reason").get();

  private SkipReportCsv() {}

  /** The report of {@code rows}, in their order, header first. */
  public static String of(List<BatchProgress.SkippedRow> rows) {
    StringBuilder out = new StringBuilder();
    try (CSVPrinter printer = new CSVPrinter(out, FORMAT)) {
      for (BatchProgress.SkippedRow r : rows) {
        printer.printRecord(r.line(), neutralised(r.topic()), neutralised(r.reason()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the skip report", e);
    }
    return out.toString();
  }

  /** The cell as text a spreadsheet does not evaluate ("" for null). */
  static String neutralised(String cell) {
    if (cell == null || cell.isEmpty()) {
      return "";
    }
    char first = cell.charAt(0);
    return switch (first) {
      case '=', '+', '-', '@', '\t', '\r' -> "'" + cell;
      default -> cell;
    };
  }
}

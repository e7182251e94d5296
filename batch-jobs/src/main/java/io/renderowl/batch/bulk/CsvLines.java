package io.renderowl.batch.bulk;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV records from a reader: quoted fields may hold commas, doubled quotes and line
 * breaks. Counts physical lines so that a restart can skip exactly what was consumed.
 */
final class CsvLines {
  private final BufferedReader in;
  private int linesConsumed;

  CsvLines(BufferedReader in) {
    this.in = in;
  }

  /** Physical lines read so far. */
  int linesConsumed() {
    return linesConsumed;
  }

  /** Skips {@code n} physical lines (restart). */
  void skipLines(int n) throws IOException {
    for (int i = 0; i < n && in.readLine() != null; i++) {
      linesConsumed++;
    }
  }

  /**
   * The next record, or null at the end. A blank line is returned as an empty list.
   *
   * @throws MalformedRow when a quoted field is never closed
   */
  List<String> next() throws IOException {
    String line = in.readLine();
    if (line == null) {
      return null;
    }
    linesConsumed++;
    int startLine = linesConsumed;
    if (line.isBlank()) {
      return List.of();
    }
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    int i = 0;
    while (true) {
      if (i == line.length()) {
        if (quoted) {
          String more = in.readLine();
          if (more == null) {
            throw new MalformedRow(startLine, "a quoted field is not closed before the end of the file");
          }
          linesConsumed++;
          field.append('\n');
          line = more;
          i = 0;
          continue;
        }
        fields.add(field.toString());
        return fields;
      }
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            field.append('"');
            i += 2;
            continue;
          }
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.isEmpty()) {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
      i++;
    }
  }

  /** A record that cannot be parsed; the lines it took are consumed. */
  static final class MalformedRow extends IOException {
    final int line;

    MalformedRow(int line, String message) {
      super(message);
      this.line = line;
    }
  }
}

package io.renderowl.batch.bulk;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The two input formats and the columns (CSV) or keys (JSONL) a row may have. */
enum SourceFormat {
  CSV("csv"),
  JSONL("jsonl");

  static final Set<String> COLUMNS =
      Set.of("topic", "style", "voice", "aspect", "duration", "platforms", "quality", "language");

  /** The columns in the order the help text lists them. */
  static final List<String> COLUMN_ORDER =
      List.of("topic", "style", "voice", "aspect", "duration", "platforms", "quality", "language");

  final String label;

  SourceFormat(String label) {
    this.label = label;
  }

  /**
   * The format a file name or format label stands for.
   *
   * @throws IllegalArgumentException for anything but .csv, .jsonl and .ndjson
   */
  static SourceFormat of(String nameOrLabel) {
    String n = nameOrLabel.toLowerCase(Locale.ROOT);
    if (n.equals("csv") || n.endsWith(".csv")) {
      return CSV;
    }
    if (n.equals("jsonl") || n.equals("ndjson") || n.endsWith(".jsonl") || n.endsWith(".ndjson")) {
      return JSONL;
    }
    throw new IllegalArgumentException(
        "'" + nameOrLabel + "' is neither a CSV (.csv) nor a JSON Lines (.jsonl) file");
  }

  static SourceFormat of(Path file) {
    return of(file.getFileName().toString());
  }
}

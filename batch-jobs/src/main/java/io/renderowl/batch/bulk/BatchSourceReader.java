package io.renderowl.batch.bulk;

import io.renderowl.infra.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Streams the rows of a stored CSV (with a header) or JSONL file, one at a time. The number of
 * physical lines consumed is saved in the step's ExecutionContext at every chunk commit, so a
 * restarted job skips exactly the committed rows and reads on. A leading UTF-8 byte-order mark
 * (Excel's "CSV UTF-8") is skipped.
 */
final class BatchSourceReader implements ItemStreamReader<BatchRow> {

  static final String LINES_CONSUMED = "batch.source.lines-consumed";
  private static final int BYTE_ORDER_MARK = '\uFEFF';

  /**
   * RFC 4180 with blank lines kept as records, so that every physical line is counted where it is,
   * and with text after a closing quote kept in the field instead of refusing the row.
   */
  private static final CSVFormat CSV_FORMAT =
      CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).setTrailingData(true).get();

  private final Path file;
  private final SourceFormat format;
  private BufferedReader in;
  private CSVParser csv;
  private Iterator<CSVRecord> records;
  private List<String> header;
  private int jsonlLines;

  BatchSourceReader(Path file, SourceFormat format) {
    this.file = file;
    this.format = format;
  }

  @Override
  public void open(ExecutionContext context) {
    int consumed = context.getInt(LINES_CONSUMED, 0);
    try {
      in = openSkippingByteOrderMark(file);
      if (format == SourceFormat.CSV) {
        csv = CSVParser.builder().setReader(in).setFormat(CSV_FORMAT).get();
        records = csv.iterator();
        header = readHeader(records, file);
        while (csv.getCurrentLineNumber() < consumed && records.hasNext()) {
          records.next();
        }
      } else {
        for (int i = 0; i < consumed && in.readLine() != null; i++) {
          jsonlLines++;
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new ItemStreamException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** A UTF-8 reader of the file, past its byte-order mark when it has one. */
  static BufferedReader openSkippingByteOrderMark(Path file) throws IOException {
    // Bytes that are not UTF-8 become U+FFFD, so that one bad row is refused (RowValidator) and
    // the file is not: a strict decoder would throw and fail the whole batch.
    BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                Files.newInputStream(file),
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)));
    reader.mark(1);
    if (reader.read() != BYTE_ORDER_MARK) {
      reader.reset();
    }
    return reader;
  }

  /**
   * The header's column names of a CSV file, lower-cased.
   *
   * @throws IllegalArgumentException when there is no header, no topic column or an unknown column
   */
  static List<String> readHeader(Path file) throws IOException {
    try (BufferedReader reader = openSkippingByteOrderMark(file);
        CSVParser parser = CSVParser.builder().setReader(reader).setFormat(CSV_FORMAT).get()) {
      return readHeader(parser.iterator(), file);
    }
  }

  private static List<String> readHeader(Iterator<CSVRecord> records, Path file)
      throws IOException {
    List<String> names;
    try {
      names = records.hasNext() ? records.next().toList() : List.of();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    if (blank(names)) {
      throw new IllegalArgumentException(
          file.getFileName() + ": the first line must be a header naming the columns (topic, ...)");
    }
    List<String> header = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String n : names) {
      String name = n.strip().toLowerCase(Locale.ROOT);
      if (!SourceFormat.COLUMNS.contains(name)) {
        unknown.add("'" + n.strip() + "'");
      }
      header.add(name);
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          file.getFileName()
              + ": unknown column(s) "
              + String.join(", ", unknown)
              + " in the header (known: "
              + String.join(", ", SourceFormat.COLUMN_ORDER)
              + ")");
    }
    if (!header.contains("topic")) {
      throw new IllegalArgumentException(file.getFileName() + ": the header has no 'topic' column");
    }
    return header;
  }

  /** A blank line: no value, or a single blank one. */
  private static boolean blank(List<String> values) {
    return values.isEmpty() || (values.size() == 1 && values.get(0).isBlank());
  }

  @Override
  public BatchRow read() {
    try {
      return format == SourceFormat.CSV ? readCsv() : readJsonl();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private BatchRow readCsv() {
    while (true) {
      int line = (int) csv.getCurrentLineNumber() + 1;
      List<String> values;
      try {
        if (!records.hasNext()) {
          return null;
        }
        values = records.next().toList();
      } catch (UncheckedIOException e) {
        // With trailing data allowed the one parse error left is a quote never closed: it took
        // the rest of the file, so this is the last row.
        records = Collections.emptyIterator();
        return BatchRow.unreadable(line, "a quoted field is not closed before the end of the file");
      }
      if (blank(values)) {
        continue; // a blank line is not a row
      }
      if (values.size() != header.size()) {
        return BatchRow.unreadable(
            line, "has " + values.size() + " field(s), the header names " + header.size());
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        fields.put(header.get(i), values.get(i));
      }
      return BatchRow.of(line, fields);
    }
  }

  private BatchRow readJsonl() throws IOException {
    while (true) {
      String text = in.readLine();
      if (text == null) {
        return null;
      }
      jsonlLines++;
      if (text.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = Json.MAPPER.readTree(text);
      } catch (JacksonException e) {
        return BatchRow.unreadable(
            jsonlLines, "is not valid JSON (" + e.getOriginalMessage() + ")");
      }
      if (!node.isObject()) {
        return BatchRow.unreadable(
            jsonlLines, "must be a JSON object such as {\"topic\": \"...\"}");
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        fields.put(e.getKey().toLowerCase(Locale.ROOT), value(e.getValue()));
      }
      return BatchRow.of(jsonlLines, fields);
    }
  }

  private static Object value(JsonNode v) {
    if (v.isArray()) {
      List<Object> list = new ArrayList<>();
      v.valueStream().forEach(x -> list.add(x.isString() ? x.stringValue() : x.toString()));
      return list;
    }
    if (v.isNull()) {
      return null;
    }
    if (v.isIntegralNumber() && v.canConvertToInt()) {
      return v.intValue();
    }
    return v.isString() ? v.stringValue() : v.toString();
  }

  @Override
  public void update(ExecutionContext context) {
    context.putInt(
        LINES_CONSUMED, format == SourceFormat.CSV ? (int) csv.getCurrentLineNumber() : jsonlLines);
  }

  @Override
  public void close() {
    if (in != null) {
      try {
        in.close();
      } catch (IOException e) {
        throw new ItemStreamException("cannot close " + file, e);
      }
      in = null;
    }
  }
}

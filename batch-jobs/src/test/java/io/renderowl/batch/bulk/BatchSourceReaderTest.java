package io.renderowl.batch.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/** CSV and JSONL files read row by row, with the line each row starts on. */
class BatchSourceReaderTest {
  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  @TempDir Path tmp;

  @Test
  void aCsvSavedByExcelWithAByteOrderMarkIsAccepted() throws Exception {
    Path csv =
        write("excel.csv", UTF8_BOM, "topic,duration\r\nTides,30\r\n\"Comets, part 2\",12\r\n");

    assertThat(BatchSourceReader.readHeader(csv)).containsExactly("topic", "duration");
    List<BatchRow> rows = readAll(csv, SourceFormat.CSV, new ExecutionContext());

    assertThat(rows)
        .containsExactly(
            BatchRow.of(2, fields("topic", "Tides", "duration", "30")),
            BatchRow.of(3, fields("topic", "Comets, part 2", "duration", "12")));
  }

  @Test
  void aJsonLinesFileWithAByteOrderMarkIsAccepted() throws Exception {
    Path jsonl =
        write(
            "rows.jsonl",
            UTF8_BOM,
            "{\"topic\": \"Tides\", \"duration\": 30}\n{\"topic\": \"Comets\"}\n");

    List<BatchRow> rows = readAll(jsonl, SourceFormat.JSONL, new ExecutionContext());

    assertThat(rows)
        .containsExactly(
            BatchRow.of(1, fields("topic", "Tides", "duration", 30)),
            BatchRow.of(2, fields("topic", "Comets")));
  }

  @Test
  void rowsKeepTheLineTheyStartOnAcrossBlankLinesAndQuotedLineBreaks() throws Exception {
    Path csv =
        write("lines.csv", new byte[0], "topic,style\nOne,a\n\n   \n\"Two\nlines\",b\nThree,c");

    List<BatchRow> rows = readAll(csv, SourceFormat.CSV, new ExecutionContext());

    assertThat(rows).extracting(BatchRow::line).containsExactly(2, 5, 7);
    assertThat(rows.get(1).fields()).containsEntry("topic", "Two\nlines");
  }

  @Test
  void aBadRowIsReportedWithItsLineAndTheRestIsStillRead() throws Exception {
    Path csv =
        write(
            "bad.csv",
            new byte[0],
            "topic,duration\nOnly one field\nGood,30\n\"Never closed,30\nLost,30\n");

    List<BatchRow> rows = readAll(csv, SourceFormat.CSV, new ExecutionContext());

    assertThat(rows).hasSize(3);
    assertThat(rows.get(0)).isEqualTo(BatchRow.unreadable(2, "has 1 field(s), the header names 2"));
    assertThat(rows.get(1)).isEqualTo(BatchRow.of(3, fields("topic", "Good", "duration", "30")));
    assertThat(rows.get(2))
        .isEqualTo(
            BatchRow.unreadable(4, "a quoted field is not closed before the end of the file"));
  }

  @Test
  void aRestartSkipsTheLinesAlreadyConsumed() throws Exception {
    Path csv = write("restart.csv", UTF8_BOM, "topic\nOne\n\"Two\nlines\"\nThree\nFour\n");
    BatchSourceReader first = new BatchSourceReader(csv, SourceFormat.CSV);
    ExecutionContext context = new ExecutionContext();
    first.open(context);
    first.read();
    first.read();
    first.update(context);
    first.close();

    assertThat(context.getInt(BatchSourceReader.LINES_CONSUMED)).isEqualTo(4);
    assertThat(readAll(csv, SourceFormat.CSV, context))
        .extracting(BatchRow::line)
        .containsExactly(5, 6);
  }

  @Test
  void aHeaderWithAnUnknownColumnIsRefused() throws Exception {
    Path csv = write("unknown.csv", UTF8_BOM, "topic,colour\nTides,blue\n");

    assertThatThrownBy(() -> BatchSourceReader.readHeader(csv))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown column(s) 'colour'")
        .hasMessageNotContaining("\uFEFF");
  }

  private Path write(String name, byte[] prefix, String text) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(prefix);
    bytes.write(text.getBytes(StandardCharsets.UTF_8));
    return Files.write(tmp.resolve(name), bytes.toByteArray());
  }

  private static List<BatchRow> readAll(Path file, SourceFormat format, ExecutionContext context) {
    BatchSourceReader reader = new BatchSourceReader(file, format);
    reader.open(context);
    try {
      List<BatchRow> rows = new ArrayList<>();
      for (BatchRow row = reader.read(); row != null; row = reader.read()) {
        rows.add(row);
      }
      return rows;
    } finally {
      reader.close();
    }
  }

  private static Map<String, Object> fields(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}

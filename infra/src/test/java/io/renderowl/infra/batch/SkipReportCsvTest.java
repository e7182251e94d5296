package io.renderowl.infra.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class SkipReportCsvTest {

  @Test
  void cellsAFormulaCouldStartWithGetALeadingQuoteAndEverythingElseIsKeptAsIs() throws Exception {
    List<BatchProgress.SkippedRow> rows =
        List.of(
            new BatchProgress.SkippedRow(2, "topic is required", "=HYPERLINK(\"http://x\")"),
            new BatchProgress.SkippedRow(3, "duration: not a number", "+1+1"),
            new BatchProgress.SkippedRow(4, "-2 is too short", "-2+3"),
            new BatchProgress.SkippedRow(5, "aspect 'x'", "@SUM(A1:A9)"),
            new BatchProgress.SkippedRow(6, "control character", "\tcmd"),
            new BatchProgress.SkippedRow(7, "control character", "\rcmd"),
            new BatchProgress.SkippedRow(8, "a, \"quoted\"\nreason", "Owls, at night"),
            new BatchProgress.SkippedRow(9, "no topic", null),
            new BatchProgress.SkippedRow(10, "=1+2", "a=b"));

    String csv = SkipReportCsv.of(rows);
    List<CSVRecord> read =
        CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new StringReader(csv))
            .getRecords();

    assertThat(csv).startsWith("line,topic,reason\r\n");
    assertThat(read).hasSize(rows.size());
    assertThat(read)
        .extracting(r -> r.get("line") + "|" + r.get("topic") + "|" + r.get("reason"))
        .containsExactly(
            "2|'=HYPERLINK(\"http://x\")|topic is required",
            "3|'+1+1|duration: not a number",
            "4|'-2+3|'-2 is too short",
            "5|'@SUM(A1:A9)|aspect 'x'",
            "6|'\tcmd|control character",
            "7|'\rcmd|control character",
            "8|Owls, at night|a, \"quoted\"\nreason",
            "9||no topic",
            "10|a=b|'=1+2");
    // No cell of the file, as a spreadsheet reads it, starts with a formula character.
    for (CSVRecord r : read) {
      for (String cell : r) {
        assertThat(cell)
            .doesNotStartWith("=")
            .doesNotStartWith("+")
            .doesNotStartWith("-")
            .doesNotStartWith("@");
        assertThat(cell).doesNotStartWith("\t").doesNotStartWith("\r");
      }
    }
  }

  @Test
  void anEmptyReportIsTheHeaderAlone() {
    assertThat(SkipReportCsv.of(List.of())).isEqualTo("line,topic,reason\r\n");
  }
}

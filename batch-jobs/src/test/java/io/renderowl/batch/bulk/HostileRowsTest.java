package io.renderowl.batch.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.infra.batch.RowDefaults;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/** Hostile rows are refused one by one; the rows around them and the batch go on. */
class HostileRowsTest {
  @TempDir Path tmp;

  private final RowValidator validator =
      new RowValidator(
          "b-1", UUID.randomUUID().toString(), RowDefaults.standard(), List.of("local-folder"));

  @Test
  void invalidUtf8ControlCharactersAndHugeFieldsAreSkippedPerRow() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes("topic,style\nTides,educational\n".getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(
        new byte[] {'B', 'a', 'd', ' ', (byte) 0xC3, (byte) 0x28, ',', 'n', 'e', 'w', 's', '\n'});
    bytes.writeBytes(
        "Red \u001b[31malert\u001b[0m,news\n\"Nul\u0000byte\",news\n"
            .getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(
        ("Long " + "x".repeat(3000) + ",news\nOwls,news\n").getBytes(StandardCharsets.UTF_8));
    Path csv = Files.write(tmp.resolve("hostile.csv"), bytes.toByteArray());

    List<BatchItem> items = processAll(csv, SourceFormat.CSV);

    assertThat(items).extracting(BatchItem::line).containsExactly(2, 3, 4, 5, 6, 7);
    assertThat(items.get(0).valid()).isTrue();
    assertThat(items.get(1).skipReason()).isEqualTo("topic: is not valid UTF-8");
    assertThat(items.get(2).skipReason()).isEqualTo("topic: contains control characters");
    assertThat(items.get(2).topic()).isEqualTo("Red [31malert[0m").doesNotContain("\u001b");
    assertThat(items.get(3).skipReason()).isEqualTo("topic: contains control characters");
    assertThat(items.get(4).skipReason())
        .isEqualTo("topic: is 3005 characters long (at most 2000)");
    assertThat(items.get(4).topic()).hasSize(201);
    assertThat(items.get(5).valid()).isTrue();
  }

  @Test
  void aControlCharacterInAFieldNameIsSkippedWithoutEchoingIt() throws Exception {
    // found by the API fuzzer: a NUL in a field name was accepted (202) and its skip reason,
    // naming the unknown field, then failed the batch's write (PostgreSQL refuses NUL in text)
    Path jsonl =
        Files.writeString(
            tmp.resolve("names.jsonl"),
            "{\"topic\": \"Tides\", \"\\u0000x\": 1}\n{\"topic\": \"Owls\"}\n");

    List<BatchItem> items = processAll(jsonl, SourceFormat.JSONL);

    assertThat(items).extracting(BatchItem::line).containsExactly(1, 2);
    assertThat(items.get(0).skipReason())
        .isEqualTo("field name 'x': contains control characters or invalid UTF-8")
        .doesNotContain("\u0000");
    assertThat(items.get(0).topic()).isEqualTo("Tides");
    assertThat(items.get(1).valid()).isTrue();
  }

  @Test
  void deeplyNestedJsonIsAnUnreadableRowNotAFailedBatch() throws Exception {
    String deep = "[".repeat(5000) + "]".repeat(5000);
    Path jsonl =
        Files.writeString(
            tmp.resolve("deep.jsonl"),
            "{\"topic\": \"Tides\"}\n{\"topic\": \"Deep\", \"platforms\": "
                + deep
                + "}\n{\"topic\": \"Owls\"}\n");

    List<BatchItem> items = processAll(jsonl, SourceFormat.JSONL);

    assertThat(items).extracting(BatchItem::line).containsExactly(1, 2, 3);
    assertThat(items.get(0).valid()).isTrue();
    assertThat(items.get(1).valid()).isFalse();
    assertThat(items.get(1).skipReason()).startsWith("unreadable row: is not valid JSON");
    assertThat(items.get(2).valid()).isTrue();
  }

  @Test
  void controlCharactersInJsonRowsValuesAndFieldNamesAreSkippedPerRow() throws Exception {
    // as POST /api/v1/batch writes its JSON items: JSON escapes, one object a line
    Path jsonl =
        Files.writeString(
            tmp.resolve("nul.jsonl"),
            "{\"topic\": \"Tides\"}\n"
                + "{\"topic\": \"Nul\\u0000byte\"}\n"
                + "{\"topic\": \"Owls\", \"sty\\u0000le\": \"news\"}\n"
                + "{\"topic\": \"Bells\", \"platforms\": [\"local\\u0007folder\"]}\n"
                + "{\"topic\": \"Comets\"}\n");

    List<BatchItem> items = processAll(jsonl, SourceFormat.JSONL);

    assertThat(items).extracting(BatchItem::line).containsExactly(1, 2, 3, 4, 5);
    assertThat(items.get(0).valid()).isTrue();
    assertThat(items.get(1).skipReason()).isEqualTo("topic: contains control characters");
    assertThat(items.get(1).topic()).isEqualTo("Nulbyte");
    assertThat(items.get(2).skipReason())
        .isEqualTo("field name 'style': contains control characters or invalid UTF-8");
    assertThat(items.get(3).skipReason()).isEqualTo("platforms: contains control characters");
    assertThat(items.get(4).valid()).isTrue();
    assertThat(items)
        .allSatisfy(i -> {
          assertThat(i.topic()).doesNotContain("\u0000");
          assertThat(String.valueOf(i.skipReason())).doesNotContain("\u0000");
        });
  }

  private List<BatchItem> processAll(Path file, SourceFormat format) {
    BatchSourceReader reader = new BatchSourceReader(file, format);
    reader.open(new ExecutionContext());
    try {
      List<BatchItem> items = new ArrayList<>();
      for (BatchRow row = reader.read(); row != null; row = reader.read()) {
        items.add(validator.process(row));
      }
      return items;
    } finally {
      reader.close();
    }
  }
}

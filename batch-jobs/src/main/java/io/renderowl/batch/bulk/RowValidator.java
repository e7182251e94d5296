package io.renderowl.batch.bulk;

import io.renderowl.infra.batch.RowDefaults;
import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.FieldError;
import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.PipelineRequests;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Turns a row into the pipeline request it asks for, with the batch's defaults for what it leaves
 * out, and checks it with {@link PipelineRequests#validate} plus the available publishers. An
 * invalid row becomes a skipped item carrying every problem; nothing is filtered out silently. A
 * hostile row (bytes that are not UTF-8, control characters, a field over {@value #MAX_FIELD_CHARS}
 * characters) is skipped on its own, without its content in the reason.
 */
final class RowValidator implements ItemProcessor<BatchRow, BatchItem> {

  private final String batchId;
  private final String userId;
  private final RowDefaults defaults;
  private final Set<String> publishers;

  RowValidator(String batchId, String userId, RowDefaults defaults, List<String> publishers) {
    this.batchId = batchId;
    this.userId = userId;
    this.defaults = defaults;
    this.publishers = Set.copyOf(publishers);
  }

  /** The request key of a row: the same batch and line always give the same run id. */
  static String requestKey(String batchId, int line) {
    return "batch:" + batchId + ":" + line;
  }

  @Override
  public BatchItem process(BatchRow row) {
    if (row.unreadable() != null) {
      return new BatchItem(row.line(), "", null, "unreadable row: " + row.unreadable());
    }
    Map<String, Object> f = row.fields();
    List<String> hostile = hostileFields(f);
    if (!hostile.isEmpty()) {
      return new BatchItem(row.line(), printable(f.get("topic")), null, String.join("; ", hostile));
    }
    List<FieldError> errors = new ArrayList<>();
    f.keySet().stream()
        .filter(k -> !SourceFormat.COLUMNS.contains(k))
        .sorted()
        .forEach(k -> errors.add(new FieldError(printable(k), "is not a known field")));
    String topic = text(f, "topic", "");
    Aspect aspect = null;
    String aspectText = text(f, "aspect", defaults.aspect());
    try {
      aspect = Aspect.parse(aspectText);
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError("aspect", "'" + aspectText + "': " + e.getMessage()));
    }
    int duration = defaults.durationSeconds();
    Object d = f.get("duration");
    if (d instanceof Integer i) {
      duration = i;
    } else if (d != null && !d.toString().isBlank()) {
      try {
        duration = Integer.parseInt(d.toString().strip());
      } catch (NumberFormatException e) {
        errors.add(new FieldError("duration", "'" + d + "' is not a whole number of seconds"));
      }
    }
    PipelineRequest request =
        new PipelineRequest(
            userId,
            topic,
            aspect,
            duration,
            text(f, "voice", defaults.voice()),
            platforms(f.get("platforms")),
            requestKey(batchId, row.line()),
            text(f, "style", defaults.style()),
            text(f, "language", defaults.language()),
            text(f, "quality", defaults.quality()));
    List<String> faulted = errors.stream().map(FieldError::field).toList();
    PipelineRequests.validate(request).stream()
        .filter(e -> !faulted.contains(e.field()))
        .forEach(errors::add);
    request.platforms().stream()
        .filter(p -> p != null && !p.isBlank() && !publishers.contains(p))
        .forEach(p ->
            errors.add(
                new FieldError(
                    "platforms",
                    "'"
                        + p
                        + "' is not available (available: "
                        + String.join(", ", publishers.stream().sorted().toList())
                        + ")")));
    if (!errors.isEmpty()) {
      return new BatchItem(
          row.line(),
          topic,
          null,
          errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
    }
    return new BatchItem(row.line(), topic.strip(), request, null);
  }

  /** Characters a field may hold; longer ones are refused (the topic's own limit is lower). */
  static final int MAX_FIELD_CHARS = 2_000;

  /**
   * Problems that make a row unsafe to keep as it is: bytes that were not UTF-8 (decoded as
   * U+FFFD), control characters other than tab and line breaks (terminal escapes, NUL), fields
   * longer than {@value #MAX_FIELD_CHARS} characters; control characters in a field's name (JSON
   * rows). The values are not echoed back.
   */
  static List<String> hostileFields(Map<String, Object> fields) {
    List<String> problems = new ArrayList<>();
    fields.forEach((key, value) -> {
      // a field name is echoed in the skip reason: the same characters are refused in it
      if (key.indexOf('\uFFFD') >= 0 || key.chars().anyMatch(RowValidator::forbiddenControl)) {
        problems.add(
            "field name '" + printable(key) + "': contains control characters or invalid UTF-8");
        return;
      }
      List<String> texts =
          value instanceof List<?> list
              ? list.stream().map(String::valueOf).toList()
              : value == null ? List.of() : List.of(value.toString());
      String name = printable(key);
      for (String text : texts) {
        if (text.indexOf('\uFFFD') >= 0) {
          problems.add(name + ": is not valid UTF-8");
        } else if (text.chars().anyMatch(RowValidator::forbiddenControl)) {
          problems.add(name + ": contains control characters");
        } else if (text.length() > MAX_FIELD_CHARS) {
          problems.add(
              name
                  + ": is "
                  + text.length()
                  + " characters long (at most "
                  + MAX_FIELD_CHARS
                  + ")");
        } else {
          continue;
        }
        break;
      }
    });
    return problems;
  }

  private static boolean forbiddenControl(int c) {
    return Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r';
  }

  /** A value as the skip report may show it: control characters dropped, at most 200 characters. */
  static String printable(Object value) {
    if (value == null) {
      return "";
    }
    String text =
        value
            .toString()
            .codePoints()
            .filter(c -> !Character.isISOControl(c) && c != 0xFFFD)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }

  private static String text(Map<String, Object> f, String key, String fallback) {
    Object v = f.get(key);
    if (v == null || v.toString().isBlank()) {
      return fallback;
    }
    return v.toString().strip();
  }

  /** A JSON list, or text separated by ';', '|' or ','; the defaults when absent. */
  private List<String> platforms(Object v) {
    if (v instanceof List<?> list) {
      return list.stream().map(x -> x == null ? null : x.toString().strip()).toList();
    }
    if (v == null || v.toString().isBlank()) {
      return defaults.platforms();
    }
    return Arrays.stream(v.toString().split("[;|,]"))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }
}

package io.renderowl.batch.bulk;

import java.util.Map;

/**
 * One input row as read: its fields by column name, or why it could not be read.
 *
 * @param line line of the file the row starts on (1-based; a CSV's header is line 1)
 * @param fields column name to value (CSV: text; JSONL: text, number or list of text)
 * @param unreadable why the row could not be parsed, else null
 */
record BatchRow(int line, Map<String, Object> fields, String unreadable) {

  static BatchRow of(int line, Map<String, Object> fields) {
    return new BatchRow(line, fields, null);
  }

  static BatchRow unreadable(int line, String reason) {
    return new BatchRow(line, Map.of(), reason);
  }
}

package io.renderowl.infra.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;

/** Column readers and small checks shared by the repositories. */
final class Columns {

  private Columns() {}

  static UUID uuid(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, UUID.class);
  }

  /**
   * The column as an instant. Works for TIMESTAMP (seed tables, written by NOW() in the session
   * time zone, which the driver sets to the JVM's) and TIMESTAMPTZ (engine tables) alike.
   */
  static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }

  /** The UUID a string spells, or empty when it is not a UUID. */
  static Optional<UUID> parseUuid(String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(value));
    } catch (IllegalArgumentException notAUuid) {
      return Optional.empty();
    }
  }

  /** Throws when an update by primary key found no row. */
  static void requireFound(int updatedRows, String what) {
    if (updatedRows == 0) {
      throw new NoSuchElementException("no " + what);
    }
  }
}

package io.renderowl.infra.templates;

import java.util.Locale;
import java.util.Optional;

/** What a merge field holds; a value of another type is refused, naming the field. */
public enum FieldType {
  /** Any string: captions, titles, names. */
  TEXT,
  /** A JSON number: durations, sizes, volumes. */
  NUMBER,
  /** A colour as {@code #rgb}, {@code #rrggbb} or {@code #rrggbbaa}. */
  COLOR,
  /** A media source (a clip's {@code source_url}): checked like any clip source when stored. */
  MEDIA;

  /** The lower-case name used in JSON. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<FieldType> of(String name) {
    for (FieldType t : values()) {
      if (t.jsonName().equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}

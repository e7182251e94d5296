package io.renderowl.infra.persistence;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** JSON for JSONB columns. */
final class Json {

  private static final JsonMapper MAPPER = io.renderowl.infra.json.Json.MAPPER;
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private Json() {}

  static String write(Object value) {
    return MAPPER.writeValueAsString(value);
  }

  /** A JSON object as a map without null values (an empty map for SQL NULL). */
  static Map<String, Object> readObject(String json) {
    if (json == null) {
      return Map.of();
    }
    Map<String, Object> withoutNulls = new LinkedHashMap<>(MAPPER.readValue(json, OBJECT));
    withoutNulls.values().removeIf(Objects::isNull);
    return withoutNulls;
  }
}

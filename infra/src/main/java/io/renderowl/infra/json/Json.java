package io.renderowl.infra.json;

import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one Jackson mapper for code that Spring does not wire: plain services, activity
 * implementations, Quartz jobs, static helpers. Beans that Spring builds take Boot's
 * auto-configured {@link JsonMapper} bean instead; with no {@code spring.jackson.*} properties set
 * (there are none) and no Jackson modules to discover, both write the same bytes.
 *
 * <p>Jackson's defaults, unchanged: property names as declared (snake_case only where a type says
 * {@code @JsonNaming}), ISO-8601 dates, unknown properties refused when reading into a type.
 */
public final class Json {

  /** The shared mapper; thread-safe, never reconfigure it. */
  public static final JsonMapper MAPPER = JsonMapper.builder().build();

  /** {@link #MAPPER} writing indented JSON, for files that people read (timelines, metadata). */
  public static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

  private Json() {}
}

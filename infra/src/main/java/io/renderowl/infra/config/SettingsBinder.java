package io.renderowl.infra.config;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.converter.Converter;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * Binds the settings records from the variables of {@link SettingsVariables} with Spring's {@link
 * Binder} and Bean Validation, and turns a failure into a message that names the variable the user
 * set, e.g. {@code RENDEROWL_RENDER_CHUNK_FRAMES must be at least 1 (got '0')}.
 */
final class SettingsBinder {

  private static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();

  /**
   * The last settings bound, by prefix, type and the variables' values: a command's start binds the
   * same settings two or three times (the early stack, the settings bean, the schema check), each
   * 40-80 ms of the main thread's CPU in a cold JVM. Equal values bind to an equal result, so a
   * later bind with the same values gets the earlier record (nothing changes a settings record once
   * bound); a failed bind is not kept, so its message is given again.
   */
  private static final Map<List<Object>, Object> BOUND =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Object>, Object> eldest) {
          return size() > 16;
        }
      };

  private SettingsBinder() {}

  /**
   * Binds {@code type} under {@code prefix}.
   *
   * @throws IllegalArgumentException naming each variable whose value is wrong
   */
  static <T> T bind(String prefix, Class<T> type, Function<String, String> lookup) {
    Map<String, String> values = SettingsVariables.values(lookup);
    List<Object> key = List.of(prefix, type, values);
    Object known;
    synchronized (BOUND) {
      known = BOUND.get(key);
    }
    if (known != null) {
      return type.cast(known);
    }
    Binder binder =
        new Binder(List.of(new MapConfigurationPropertySource(values)), null, conversionService());
    try {
      T bound =
          binder.bindOrCreate(
              prefix,
              Bindable.of(type),
              new ValidationBindHandler(new SpringValidatorAdapter(VALIDATION.getValidator())));
      synchronized (BOUND) {
        BOUND.put(key, bound);
      }
      return bound;
    } catch (BindException e) {
      IllegalArgumentException named =
          new IllegalArgumentException(String.join("; ", problems(e, lookup)));
      // Suppressed, not the cause: the CLI prints the root cause's message.
      named.addSuppressed(e);
      throw named;
    }
  }

  private static ApplicationConversionService conversionService() {
    ApplicationConversionService conversions = new ApplicationConversionService();
    conversions.addConverter(String.class, Path.class, Path::of);
    conversions.addConverter(new PairsToMap());
    return conversions;
  }

  private static List<String> problems(BindException e, Function<String, String> lookup) {
    List<String> problems = new ArrayList<>();
    if (e.getCause() instanceof BindValidationException invalid) {
      ConfigurationPropertyName owner = invalid.getValidationErrors().getName();
      for (ObjectError error : invalid.getValidationErrors().getAllErrors()) {
        if (error instanceof FieldError field) {
          ConfigurationPropertyName name =
              owner.append(DataObjectPropertyName.toDashedForm(field.getField()));
          // A list element names its own value; anything else shows what the user typed.
          Object got = field.getField().contains("[") ? field.getRejectedValue() : null;
          problems.add(problem(name, field.getDefaultMessage(), got, lookup));
        } else {
          problems.add(owner + " " + error.getDefaultMessage());
        }
      }
      return problems;
    }
    ConfigurationProperty property = e.getProperty();
    ConfigurationPropertyName name = property != null ? property.getName() : e.getName();
    Class<?> target = e.getTarget().getType().resolve(Object.class);
    problems.add(
        problem(
            name, expectation(target, e), property != null ? property.getValue() : null, lookup));
    return problems;
  }

  private static String problem(
      ConfigurationPropertyName name, String message, Object got, Function<String, String> lookup) {
    String variable = SettingsVariables.variableOf(name).orElse(name.toString());
    Object shown = got != null ? got : lookup.apply(variable);
    return variable
        + " "
        + message
        + (shown == null ? "" : " (got '" + String.valueOf(shown).strip() + "')");
  }

  private static String expectation(Class<?> target, BindException e) {
    if (target == int.class
        || target == Integer.class
        || target == long.class
        || target == Long.class
        || target == double.class
        || target == Double.class) {
      return "must be a number";
    }
    if (target == boolean.class || target == Boolean.class) {
      return "must be true or false";
    }
    if (target == Duration.class) {
      return "must be a number of seconds";
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  /** {@code name=value} pairs separated by commas, e.g. RENDEROWL_CREDIT_PACKS. */
  static final class PairsToMap implements Converter<String, Map<String, String>> {
    @Override
    public Map<String, String> convert(String source) {
      Map<String, String> pairs = new LinkedHashMap<>();
      for (String pair : source.split(",")) {
        if (pair.isBlank()) {
          continue;
        }
        int eq = pair.indexOf('=');
        if (eq <= 0 || eq == pair.length() - 1) {
          throw new IllegalArgumentException("must be name=value pairs separated by commas");
        }
        pairs.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
      }
      return pairs;
    }
  }
}

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

  private SettingsBinder() {}

  /**
   * Binds {@code type} under {@code prefix}.
   *
   * @throws IllegalArgumentException naming each variable whose value is wrong
   */
  static <T> T bind(String prefix, Class<T> type, Function<String, String> lookup) {
    Binder binder =
        new Binder(List.of(SettingsVariables.source(lookup)), null, conversionService());
    try {
      return binder.bindOrCreate(
          prefix,
          Bindable.of(type),
          new ValidationBindHandler(new SpringValidatorAdapter(VALIDATION.getValidator())));
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

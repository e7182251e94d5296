package io.renderowl.cli;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * Spring's ahead-of-time processing of the one-shot commands' contexts. The build (cli's pom,
 * {@code process-aot} in the {@code process-classes} phase) starts each one-shot mode's context up
 * to its refresh and writes its bean definitions as Java code ({@code ..__BeanDefinitions}, one
 * {@code ..__ApplicationContextInitializer} per mode). A one-shot command then registers those
 * definitions instead of parsing its configuration classes and evaluating the auto-configurations'
 * conditions at every start.
 *
 * <p>What is fixed at build time: which beans exist (the mode's configuration classes, the
 * auto-configurations and their conditions, including {@code spring.*} properties that switch an
 * auto-configuration on or off). What stays a start-time choice: every value (the stack's
 * endpoints, RENDEROWL_* settings, credentials), since beans still read them when they are created.
 * {@code RENDEROWL_SPRING_AOT=0} (a variable or a system property) starts the context as before.
 * Long-running roles ({@code serve}, {@code worker}) and the benchmark's context (extra
 * configuration) always build theirs at start.
 */
final class BuildTimeContexts {
  private BuildTimeContexts() {}

  /**
   * The switch, a variable or a Java system property of that name (the property wins, as for every
   * setting); 0, false or off turn the generated contexts off.
   */
  static final String SWITCH = "RENDEROWL_SPRING_AOT";

  /** Spring's flag: use the generated initializer rather than the configuration classes. */
  static final String AOT_ENABLED = "spring.aot.enabled";

  /** Set by Spring's AOT processor while it runs a context's start at build time. */
  static final String AOT_PROCESSING = "spring.aot.processing";

  /** The class whose {@code main} the build runs to process {@code mode}'s context. */
  static @Nullable Class<?> processingClass(OwlApplication.Mode mode) {
    return switch (mode) {
      case RUN -> RunModeContext.class;
      case CLIENT -> ClientModeContext.class;
      case SERVE, WORKER -> null;
    };
  }

  /**
   * The generated initializer to start {@code mode}'s context with, or null: the mode has none
   * (long-running roles), the caller adds configuration or properties of its own (the context would
   * differ from the one processed), the switch is off, this is the build's processing run, or the
   * classes were not generated (a build without the {@code process-aot} step).
   */
  static @Nullable String initializerFor(
      OwlApplication.Mode mode,
      Map<String, Object> extraProperties,
      Class<?>[] extraSources,
      UnaryOperator<@Nullable String> env,
      ClassLoader classLoader) {
    Class<?> processed = processingClass(mode);
    if (processed == null
        || !extraProperties.isEmpty()
        || extraSources.length > 0
        || Boolean.getBoolean(AOT_PROCESSING)
        || !enabled(env)) {
      return null;
    }
    String initializer = initializerName(processed);
    return ClassUtils.isPresent(initializer, classLoader) ? initializer : null;
  }

  /**
   * The initializer Spring's processor generates for {@code processed}: the class's binary name
   * with {@code $} as {@code _}, then {@code __ApplicationContextInitializer}.
   */
  static String initializerName(Class<?> processed) {
    return processed.getName().replace('$', '_') + "__ApplicationContextInitializer";
  }

  /** Whether the switch allows generated contexts (on unless 0, false or off). */
  static boolean enabled(UnaryOperator<@Nullable String> env) {
    String value = System.getProperty(SWITCH);
    if (value == null) {
      value = env.apply(SWITCH);
    }
    if (value == null || value.isBlank()) {
      return true;
    }
    String v = value.strip().toLowerCase(java.util.Locale.ROOT);
    return !(v.equals("0") || v.equals("false") || v.equals("off"));
  }

  /**
   * The build runs this to process the context of {@code owl run}, {@code demo}, {@code render}.
   */
  public static final class RunModeContext {
    private RunModeContext() {}

    /** Starts the RUN mode's context; Spring's AOT processor stops it before its refresh. */
    public static void main(String[] args) {
      OwlApplication.start(OwlApplication.Mode.RUN, Map.of());
    }
  }

  /**
   * The build runs this to process the context of {@code owl status}, {@code cancel} and others.
   */
  public static final class ClientModeContext {
    private ClientModeContext() {}

    /** Starts the CLIENT mode's context; Spring's AOT processor stops it before its refresh. */
    public static void main(String[] args) {
      OwlApplication.start(OwlApplication.Mode.CLIENT, Map.of());
    }
  }
}

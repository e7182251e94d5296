package io.renderowl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.cli.OwlApplication.Mode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * The one-shot modes' contexts generated at build time: the build generated them (the tests run
 * after {@code process-aot}), a one-shot command starts with them unless switched off, and the
 * context they give has the same beans as the one built from the configuration classes.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // each context starts and stops the embedded stack
class BuildTimeContextsTest {
  private static final ClassLoader LOADER = BuildTimeContextsTest.class.getClassLoader();
  private static final Class<?>[] NONE = new Class<?>[0];

  @TempDir Path home;

  @AfterEach
  void clearTheEngineProperties() {
    OfflineEngine.clear();
    System.clearProperty(BuildTimeContexts.SWITCH);
  }

  @Test
  void theBuildGeneratedBothOneShotModes() {
    assertThat(BuildTimeContexts.initializerFor(Mode.RUN, Map.of(), NONE, name -> null, LOADER))
        .isEqualTo(
            "io.renderowl.cli.BuildTimeContexts_RunModeContext__ApplicationContextInitializer");
    assertThat(BuildTimeContexts.initializerFor(Mode.CLIENT, Map.of(), NONE, name -> null, LOADER))
        .isEqualTo(
            "io.renderowl.cli.BuildTimeContexts_ClientModeContext__ApplicationContextInitializer");
  }

  @Test
  void longRunningRolesExtraConfigurationAndTheSwitchBuildTheContextAtStart() {
    assertThat(BuildTimeContexts.initializerFor(Mode.SERVE, Map.of(), NONE, name -> null, LOADER))
        .isNull();
    assertThat(BuildTimeContexts.initializerFor(Mode.WORKER, Map.of(), NONE, name -> null, LOADER))
        .isNull();
    assertThat(
            BuildTimeContexts.initializerFor(
                Mode.RUN, Map.of("a", "b"), NONE, name -> null, LOADER))
        .as("the caller's own properties")
        .isNull();
    assertThat(
            BuildTimeContexts.initializerFor(
                Mode.RUN, Map.of(), new Class<?>[] {String.class}, name -> null, LOADER))
        .as("the caller's own configuration")
        .isNull();
    for (String off : new String[] {"0", "false", "OFF", " off "}) {
      assertThat(
              BuildTimeContexts.initializerFor(
                  Mode.RUN,
                  Map.of(),
                  NONE,
                  name -> name.equals(BuildTimeContexts.SWITCH) ? off : null,
                  LOADER))
          .as("RENDEROWL_SPRING_AOT=" + off)
          .isNull();
    }
    assertThat(BuildTimeContexts.enabled(name -> "1")).isTrue();
    assertThat(BuildTimeContexts.enabled(name -> " ")).isTrue();
    System.setProperty(BuildTimeContexts.SWITCH, "0");
    assertThat(BuildTimeContexts.enabled(name -> "1")).as("the property wins").isFalse();
  }

  @Test
  @Tag("system")
  void theGeneratedContextHasTheBeansOfTheOneBuiltAtStart() {
    OfflineEngine.use(home);
    for (Mode mode : new Mode[] {Mode.RUN, Mode.CLIENT}) {
      Set<String> generated = beans(mode, true).names();
      Beans built = beans(mode, false);
      Set<String> atStart = built.names();

      // Spring's own annotation processors parse configuration classes at start: the generated
      // context has none of them, which is where the time goes
      assertThat(generated)
          .as(mode + " generated")
          .doesNotContain(
              "org.springframework.context.annotation.internalConfigurationAnnotationProcessor");
      assertThat(atStart)
          .as(mode + " at start")
          .contains(
              "org.springframework.context.annotation.internalConfigurationAnnotationProcessor");
      assertThat(withoutSpringInternals(generated))
          .as(mode + ": the same beans either way")
          .isEqualTo(withoutSpringInternals(atStart))
          .contains("temporalConnection", "renderowlSettings");
      // the generated context leaves the @EventListener processor out: safe while no bean has
      // such a method, looked up as the processor does on every bean of the context built at start
      assertThat(generated)
          .as(mode + " generated")
          .doesNotContain(OwlApplication.EVENT_LISTENER_PROCESSOR);
      assertThat(atStart).as(mode + " at start").contains(OwlApplication.EVENT_LISTENER_PROCESSOR);
      assertThat(built.listenerMethods())
          .as(mode + ": @EventListener methods, which the generated context would never call")
          .isEmpty();
      assertThat(System.getProperty(BuildTimeContexts.AOT_ENABLED))
          .as("Spring's flag is not left set for the next context in this JVM")
          .isNull();
    }
  }

  /** A context's bean names and its beans' {@code @EventListener} methods. */
  private record Beans(Set<String> names, List<String> listenerMethods) {}

  private static Beans beans(Mode mode, boolean generated) {
    System.setProperty(BuildTimeContexts.SWITCH, generated ? "1" : "0");
    try (ConfigurableApplicationContext ctx = OwlApplication.start(mode, Map.of())) {
      List<String> listeners = new ArrayList<>();
      for (String name : ctx.getBeanDefinitionNames()) {
        Class<?> type = ctx.getBeanFactory().getType(name, false);
        if (type == null) {
          continue;
        }
        MethodIntrospector.selectMethods(
                ClassUtils.getUserClass(type),
                (MethodIntrospector.MetadataLookup<EventListener>)
                    method ->
                        AnnotatedElementUtils.findMergedAnnotation(method, EventListener.class))
            .keySet()
            .forEach(method -> listeners.add(name + ": " + method));
      }
      return new Beans(new TreeSet<>(Arrays.asList(ctx.getBeanDefinitionNames())), listeners);
    }
  }

  private static Set<String> withoutSpringInternals(Set<String> beans) {
    Set<String> kept = new TreeSet<>(beans);
    kept.removeIf(name ->
        name.startsWith("org.springframework.context.annotation.internal")
            || name.equals(OwlApplication.EVENT_LISTENER_PROCESSOR)
            || name.equals(
                "org.springframework.boot.autoconfigure.internalCachingMetadataReaderFactory"));
    return kept;
  }
}

package io.renderowl.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Reads the test sources of every module as text and keeps them from waiting without a bound: no
 * endless loops, and a class-level {@code @Timeout} on every test class that is tagged "system" or
 * starts something that can hang (a Spring application, Temporal, the embedded stack, a dev server,
 * a database or another child process). It lives here, in the first module of the build, because it
 * covers all of them; it reads files only, so it needs nothing the other modules build.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class TestsCannotHangTest {

  /** An endless loop, spelled so that this file does not match itself. */
  private static final Pattern ENDLESS_LOOP =
      Pattern.compile("while\\s*\\(\\s*true\\s*\\)|for\\s*\\(\\s*;\\s*;\\s*\\)");

  private static final Pattern SYSTEM_TAG = Pattern.compile("@Tag\\(\\s*\"system\"\\s*\\)");

  /** What a test class uses when it starts something that can hang. */
  private static final Pattern STARTS_SOMETHING =
      Pattern.compile(
          "@SpringBootTest|TestWorkflowEnvironment|EmbeddedStack\\b|TemporalDevServer|EmbeddedPostgres"
              + "|TestDatabase\\.|RedisServer|ProcessBuilder|Runtime\\.getRuntime\\(\\)\\.exec");

  private static final Pattern TEST_METHOD =
      Pattern.compile("@(Test|ParameterizedTest|RepeatedTest|TestFactory)\\b");

  private static List<Source> sources;

  /** One test source file: its module, its top-level class name and its text. */
  private record Source(String module, String name, Path path, String text) {

    /** The annotations and declaration of the top-level class, up to its opening brace. */
    String header() {
      Matcher m = declaration().matcher(text);
      return m.find() ? text.substring(0, text.indexOf('{', m.start())) : "";
    }

    Optional<String> superclass() {
      Matcher d = declaration().matcher(text);
      if (!d.find()) {
        return Optional.empty();
      }
      Matcher m =
          Pattern.compile("\\bextends\\s+(\\w+)")
              .matcher(text.substring(d.start(), text.indexOf('{', d.start())));
      return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private Pattern declaration() {
      return Pattern.compile(
          "^[\\w ]*\\b(class|record|interface|enum)\\s+" + name + "\\b", Pattern.MULTILINE);
    }
  }

  @BeforeAll
  static void readTestSources() throws IOException {
    Path root = projectRoot();
    String pom = Files.readString(root.resolve("pom.xml"));
    Matcher module = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>").matcher(pom);
    sources = new ArrayList<>();
    List<String> modules = new ArrayList<>();
    while (module.find()) {
      modules.add(module.group(1));
      Path tests = root.resolve(module.group(1)).resolve("src/test/java");
      if (Files.isDirectory(tests)) {
        try (Stream<Path> files = Files.walk(tests)) {
          files
              .filter(p -> p.toString().endsWith(".java"))
              .forEach(p -> sources.add(read(module.group(1), p)));
        }
      }
    }
    assertThat(modules).as("modules of " + root).contains("workflows", "activities");
    assertThat(sources).as("test sources under " + root).hasSizeGreaterThan(20);
  }

  @Test
  void noTestSourceLoopsWithoutEnd() {
    List<String> endless = new ArrayList<>();
    for (Source s : sources) {
      String[] lines = s.text().split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (ENDLESS_LOOP.matcher(lines[i]).find()) {
          endless.add(
              s.module() + "/" + s.path().getFileName() + ":" + (i + 1) + ": " + lines[i].strip());
        }
      }
    }
    assertThat(endless)
        .as("loops without an end in test code: poll with Awaitility's await().atMost(...) instead")
        .isEmpty();
  }

  @Test
  void everyTestClassThatStartsSomethingDeclaresAClassLevelTimeout() {
    Map<String, Source> byName = new HashMap<>();
    sources.forEach(s -> byName.put(s.module() + ":" + s.name(), s));
    List<String> missing = new ArrayList<>();
    int checked = 0;
    for (Source s : sources) {
      if (!TEST_METHOD.matcher(s.text()).find()) {
        continue;
      }
      List<Source> lineage = lineage(s, byName);
      boolean needsOne =
          lineage.stream()
              .anyMatch(c ->
                  SYSTEM_TAG.matcher(c.header()).find()
                      || STARTS_SOMETHING.matcher(c.text()).find());
      if (needsOne) {
        checked++;
        if (lineage.stream().noneMatch(c -> c.header().contains("@Timeout"))) {
          missing.add(s.module() + "/" + s.path().getFileName());
        }
      }
    }
    assertThat(checked)
        .as("test classes that start something (the scan found none: is it reading the sources?)")
        .isPositive();
    assertThat(missing)
        .as(
            "system tests and tests that start servers, Temporal or processes need a class-level @Timeout")
        .isEmpty();
  }

  /**
   * The class and its superclasses among the same module's test sources (@Tag and @Timeout are
   * inherited).
   */
  private static List<Source> lineage(Source s, Map<String, Source> byName) {
    List<Source> lineage = new ArrayList<>();
    for (Source c = s; c != null && !lineage.contains(c) && lineage.size() < 10; ) {
      lineage.add(c);
      String module = c.module();
      c = c.superclass().map(name -> byName.get(module + ":" + name)).orElse(null);
    }
    return lineage;
  }

  private static Source read(String module, Path file) {
    try {
      String name = file.getFileName().toString().replaceFirst("\\.java$", "");
      return new Source(module, name, file, Files.readString(file).replace("\r\n", "\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The outermost folder with a pom.xml above the working directory (Surefire runs in the module).
   */
  private static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    Path root = null;
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("pom.xml"))) {
        root = d;
      } else if (root != null) {
        break;
      }
    }
    assertThat(root).as("no pom.xml above " + dir).isNotNull();
    return root;
  }
}

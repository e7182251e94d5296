package io.renderowl.cli;

import static io.renderowl.cli.OwlRun.owl;
import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.activities.timeline.TimelineJson;
import io.renderowl.workflows.timeline.TimelineDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code owl bench}: the benchmarks it lists and how it starts its measured child JVMs. */
class BenchCommandTest {

  @Test
  void benchListsRenderAndSamplesButNotTheInternalChild() {
    OwlRun run = owl("bench", "--help");

    assertThat(run.out()).contains("render", "samples").doesNotContain("render-child");
    assertThat(owl("bench", "render", "--help").out())
        .contains(
            "--vertical",
            "--skip-ffmpeg",
            "--long",
            "--dir",
            "--runs",
            "--chunked",
            "--skip-product");
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void samplesWriteW1RepeatedWhenAskedAndRefuseARepeatCountOutOfRange(@TempDir Path dir)
      throws Exception {
    OwlRun refused = owl("bench", "samples", dir.toString(), "--w1-repeats", "1");
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(refused.err()).contains("--w1-repeats must be between 2 and 20 (got 1)");
    assertThat(dir).isEmptyDirectory();

    OwlRun written = owl("bench", "samples", dir.toString(), "--w1-repeats", "2");

    assertThat(written.exitCode()).isZero();
    assertThat(written.out()).contains("w1.json", "w1v.json", "showcase.json", "w1-long.json");
    TimelineDocument twice = TimelineJson.parse(Files.readString(dir.resolve("w1-long.json")));
    assertThat(twice.frameCount()).isEqualTo(1800);
  }

  @Test
  void benchRenderRunsThreeInterleavedRoundsUnlessToldOtherwise() {
    BenchCommand.Render defaults = new BenchCommand.Render();
    new picocli.CommandLine(defaults).parseArgs();
    BenchCommand.Render told = new BenchCommand.Render();
    new picocli.CommandLine(told)
        .parseArgs("--runs", "5", "--chunked", "--skip-product", "--dir", "/tmp/b");

    assertThat(defaults.benchmark().runs()).isEqualTo(3);
    assertThat(defaults.benchmark().skipProduct()).isFalse();
    assertThat(told.benchmark().runs()).isEqualTo(5);
    assertThat(told.benchmark().chunked()).isTrue();
    assertThat(told.benchmark().skipProduct()).isTrue();
    assertThat(told.benchmark().dir()).isEqualTo(Path.of("/tmp/b"));
  }

  @Test
  void benchRenderRefusesFewerThanOneRun() {
    OwlRun run = owl("bench", "render", "--runs", "0");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--runs must be at least 1");
  }

  @Test
  void theProductPathRunsOwlInAJvmWithTheFlagsOwlRunsWith() {
    List<String> command =
        BenchCommand.owlCommand(List.of("render", "w1.json", "--output", "o.mp4", "--chunks", "1"));

    assertThat(command.getFirst()).endsWith("java");
    assertThat(command).contains("-cp", OwlMain.class.getName());
    assertThat(command.subList(command.size() - 6, command.size()))
        .containsExactly("render", "w1.json", "--output", "o.mp4", "--chunks", "1");
  }

  @Test
  void onlyFlagsThatShapeARenderAreCarriedOver() {
    assertThat(
            BenchCommand.launchFlags(
                List.of(
                    "-Xmx1g",
                    "-XX:+UseSerialGC",
                    "--enable-native-access=ALL-UNNAMED",
                    "-agentlib:jdwp=transport=dt_socket",
                    "-javaagent:/x.jar",
                    "-Dfoo=bar",
                    "--sun-misc-unsafe-memory-access=allow")))
        .containsExactly(
            "-Xmx1g",
            "-XX:+UseSerialGC",
            "--enable-native-access=ALL-UNNAMED",
            "-Dfoo=bar",
            "--sun-misc-unsafe-memory-access=allow");
  }

  @Test
  void oneShotCommandsGetTheFirstJitTierOnlyAsOwlGivesThem() {
    List<String> parent =
        List.of(
            "-Xmx1g",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=4",
            "-XX:ReservedCodeCacheSize=240m");

    assertThat(BenchCommand.launchFlags(parent, "render", null))
        .containsExactly(
            "-Xmx1g",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:ReservedCodeCacheSize=128m");
    assertThat(BenchCommand.launchFlags(parent, "demo", null)).containsAll(BenchCommand.QUICK_JIT);
    assertThat(BenchCommand.launchFlags(parent, "serve", null))
        .containsExactly("-Xmx1g", "-XX:+UseSerialGC");
    assertThat(BenchCommand.launchFlags(parent, "render", "full"))
        .containsExactly("-Xmx1g", "-XX:+UseSerialGC");
  }

  /** ./owl's case of the commands that keep both JIT tiers is the list the benchmark uses. */
  @Test
  void theLauncherScriptKeepsBothJitTiersForTheSameCommands() throws Exception {
    String script = java.nio.file.Files.readString(java.nio.file.Path.of("..", "owl"));
    java.util.regex.Matcher excluded =
        java.util.regex.Pattern.compile("(?m)^\\s*([a-z|]+)\\) QUICK_JIT=0 ;;$").matcher(script);

    assertThat(excluded.find()).as("the case line in ./owl").isTrue();
    assertThat(java.util.Set.of(excluded.group(1).split("\\|")))
        .isEqualTo(BenchCommand.QUICK_JIT_EXCLUDED);
    assertThat(script).contains("JAVA_OPTS+=(" + String.join(" ", BenchCommand.QUICK_JIT) + ")");
    assertThat(script).contains("[ \"$RENDER_ONLY\" = 1 ] && QUICK_JIT=1");
  }

  @Test
  void childJvmsRunTheRenderChildWithASmallHeapOnThisClassPath() {
    List<String> command = BenchCommand.childCommand(List.of("w1.json", "out.mp4", "2"));

    assertThat(command.getFirst()).endsWith("java");
    assertThat(command).contains(BenchCommand.CHILD_HEAP, "--enable-native-access=ALL-UNNAMED");
    assertThat(command.subList(command.size() - 3, command.size()))
        .containsExactly("w1.json", "out.mp4", "2");
    // under surefire the class path is a list of folders and jars, so the child is started by class
    // name
    assertThat(command).contains("-cp", "io.renderowl.cli.bench.RenderChild");
    assertThat(Path.of(command.getFirst())).exists();
  }
}

package io.renderowl.cli;

import static io.renderowl.cli.OwlRun.owl;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code owl bench}: the benchmarks it lists and how it starts its measured child JVMs. */
class BenchCommandTest {

  @Test
  void benchListsRenderAndSamplesButNotTheInternalChild() {
    OwlRun run = owl("bench", "--help");

    assertThat(run.out()).contains("render", "samples").doesNotContain("render-child");
    assertThat(owl("bench", "render", "--help").out()).contains("--vertical", "--skip-ffmpeg", "--long", "--dir");
  }

  @Test
  void childJvmsRunTheRenderChildWithASmallHeapOnThisClassPath() {
    List<String> command = BenchCommand.childCommand(List.of("w1.json", "out.mp4", "2"));

    assertThat(command.getFirst()).endsWith("java");
    assertThat(command).contains(BenchCommand.CHILD_HEAP, "--enable-native-access=ALL-UNNAMED");
    assertThat(command.subList(command.size() - 3, command.size())).containsExactly("w1.json", "out.mp4", "2");
    // under surefire the class path is a list of folders and jars, so the child is started by class name
    assertThat(command).contains("-cp", "io.renderowl.cli.bench.RenderChild");
    assertThat(Path.of(command.getFirst())).exists();
  }
}

package io.renderowl.cli;

import static io.renderowl.cli.OwlRun.owl;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Help, version and argument errors: none of them starts the engine. */
class OwlUsageTest {

  @Test
  void helpListsTheSubcommandsAndExitsZero() {
    OwlRun run = owl("--help");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out())
        .contains(
            "Usage: owl",
            "demo",
            "run",
            "status",
            "serve",
            "worker",
            "batch",
            "channel",
            "jobs",
            "user",
            "template",
            "webhooks",
            "bench");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void aCommandLineHoldsOnlyTheSubcommandItNames() {
    assertThat(OwlMain.commandLine("demo", "--output", "x.mp4").getSubcommands())
        .containsOnlyKeys("demo");
    assertThat(OwlMain.commandLine("webhooks", "deliveries").getSubcommands())
        .containsOnlyKeys("webhooks");
    // an option or an unknown word first: all of them, in the usage help's order
    List<String> all =
        OwlCommand.SUBCOMMANDS.stream()
            .map(c -> c.getAnnotation(picocli.CommandLine.Command.class).name())
            .toList();
    assertThat(all).doesNotHaveDuplicates().hasSize(20).startsWith("demo", "run");
    assertThat(OwlMain.commandLine("--help").getSubcommands().keySet())
        .containsExactlyElementsOf(all);
    assertThat(OwlMain.commandLine("rendr").getSubcommands().keySet())
        .containsExactlyElementsOf(all);
    assertThat(OwlMain.commandLine().getSubcommands().keySet()).containsExactlyElementsOf(all);
  }

  @Test
  void anUnknownCommandIsAUsageErrorThatPointsToTheHelp() {
    OwlRun run = owl("rendr", "w1.json");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .isEqualTo(
            "owl: Unmatched arguments from index 0: 'rendr', 'w1.json' (see 'owl --help')"
                + System.lineSeparator());
  }

  @Test
  void webhookDeliveriesHelpNamesItsFilters() {
    OwlRun run = owl("webhooks", "deliveries", "--help");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).contains("DELIVERY_ID", "--kind", "--target", "--status", "--limit");
  }

  @Test
  void batchSkippedOffersASpreadsheetSafeCsv() {
    OwlRun run = owl("batch", "skipped", "--help");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).contains("BATCH_ID", "--csv", "get a leading '");
  }

  @Test
  void versionPrintsTheVersionAndExitsZero() {
    OwlRun run = owl("--version");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).isEqualTo("owl 0.1.0" + System.lineSeparator());
  }

  @Test
  void runWithoutATopicIsAUsageErrorOnOneLine() {
    OwlRun run = owl("run");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines())
        .singleElement()
        .asString()
        .startsWith("owl: ")
        .contains("--topic")
        .endsWith("(see 'owl run --help')");
  }

  @Test
  void runWithAnUnknownAspectNamesTheAspectsItAccepts() {
    OwlRun run = owl("run", "--topic", "x", "--aspect", "4:3");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines())
        .singleElement()
        .asString()
        .startsWith("owl: ")
        .contains("aspect must be one of 9:16, 16:9, 1:1 (got '4:3')");
  }

  @Test
  void runWithABlankTopicAndTooShortADurationNamesBothProblemsWithoutStartingTheEngine(
      @TempDir Path home) {
    // Were the engine started by mistake, it would lock and fill this folder.
    System.setProperty("RENDEROWL_HOME", home.toString());
    System.setProperty("RENDEROWL_TEMPORAL_SERVER", "test");
    OwlRun run;
    try {
      run = owl("run", "--topic", "  ", "--duration", "3");
    } finally {
      System.clearProperty("RENDEROWL_HOME");
      System.clearProperty("RENDEROWL_TEMPORAL_SERVER");
    }

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines())
        .singleElement()
        .asString()
        .startsWith("owl: invalid request: ")
        .contains("topic", "is required")
        .contains("duration", "must be between");
    assertThat(home).isEmptyDirectory();
  }

  @Test
  void templateCreateNamesEveryProblemOfTheFileWithoutStartingTheEngine(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("template.json");
    Files.writeString(
        file,
        """
        {"name": "Broken", "fields": [{"name": "title", "type": "text", "required": true},
                                      {"name": "size", "type": "number"}],
         "structure": {"name": "{{title}} {{subtitle}}", "resolution": "640x360", "duration": 2,
                       "tracks": []}}
        """);
    OwlRun run = owl("template", "create", file.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains("is not a valid template")
        .contains("{{subtitle}}")
        .contains("fields.size: is not used in the structure");
  }
}

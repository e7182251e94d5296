package io.renderowl.cli;

import io.renderowl.workflows.Aspect;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by demo and run. */
final class RunOptions {
  @Option(
      names = "--aspect",
      description = "9:16 (1080x1920, default), 16:9 (1920x1080) or 1:1 (1080x1080)",
      converter = AspectConverter.class)
  Aspect aspect = Aspect.VERTICAL;

  @Option(
      names = "--duration",
      description =
          "video length in seconds, 10-600 (default ${DEFAULT-VALUE}); honoured within +-15%% from 15 to 600 s"
              + " (script length, scene count and speaking pace adapt); shorter targets come out a little longer")
  int durationSeconds = 30;

  @Option(names = "--voice", description = "espeak-ng voice (default ${DEFAULT-VALUE})")
  String voice = "en";

  @Option(
      names = "--style",
      description =
          "script style: educational (default), storytelling, listicle, news, motivational")
  String style = "educational";

  @Option(
      names = "--language",
      description = "script and voice language tag (default ${DEFAULT-VALUE})")
  String language = "en";

  @Option(
      names = "--preview",
      description = "render a fast low-resolution preview instead of full resolution")
  boolean preview;

  @Option(
      names = "--platform",
      description = "where to publish, repeatable (default local-folder)",
      split = ",")
  List<String> platforms = List.of("local-folder");

  @Option(
      names = "--account",
      paramLabel = "ID",
      split = ",",
      description = "a connected social account (id) to post the video to, repeatable")
  List<String> accounts = List.of();

  @Option(
      names = "--publish-at",
      paramLabel = "TIME",
      description =
          "post to the accounts at this ISO-8601 instant (e.g. 2026-12-24T18:00:00Z) instead of"
              + " when rendered")
  String publishAt;

  @Option(
      names = "--template",
      paramLabel = "ID",
      description =
          "fill this template (id or built-in key, see owl template list) with the run's scenes"
              + " instead of the default layout")
  String template;

  @Option(
      names = "--callback-url",
      paramLabel = "URL",
      description =
          "POST the run's end (completed, failed, cancelled) to this URL, signed with your webhook"
              + " secret (refused: loopback, private and metadata addresses unless allowed)")
  String callbackUrl;

  @Option(
      names = "--key",
      description =
          "idempotency key: the same topic, options and key always map to the same run (default: a new run each time)")
  String requestKey;

  @Option(
      names = {"-o", "--output"},
      description = "write the final MP4 to this file")
  Path output;

  static final class AspectConverter implements picocli.CommandLine.ITypeConverter<Aspect> {
    @Override
    public Aspect convert(String value) {
      try {
        return Aspect.parse(value);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}

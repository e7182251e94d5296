package io.renderowl.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The ffmpeg CLI anchor for W1: the same pictures, captions and voice as one filter graph (zoompan
 * for the Ken Burns zoom, xfade for the crossfades, drawtext for the captions with the same font,
 * size, outline and fades), libx264 veryfast crf 23, yuv420p, AAC 48 kHz mono 128k, faststart.
 */
final class FfmpegW1 {

  static final String FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

  private FfmpegW1() {}

  /** An ffmpeg binary and what it is ("ffmpeg on PATH (ffmpeg version 5.1.9-0+deb12u1)"). */
  record Binary(String path, String description) {}

  /**
   * The ffmpeg CLI on the PATH (Debian's, installed by infra/scripts/setup.sh), when it has
   * drawtext.
   */
  static java.util.Optional<Binary> system() {
    return hasDrawtext("ffmpeg")
        ? java.util.Optional.of(
            new Binary("ffmpeg", "system ffmpeg on PATH (" + version("ffmpeg") + ")"))
        : java.util.Optional.empty();
  }

  /**
   * The ffmpeg binary bundled with org.bytedeco:ffmpeg (the engine's own libraries), when it has
   * drawtext.
   */
  static java.util.Optional<Binary> bundled() {
    try {
      String bundled = org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
      if (bundled != null && hasDrawtext(bundled)) {
        return java.util.Optional.of(
            new Binary(bundled, "bundled ffmpeg (" + version(bundled) + ")"));
      }
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      // not extractable here: the bundled row is left out
    }
    return java.util.Optional.empty();
  }

  private static boolean hasDrawtext(String binary) {
    return output(binary, "-hide_banner", "-filters").contains(" drawtext ");
  }

  private static String version(String binary) {
    String first = output(binary, "-hide_banner", "-version").lines().findFirst().orElse("?");
    return first.replaceFirst(" Copyright.*", "");
  }

  private static String output(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(30, TimeUnit.SECONDS);
      return text;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /**
   * The ffmpeg arguments (after the binary) that render W1 from {@code media} (scene-K.png,
   * voice.wav) into {@code output}; writes the caption texts and the graph script into {@code
   * media}.
   */
  static List<String> arguments(Path media, int width, int height, Path output) throws IOException {
    int fps = SampleTimelines.W1_FPS;
    double scene = SampleTimelines.W1_SCENE_SECONDS;
    double fade = SampleTimelines.W1_CROSSFADE;
    int scale = Math.min(width, height);
    int fontSize = (int) Math.round(64 * scale / 1080.0);
    int border = (int) Math.round(4 * scale / 1080.0);
    List<String> args = new ArrayList<>(List.of("-hide_banner", "-loglevel", "error", "-y"));
    StringBuilder graph = new StringBuilder();
    for (int k = 0; k < 5; k++) {
      double length = k == 4 ? scene : scene + fade;
      long frames = Math.round(length * fps);
      args.addAll(
          List.of(
              "-loop",
              "1",
              "-framerate",
              Integer.toString(fps),
              "-t",
              fmt(length),
              "-i",
              media.resolve("scene-" + k + ".png").toString()));
      graph.append(
          String.format(
              Locale.ROOT,
              "[%d:v]zoompan=z='1+0.1*on/(%d-1)':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d=1:s=%dx%d:fps=%d,"
                  + "format=yuv420p,setsar=1[z%d];",
              k,
              frames,
              width,
              height,
              fps,
              k));
    }
    args.addAll(List.of("-i", media.resolve("voice.wav").toString()));
    String last = "z0";
    for (int k = 1; k < 5; k++) {
      graph.append(
          String.format(
              Locale.ROOT,
              "[%s][z%d]xfade=transition=fade:duration=%s:offset=%s[x%d];",
              last,
              k,
              fmt(fade),
              fmt(k * scene),
              k));
      last = "x" + k;
    }
    for (int k = 0; k < 5; k++) {
      double start = k * scene;
      double end = k == 4 ? start + scene : start + scene + fade;
      String fadeIn =
          k == 0 ? "1" : String.format(Locale.ROOT, "min(1,(t-%s)/%s)", fmt(start), fmt(fade));
      String fadeOut =
          k == 4 ? "1" : String.format(Locale.ROOT, "min(1,(%s-t)/%s)", fmt(end), fmt(fade));
      Path text = media.resolve("caption-" + k + ".txt");
      Files.writeString(text, SampleTimelines.W1_CAPTIONS.get(k));
      graph.append(
          String.format(
              Locale.ROOT,
              "[%s]drawtext=fontfile=%s:textfile=%s:fontsize=%d:fontcolor=white:borderw=%d:bordercolor=black:"
                  + "x=(w-text_w)/2:y=h*0.9-text_h:enable='between(t,%s,%s)':alpha='min(%s,%s)'[t%d];",
              last,
              FONT,
              text,
              fontSize,
              border,
              fmt(start),
              fmt(end),
              fadeIn,
              fadeOut,
              k));
      last = "t" + k;
    }
    graph.append(
        String.format(Locale.ROOT, "[5:a]aresample=48000,apad,atrim=0:%s[a]", fmt(5 * scene)));
    Path script = media.resolve("ffmpeg-graph.txt");
    Files.writeString(script, graph.toString());
    args.addAll(
        List.of(
            "-filter_complex_script",
            script.toString(),
            "-map",
            "[" + last + "]",
            "-map",
            "[a]",
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-crf",
            "23",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-b:a",
            "128k",
            "-ac",
            "1",
            "-movflags",
            "+faststart",
            "-t",
            fmt(5 * scene),
            output.toString()));
    return args;
  }

  private static String fmt(double value) {
    return value == Math.rint(value)
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%s", value);
  }
}

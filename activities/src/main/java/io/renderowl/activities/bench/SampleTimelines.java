package io.renderowl.activities.bench;

import io.renderowl.activities.media.EspeakNarrator;
import io.renderowl.activities.media.ProceduralPictures;
import io.renderowl.activities.timeline.TimelineJson;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TrackDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes sample timelines with their media, deterministically: the same files on every machine
 * with the same espeak-ng. Media paths in the JSON are relative to the JSON file's folder.
 */
public final class SampleTimelines {

  /** W1's five captions, one per scene. */
  public static final List<String> W1_CAPTIONS =
      List.of(
          "Owls hunt silently through the night.",
          "Soft feathers muffle every wingbeat.",
          "Their eyes gather the faintest light.",
          "Ears set unevenly pinpoint each sound.",
          "By dawn they rest, hidden in the trees.");

  /** Seconds each W1 scene is on its own; scenes overlap by {@link #W1_CROSSFADE} more. */
  public static final double W1_SCENE_SECONDS = 6.0;

  public static final double W1_CROSSFADE = 0.5;

  public static final int W1_FPS = 30;

  private final ProceduralPictures pictures = new ProceduralPictures();
  private final EspeakNarrator narrator = new EspeakNarrator();

  /**
   * Writes W1 (1920x1080, or 1080x1920 when {@code vertical}) into {@code dir}: {@code
   * w1-media/scene-K.png} (5 pictures at the frame size), {@code w1-media/voice.wav} (espeak-ng
   * speaking the five captions, each padded to 6.000 s: 30.000 s) and {@code w1.json} (or {@code
   * w1v.json}). With {@code repeats > 1} the five scenes repeat that many times (W1 x 10 is the
   * 5-minute timeline, {@code w1-long.json}).
   *
   * @return the JSON file
   */
  public Path writeW1(Path dir, boolean vertical, int repeats) {
    int width = vertical ? 1080 : 1920;
    int height = vertical ? 1920 : 1080;
    Path media = dir.resolve(vertical ? "w1v-media" : "w1-media");
    createDirectories(media);
    for (int k = 0; k < 5; k++) {
      Path picture = media.resolve("scene-" + k + ".png");
      if (!Files.exists(picture)) {
        pictures.writePng(pictures.draw("W1 owls", new Scene(k, W1_CAPTIONS.get(k), "picture", 6), width, height), picture);
      }
    }
    Path voice = media.resolve("voice.wav");
    if (!Files.exists(voice)) {
      writePaddedVoice(W1_CAPTIONS, W1_SCENE_SECONDS, voice);
    }
    String name = (vertical ? "w1v" : "w1") + (repeats > 1 ? "-long" : "");
    TimelineDocument timeline = w1(name, width, height, media.getFileName().toString(), repeats);
    Path json = dir.resolve(name + ".json");
    TimelineJson.write(timeline, json);
    return json;
  }

  /**
   * The W1 timeline: per scene an image clip (Ken Burns 1.0 to 1.1, crossfade 0.5 s), a caption
   * (DejaVu Sans Bold 64 px, white, 4 px black outline, bottom edge 10% above the bottom, fading
   * with its scene; captions alternate between two text tracks because consecutive ones overlap
   * during the crossfade) and one voice-over clip per 30 s.
   */
  static TimelineDocument w1(String name, int width, int height, String mediaDir, int repeats) {
    List<ClipDocument> images = new ArrayList<>();
    List<ClipDocument> captionsA = new ArrayList<>();
    List<ClipDocument> captionsB = new ArrayList<>();
    List<ClipDocument> voice = new ArrayList<>();
    int scenes = 5 * repeats;
    double total = scenes * W1_SCENE_SECONDS;
    for (int i = 0; i < scenes; i++) {
      int k = i % 5;
      double start = i * W1_SCENE_SECONDS;
      boolean first = i == 0;
      boolean last = i == scenes - 1;
      double length = last ? W1_SCENE_SECONDS : W1_SCENE_SECONDS + W1_CROSSFADE;
      Map<String, Object> picture = new LinkedHashMap<>();
      picture.put("fit", "cover");
      picture.put("zoomFrom", 1.0);
      picture.put("zoomTo", 1.1);
      picture.put("transitionIn", first ? "none" : "crossfade");
      picture.put("transitionSeconds", W1_CROSSFADE);
      images.add(new ClipDocument("scene-" + i, "image", start, length, mediaDir + "/scene-" + k + ".png", picture));
      Map<String, Object> caption = new LinkedHashMap<>();
      caption.put("text", W1_CAPTIONS.get(k));
      caption.put("fontFamily", "DejaVu Sans");
      caption.put("fontSize", 64);
      caption.put("color", "#ffffff");
      caption.put("outlineColor", "#000000");
      caption.put("outlineWidth", 4);
      caption.put("position", "bottom");
      caption.put("fadeInSeconds", first ? 0.0 : W1_CROSSFADE);
      caption.put("fadeOutSeconds", last ? 0.0 : W1_CROSSFADE);
      (i % 2 == 0 ? captionsA : captionsB).add(new ClipDocument("caption-" + i, "text", start, length, null, caption));
      if (k == 0) {
        voice.add(new ClipDocument("voice-" + i / 5, "audio", start, 5 * W1_SCENE_SECONDS, mediaDir + "/voice.wav",
            Map.of("volume", 1.0, "role", "voice")));
      }
    }
    return new TimelineDocument(
        name, name, width, height, W1_FPS, "#000000", "crossfade", total,
        List.of(
            new TrackDocument("pictures", "Pictures", "image", 0, true, images),
            new TrackDocument("captions-a", "Captions A", "text", 1, true, captionsA),
            new TrackDocument("captions-b", "Captions B", "text", 2, true, captionsB),
            new TrackDocument("voice", "Voice-over", "audio", 3, true, voice)));
  }

  /** espeak-ng speaks each line; each is padded with silence (or cut) to {@code seconds}. */
  void writePaddedVoice(List<String> lines, double seconds, Path wav) {
    List<short[]> parts = new ArrayList<>();
    int rate = 0;
    try {
      Path dir = Files.createTempDirectory("renderowl-voice-");
      try {
        for (int i = 0; i < lines.size(); i++) {
          Path part = dir.resolve("line-" + i + ".wav");
          narrator.speak(lines.get(i), "en", part);
          WavFiles.Pcm pcm = WavFiles.read(part);
          rate = pcm.sampleRate();
          short[] padded = new short[(int) Math.round(seconds * rate)];
          System.arraycopy(pcm.samples(), 0, padded, 0, Math.min(padded.length, pcm.samples().length));
          parts.add(padded);
          Files.delete(part);
        }
      } finally {
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the voice-over " + wav + ": " + e.getMessage(), e);
    }
    short[] all = new short[parts.stream().mapToInt(p -> p.length).sum()];
    int at = 0;
    for (short[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    WavFiles.write(all, rate, wav);
  }

  static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }
}

package io.renderowl.cli.bench;

import io.renderowl.activities.timeline.TimelineJson;
import io.renderowl.activities.visuals.ProceduralPictures;
import io.renderowl.activities.voice.EspeakSpeaker;
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
 * Writes sample timelines with their media, deterministically: the same files on every machine with
 * the same espeak-ng. Media paths in the JSON are relative to the JSON file's folder.
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
  private final EspeakSpeaker narrator = new EspeakSpeaker();

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
        pictures.writePng(
            pictures.draw("W1 owls", new Scene(k, W1_CAPTIONS.get(k), "picture", 6), width, height),
            picture);
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
      images.add(
          new ClipDocument(
              "scene-" + i, "image", start, length, mediaDir + "/scene-" + k + ".png", picture));
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
      (i % 2 == 0 ? captionsA : captionsB)
          .add(new ClipDocument("caption-" + i, "text", start, length, null, caption));
      if (k == 0) {
        voice.add(
            new ClipDocument(
                "voice-" + i / 5,
                "audio",
                start,
                5 * W1_SCENE_SECONDS,
                mediaDir + "/voice.wav",
                Map.of("volume", 1.0, "role", "voice")));
      }
    }
    return new TimelineDocument(
        name,
        name,
        width,
        height,
        W1_FPS,
        "#000000",
        "crossfade",
        total,
        List.of(
            new TrackDocument("pictures", "Pictures", "image", 0, true, images),
            new TrackDocument("captions-a", "Captions A", "text", 1, true, captionsA),
            new TrackDocument("captions-b", "Captions B", "text", 2, true, captionsB),
            new TrackDocument("voice", "Voice-over", "audio", 3, true, voice)));
  }

  /**
   * Writes every sample with its media into {@code dir}: w1.json, w1v.json and showcase.json.
   *
   * @return the JSON files
   */
  public List<Path> writeAll(Path dir) {
    return List.of(writeW1(dir, false, 1), writeW1(dir, true, 1), writeShowcase(dir));
  }

  /** The showcase's frame size, fps and length. */
  public static final int SHOWCASE_WIDTH = 1280;

  public static final int SHOWCASE_HEIGHT = 720;

  public static final double SHOWCASE_SECONDS = 16.0;

  static final String SHOWCASE_VOICE = "Every clip type and every transition, in sixteen seconds.";

  /**
   * Writes the showcase into {@code dir}: {@code showcase.json} (1280x720, 16 s) using every clip
   * type (image, video, text with word highlight, box and shadow, audio voice and ducked music,
   * framecode effect) and every transition (crossfade, slide, wipe, zoom, fade), with its media in
   * {@code showcase-media/}: five pictures, a 2-second video with sound (rendered by Renderowl
   * itself), an espeak-ng voice and a synthetic music bed.
   *
   * @return the JSON file
   */
  public Path writeShowcase(Path dir) {
    Path media = dir.resolve("showcase-media");
    createDirectories(media);
    for (int k = 0; k < 5; k++) {
      Path picture = media.resolve("picture-" + k + ".png");
      if (!Files.exists(picture)) {
        pictures.writePng(
            pictures.draw("showcase", new Scene(k, "picture " + k, "picture", 3), 1280, 720),
            picture);
      }
    }
    Path music = media.resolve("music.wav");
    if (!Files.exists(music)) {
      WavFiles.write(chord(SHOWCASE_SECONDS, 48_000, 220, 277.18, 329.63), 48_000, music);
    }
    Path voice = media.resolve("voice.wav");
    if (!Files.exists(voice)) {
      narrator.synthesize(SHOWCASE_VOICE, "en", voice);
    }
    Path clip = media.resolve("clip.mp4");
    if (!Files.exists(clip)) {
      writeShowcaseClip(media, clip);
    }
    double voiceSeconds =
        WavFiles.read(voice).samples().length / (double) WavFiles.read(voice).sampleRate();
    TimelineDocument timeline = showcase("showcase-media", Math.min(voiceSeconds, 5.0));
    Path json = dir.resolve("showcase.json");
    TimelineJson.write(timeline, json);
    return json;
  }

  /** A 2-second 640x360 video with a zooming picture, a frame code and a 660 Hz tone. */
  private void writeShowcaseClip(Path media, Path clip) {
    Path tone = media.resolve("clip-tone.wav");
    WavFiles.write(chord(2.0, 48_000, 660), 48_000, tone);
    Path picture = media.resolve("clip-picture.png");
    pictures.writePng(
        pictures.draw("showcase clip", new Scene(0, "clip", "picture", 2), 640, 360), picture);
    TimelineDocument source =
        new TimelineDocument(
            "clip",
            "clip",
            640,
            360,
            30,
            "#000000",
            "none",
            2.0,
            List.of(
                new TrackDocument(
                    "p",
                    "Picture",
                    "image",
                    0,
                    true,
                    List.of(
                        new ClipDocument(
                            "p",
                            "image",
                            0,
                            2,
                            picture.getFileName().toString(),
                            Map.of("zoomFrom", 1.0, "zoomTo", 1.5)))),
                new TrackDocument(
                    "f",
                    "Frame code",
                    "effect",
                    1,
                    true,
                    List.of(new ClipDocument("f", "framecode", 0, 2, null, Map.of()))),
                new TrackDocument(
                    "a",
                    "Tone",
                    "audio",
                    2,
                    true,
                    List.of(
                        new ClipDocument(
                            "a",
                            "audio",
                            0,
                            2,
                            tone.getFileName().toString(),
                            Map.of("volume", 0.5))))));
    new io.renderowl.activities.render.TimelineRenderer()
        .render(source, media::resolve, clip, io.renderowl.activities.render.RenderListener.NONE);
  }

  /**
   * The showcase timeline; {@code voiceSeconds} is the voice-over's length (its words are timed
   * evenly over it for the highlighted caption).
   */
  static TimelineDocument showcase(String mediaDir, double voiceSeconds) {
    List<ClipDocument> pictures = new ArrayList<>();
    String[] transitions = {"none", "crossfade", "slide", "wipe", "zoom", "fade"};
    double[] starts = {0, 3, 6, 9, 12, 14.5};
    for (int i = 0; i < 6; i++) {
      double start = starts[i];
      double end = i == 5 ? SHOWCASE_SECONDS : starts[i + 1] + 0.5;
      Map<String, Object> content = new LinkedHashMap<>();
      content.put("transitionIn", transitions[i]);
      content.put("transitionSeconds", 0.5);
      String source;
      String type = "image";
      if (i == 1) {
        type = "video";
        source = mediaDir + "/clip.mp4";
        content.put("trimStart", 0.5);
        content.put("loop", true);
        content.put("volume", 0.4);
        content.put("fit", "contain");
      } else {
        int picture = i == 0 ? 0 : i - 1;
        source = mediaDir + "/picture-" + picture + ".png";
        content.put("fit", "cover");
        content.put("zoomFrom", i % 2 == 0 ? 1.0 : 1.15);
        content.put("zoomTo", i % 2 == 0 ? 1.15 : 1.0);
        content.put("panFromX", i == 0 ? -0.05 : 0.0);
        content.put("panToX", i == 0 ? 0.05 : 0.0);
      }
      pictures.add(new ClipDocument("scene-" + i, type, start, end - start, source, content));
    }
    String[] spoken = SHOWCASE_VOICE.split(" ");
    List<Map<String, Object>> words = new ArrayList<>();
    for (int i = 0; i < spoken.length; i++) {
      words.add(
          Map.of(
              "text",
              spoken[i],
              "start",
              round3(voiceSeconds * i / spoken.length),
              "end",
              round3(voiceSeconds * (i + 1) / spoken.length)));
    }
    Map<String, Object> captioned = new LinkedHashMap<>();
    captioned.put("words", words);
    captioned.put("highlightColor", "#ffd400");
    captioned.put("fontSize", 56);
    captioned.put("position", "bottom");
    captioned.put("fadeSeconds", 0.25);
    Map<String, Object> boxed = new LinkedHashMap<>();
    boxed.put("text", "Text in a box, with a shadow");
    boxed.put("color", "#ffffff");
    boxed.put("backgroundColor", "#1a237ecc");
    boxed.put("shadow", true);
    boxed.put("outlineWidth", 0);
    boxed.put("position", "top");
    boxed.put("fontSize", 48);
    Map<String, Object> plain = new LinkedHashMap<>();
    plain.put("text", "Crossfade, slide, wipe, zoom and fade");
    plain.put("color", "#fff59d");
    plain.put("outlineColor", "#000000");
    plain.put("outlineWidth", 3);
    plain.put("position", "center");
    plain.put("fontSize", 52);
    return new TimelineDocument(
        "showcase",
        "Every clip type and transition",
        SHOWCASE_WIDTH,
        SHOWCASE_HEIGHT,
        30,
        "#000000",
        "crossfade",
        SHOWCASE_SECONDS,
        List.of(
            new TrackDocument("pictures", "Pictures and video", "video", 0, true, pictures),
            new TrackDocument(
                "captions",
                "Captions",
                "text",
                1,
                true,
                List.of(
                    new ClipDocument(
                        "caption-words", "text", 0.5, voiceSeconds + 0.5, null, captioned),
                    new ClipDocument("caption-box", "text", 6.5, 3.5, null, boxed),
                    new ClipDocument("caption-plain", "text", 10.5, 5.0, null, plain))),
            new TrackDocument(
                "framecode",
                "Frame code",
                "effect",
                2,
                true,
                List.of(new ClipDocument("framecode", "framecode", 12, 4, null, Map.of()))),
            new TrackDocument(
                "voice",
                "Voice-over",
                "audio",
                3,
                true,
                List.of(
                    new ClipDocument(
                        "voice",
                        "audio",
                        0.5,
                        voiceSeconds,
                        mediaDir + "/voice.wav",
                        Map.of("role", "voice", "volume", 1.0)))),
            new TrackDocument(
                "music",
                "Music",
                "audio",
                4,
                true,
                List.of(
                    new ClipDocument(
                        "music",
                        "audio",
                        0,
                        SHOWCASE_SECONDS,
                        mediaDir + "/music.wav",
                        Map.of(
                            "role",
                            "music",
                            "volume",
                            0.5,
                            "duckUnderSpeech",
                            true,
                            "fadeInSeconds",
                            1.0,
                            "fadeOutSeconds",
                            2.0))))));
  }

  private static double round3(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  /** A soft chord of sine tones with a slow swell, amplitude 0.3. */
  static short[] chord(double seconds, int rate, double... hz) {
    short[] samples = new short[(int) Math.round(seconds * rate)];
    for (int i = 0; i < samples.length; i++) {
      double t = i / (double) rate;
      double v = 0;
      for (double f : hz) {
        v += Math.sin(2 * Math.PI * f * t);
      }
      double swell = 0.75 + 0.25 * Math.sin(2 * Math.PI * 0.25 * t);
      samples[i] = (short) Math.round(v / hz.length * 0.3 * swell * 32767);
    }
    return samples;
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
          narrator.synthesize(lines.get(i), "en", part);
          WavFiles.Pcm pcm = WavFiles.read(part);
          rate = pcm.sampleRate();
          short[] padded = new short[(int) Math.round(seconds * rate)];
          System.arraycopy(
              pcm.samples(), 0, padded, 0, Math.min(padded.length, pcm.samples().length));
          parts.add(padded);
          Files.delete(part);
        }
      } finally {
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the voice-over " + wav + ": " + e.getMessage(), e);
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

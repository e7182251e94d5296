package io.renderowl.activities.timeline;

import io.renderowl.infra.json.Json;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads and writes the timeline JSON document (see the README's "Timeline document"):
 *
 * <pre>{@code
 * {"id": "...", "name": "...", "resolution": "1920x1080", "fps": 30, "background_color": "#000000",
 *  "transition_type": "crossfade", "duration": 30.0,
 *  "tracks": [{"id": "...", "name": "...", "type": "image", "order": 0, "is_visible": true,
 *              "clips": [{"id": "...", "type": "image", "start_time": 0.0, "duration": 6.5,
 *                         "source_url": "pictures/0.png", "content": {"fit": "cover"}}]}]}
 * }</pre>
 *
 * <p>Keys are snake_case like the seed's columns; {@code content} keys are the camelCase fields the
 * renderer reads. Reading checks only the shape (types and required keys) and reports every problem
 * at once; {@link io.renderowl.workflows.timeline.TimelineValidator} checks the meaning.
 */
public final class TimelineJson {

  private static final Pattern RESOLUTION = Pattern.compile("(\\d{1,5})x(\\d{1,5})");

  private TimelineJson() {}

  /**
   * Reads a timeline file.
   *
   * @throws IllegalArgumentException listing every shape problem (with JSON paths), or when the
   *     file is not JSON
   * @throws UncheckedIOException when the file cannot be read
   */
  public static TimelineDocument read(Path file) {
    String json;
    try {
      json = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read timeline file " + file + ": " + e.getMessage(), e);
    }
    try {
      return parse(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses a timeline document.
   *
   * @throws IllegalArgumentException listing every shape problem, or when the text is not JSON
   */
  public static TimelineDocument parse(String json) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
    Reader reader = new Reader();
    TimelineDocument document = reader.timeline(root);
    if (!reader.problems.isEmpty()) {
      throw new IllegalArgumentException(
          "the timeline document has "
              + reader.problems.size()
              + " problem"
              + (reader.problems.size() == 1 ? "" : "s")
              + ":\n  - "
              + String.join("\n  - ", reader.problems));
    }
    return document;
  }

  /** The document as pretty-printed JSON in the format {@link #parse} reads. */
  public static String toJson(TimelineDocument timeline) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("id", timeline.id());
    root.put("name", timeline.name());
    root.put("resolution", timeline.width() + "x" + timeline.height());
    root.put("fps", timeline.fps());
    root.put("background_color", timeline.backgroundColor());
    root.put("transition_type", timeline.transitionType());
    root.put("duration", timeline.durationSeconds());
    List<Object> tracks = new ArrayList<>();
    for (TrackDocument track : timeline.tracks()) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("id", track.id());
      t.put("name", track.name());
      t.put("type", track.type());
      t.put("order", track.order());
      t.put("is_visible", track.visible());
      List<Object> clips = new ArrayList<>();
      for (ClipDocument clip : track.clips()) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", clip.id());
        c.put("type", clip.type());
        c.put("start_time", clip.startTime());
        c.put("duration", clip.duration());
        c.put("source_url", clip.sourceUrl());
        c.put("content", new java.util.TreeMap<>(clip.content()));
        clips.add(c);
      }
      t.put("clips", clips);
      tracks.add(t);
    }
    root.put("tracks", tracks);
    return Json.PRETTY.writeValueAsString(root) + "\n";
  }

  /**
   * Writes the document to {@code file} (replaced).
   *
   * @throws UncheckedIOException when it cannot be written
   */
  public static void write(TimelineDocument timeline, Path file) {
    try {
      Files.writeString(file, toJson(timeline));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write timeline file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Walks the tree, collecting shape problems with their JSON paths. */
  private static final class Reader {
    final List<String> problems = new ArrayList<>();

    TimelineDocument timeline(JsonNode root) {
      if (root == null || !root.isObject()) {
        problems.add("$: must be a JSON object");
        return null;
      }
      String resolution = text(root, "$", "resolution", true);
      int width = 0;
      int height = 0;
      if (resolution != null) {
        Matcher m = RESOLUTION.matcher(resolution.strip());
        if (m.matches()) {
          width = Integer.parseInt(m.group(1));
          height = Integer.parseInt(m.group(2));
        } else {
          problems.add(
              "$.resolution: must be WIDTHxHEIGHT like \"1920x1080\" (got '" + resolution + "')");
        }
      }
      int fps = (int) number(root, "$", "fps", false, 30, true);
      double duration = number(root, "$", "duration", true, 0, false);
      List<TrackDocument> tracks = new ArrayList<>();
      JsonNode trackNodes = root.get("tracks");
      if (trackNodes == null || !trackNodes.isArray()) {
        problems.add("$.tracks: must be a list of tracks");
      } else {
        for (int i = 0; i < trackNodes.size(); i++) {
          TrackDocument track = track(trackNodes.get(i), "$.tracks[" + i + "]", i);
          if (track != null) {
            tracks.add(track);
          }
        }
      }
      return new TimelineDocument(
          text(root, "$", "id", false),
          text(root, "$", "name", false),
          width,
          height,
          fps,
          orDefault(text(root, "$", "background_color", false), "#000000"),
          orDefault(text(root, "$", "transition_type", false), "fade"),
          duration,
          tracks);
    }

    TrackDocument track(JsonNode node, String path, int index) {
      if (!node.isObject()) {
        problems.add(path + ": must be an object");
        return null;
      }
      String id = orDefault(text(node, path, "id", false), "track-" + index);
      List<ClipDocument> clips = new ArrayList<>();
      JsonNode clipNodes = node.get("clips");
      if (clipNodes != null && !clipNodes.isArray()) {
        problems.add(path + ".clips: must be a list of clips");
      } else if (clipNodes != null) {
        for (int i = 0; i < clipNodes.size(); i++) {
          ClipDocument clip = clip(clipNodes.get(i), path + ".clips[" + i + "]", id + "-clip-" + i);
          if (clip != null) {
            clips.add(clip);
          }
        }
      }
      JsonNode visible = node.get("is_visible");
      if (visible != null && !visible.isBoolean() && !visible.isNull()) {
        problems.add(path + ".is_visible: must be true or false");
      }
      return new TrackDocument(
          id,
          orDefault(text(node, path, "name", false), id),
          text(node, path, "type", true),
          (int) number(node, path, "order", false, index, true),
          visible == null || !visible.isBoolean() || visible.booleanValue(),
          clips);
    }

    ClipDocument clip(JsonNode node, String path, String defaultId) {
      if (!node.isObject()) {
        problems.add(path + ": must be an object");
        return null;
      }
      JsonNode content = node.get("content");
      Map<String, Object> values = Map.of();
      if (content != null && !content.isNull()) {
        if (!content.isObject()) {
          problems.add(path + ".content: must be an object");
        } else {
          values = withoutNulls(Json.MAPPER.convertValue(content, Map.class));
        }
      }
      return new ClipDocument(
          orDefault(text(node, path, "id", false), defaultId),
          text(node, path, "type", true),
          number(node, path, "start_time", false, 0, false),
          number(node, path, "duration", true, 0, false),
          text(node, path, "source_url", false),
          values);
    }

    private String text(JsonNode node, String path, String key, boolean required) {
      JsonNode value = node.get(key);
      if (value == null || value.isNull()) {
        if (required) {
          problems.add(path + "." + key + ": is required");
        }
        return null;
      }
      if (!value.isString()) {
        problems.add(path + "." + key + ": must be a string (got " + value + ")");
        return null;
      }
      return value.asString();
    }

    private double number(
        JsonNode node,
        String path,
        String key,
        boolean required,
        double fallback,
        boolean integer) {
      JsonNode value = node.get(key);
      if (value == null || value.isNull()) {
        if (required) {
          problems.add(path + "." + key + ": is required");
        }
        return fallback;
      }
      if (!value.isNumber()
          || (integer && !value.canConvertToInt())
          || (integer && value.asDouble() != Math.rint(value.asDouble()))) {
        problems.add(
            path
                + "."
                + key
                + ": must be "
                + (integer ? "a whole number" : "a number")
                + " (got "
                + value
                + ")");
        return fallback;
      }
      return value.asDouble();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutNulls(Map<?, ?> map) {
      Map<String, Object> result = new LinkedHashMap<>();
      map.forEach((k, v) -> {
        if (v != null) {
          result.put((String) k, v);
        }
      });
      return result;
    }

    private static String orDefault(String value, String fallback) {
      return value == null || value.isBlank() ? fallback : value;
    }
  }
}

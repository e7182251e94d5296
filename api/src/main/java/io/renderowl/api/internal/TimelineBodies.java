package io.renderowl.api.internal;

import io.renderowl.workflows.FieldError;
import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TrackDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads timeline, track and clip bodies in the README's timeline format (snake_case keys, {@code
 * content} as the renderer reads it). Only the shape is checked here (types, required keys), every
 * problem at once with its JSON path; {@code TimelineValidator} checks the meaning when the change
 * is stored.
 */
final class TimelineBodies {

  private static final Pattern RESOLUTION = Pattern.compile("(\\d{1,5})x(\\d{1,5})");
  private static final int MAX_TEXT = 10_000;

  private final List<FieldError> problems = new ArrayList<>();
  private final JsonMapper json;
  private final Set<String> lockedTrackIds = new LinkedHashSet<>();

  private TimelineBodies(JsonMapper json) {
    this.json = json;
  }

  /** A whole timeline and the ids of the tracks it marks {@code is_locked}. */
  record TimelineBody(TimelineDocument document, @Nullable String projectId, Set<String> locked) {}

  /** A track and whether it is locked. */
  record TrackBody(TrackDocument track, boolean locked) {}

  /** A clip and the track it goes on (null when the body names none). */
  record ClipBody(ClipDocument clip, @Nullable String trackId) {}

  static TimelineBody timeline(JsonNode body, JsonMapper json) {
    TimelineBodies reader = new TimelineBodies(json);
    TimelineDocument doc = reader.readTimeline(requireObject(body));
    String projectId = reader.text(body, "", "project_id", false);
    reader.finish();
    return new TimelineBody(doc, projectId, Set.copyOf(reader.lockedTrackIds));
  }

  static TrackBody track(JsonNode body, JsonMapper json) {
    TimelineBodies reader = new TimelineBodies(json);
    TrackDocument track = reader.readTrack(requireObject(body), "", 0);
    reader.finish();
    return new TrackBody(track, !reader.lockedTrackIds.isEmpty());
  }

  static ClipBody clip(JsonNode body, JsonMapper json) {
    TimelineBodies reader = new TimelineBodies(json);
    ClipDocument clip = reader.readClip(requireObject(body), "", "new");
    String trackId = reader.text(body, "", "track_id", false);
    reader.finish();
    return new ClipBody(clip, trackId);
  }

  private static JsonNode requireObject(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new ApiException(ApiError.validation("Request body must be a JSON object", List.of()));
    }
    return body;
  }

  private void finish() {
    if (!problems.isEmpty()) {
      throw new ApiException(ApiError.validation("Invalid input", problems));
    }
  }

  private TimelineDocument readTimeline(JsonNode root) {
    String resolution = text(root, "", "resolution", true);
    int width = 0;
    int height = 0;
    if (resolution != null) {
      Matcher m = RESOLUTION.matcher(resolution.strip());
      if (m.matches()) {
        width = Integer.parseInt(m.group(1));
        height = Integer.parseInt(m.group(2));
      } else {
        problem("resolution", "must be WIDTHxHEIGHT like \"1920x1080\"");
      }
    }
    int fps = (int) number(root, "", "fps", false, 30, true);
    double duration = number(root, "", "duration", true, 0, false);
    List<TrackDocument> tracks = new ArrayList<>();
    JsonNode trackNodes = root.get("tracks");
    if (trackNodes == null || trackNodes.isNull()) {
      // a timeline without tracks yet
    } else if (!trackNodes.isArray()) {
      problem("tracks", "must be a list of tracks");
    } else {
      for (int i = 0; i < trackNodes.size(); i++) {
        JsonNode node = trackNodes.get(i);
        String path = "tracks[" + i + "]";
        if (!node.isObject()) {
          problem(path, "must be an object");
          continue;
        }
        tracks.add(readTrack(node, path + ".", i));
      }
    }
    String name = text(root, "", "name", true);
    return new TimelineDocument(
        text(root, "", "id", false),
        name == null ? "" : name,
        width,
        height,
        fps,
        orDefault(text(root, "", "background_color", false), "#000000"),
        orDefault(text(root, "", "transition_type", false), "fade"),
        duration,
        tracks);
  }

  private TrackDocument readTrack(JsonNode node, String path, int index) {
    String id = orDefault(text(node, path, "id", false), "track-" + index);
    List<ClipDocument> clips = new ArrayList<>();
    JsonNode clipNodes = node.get("clips");
    if (clipNodes != null && !clipNodes.isNull() && !clipNodes.isArray()) {
      problem(path + "clips", "must be a list of clips");
    } else if (clipNodes != null && !clipNodes.isNull()) {
      for (int i = 0; i < clipNodes.size(); i++) {
        JsonNode clip = clipNodes.get(i);
        String clipPath = path + "clips[" + i + "]";
        if (!clip.isObject()) {
          problem(clipPath, "must be an object");
          continue;
        }
        clips.add(readClip(clip, clipPath + ".", id + "-clip-" + i));
      }
    }
    boolean visible = bool(node, path, "is_visible", true);
    if (bool(node, path, "is_locked", false)) {
      lockedTrackIds.add(id);
    }
    String type = text(node, path, "type", true);
    return new TrackDocument(
        id,
        orDefault(text(node, path, "name", false), id),
        type == null ? "" : type,
        (int) number(node, path, "order", false, index, true),
        visible,
        clips);
  }

  private ClipDocument readClip(JsonNode node, String path, String defaultId) {
    JsonNode content = node.get("content");
    Map<String, Object> values = Map.of();
    if (content != null && !content.isNull()) {
      if (!content.isObject()) {
        problem(path + "content", "must be an object");
      } else {
        values = withoutNulls(json.convertValue(content, Map.class));
      }
    }
    String type = text(node, path, "type", true);
    return new ClipDocument(
        orDefault(text(node, path, "id", false), defaultId),
        type == null ? "" : type,
        number(node, path, "start_time", false, 0, false),
        number(node, path, "duration", true, 0, false),
        text(node, path, "source_url", false),
        values);
  }

  private @Nullable String text(JsonNode node, String path, String key, boolean required) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      if (required) {
        problem(path + key, "is required");
      }
      return null;
    }
    if (!value.isString()) {
      problem(path + key, "must be a string");
      return null;
    }
    if (value.asString().length() > MAX_TEXT) {
      problem(path + key, "must be at most " + MAX_TEXT + " characters");
      return null;
    }
    return value.asString();
  }

  private boolean bool(JsonNode node, String path, String key, boolean fallback) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      problem(path + key, "must be true or false");
      return fallback;
    }
    return value.booleanValue();
  }

  private double number(
      JsonNode node, String path, String key, boolean required, double fallback, boolean integer) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      if (required) {
        problem(path + key, "is required");
      }
      return fallback;
    }
    boolean whole =
        value.isNumber()
            && value.canConvertToInt()
            && value.asDouble() == Math.rint(value.asDouble());
    if (!value.isNumber() || !Double.isFinite(value.asDouble()) || (integer && !whole)) {
      problem(path + key, integer ? "must be a whole number" : "must be a number");
      return fallback;
    }
    return value.asDouble();
  }

  private void problem(String field, String message) {
    problems.add(new FieldError(field, message));
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

  private static String orDefault(@Nullable String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}

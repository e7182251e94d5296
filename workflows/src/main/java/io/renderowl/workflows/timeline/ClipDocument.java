package io.renderowl.workflows.timeline;

import java.util.Map;

/**
 * A clip on a track.
 *
 * <p>Type-specific {@code content}:
 *
 * <ul>
 *   <li>image: {@code fit} ("cover"|"contain"), {@code zoomFrom}, {@code zoomTo} (Ken Burns),
 *       {@code transitionIn} ("crossfade"|"none"), {@code transitionSeconds}
 *   <li>text: {@code text}, {@code fontFamily}, {@code fontSize} (px at 1080 short side), {@code
 *       color}, {@code outlineColor}, {@code outlineWidth}, {@code position}
 *       ("bottom"|"center"|"top"), {@code fadeSeconds}
 *   <li>audio: {@code volume} (0..1)
 * </ul>
 *
 * @param id clips.id
 * @param type "image", "text", "audio" or "video"
 * @param startTime seconds from the timeline start
 * @param duration seconds, &gt; 0
 * @param sourceUrl media location ("s3://bucket/key"), null for text
 * @param content type-specific fields
 */
public record ClipDocument(
    String id,
    String type,
    double startTime,
    double duration,
    String sourceUrl,
    Map<String, Object> content) {

  public ClipDocument {
    content = content == null ? Map.of() : Map.copyOf(content);
  }

  public double endTime() {
    return startTime + duration;
  }

  public String text(String key, String fallback) {
    Object v = content.get(key);
    return v == null ? fallback : v.toString();
  }

  public double number(String key, double fallback) {
    Object v = content.get(key);
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof String s && !s.isBlank()) {
      return Double.parseDouble(s);
    }
    return fallback;
  }
}

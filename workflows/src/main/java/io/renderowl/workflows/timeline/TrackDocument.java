package io.renderowl.workflows.timeline;

import java.util.List;

/**
 * A track: clips of one type, drawn in {@code order} (lower first).
 *
 * @param id tracks.id
 * @param name tracks.name
 * @param type "video", "audio", "text", "image" or "effect"
 * @param order tracks.order
 * @param visible tracks.is_visible
 * @param clips ordered by start time
 */
public record TrackDocument(
    String id, String name, String type, int order, boolean visible, List<ClipDocument> clips) {
  public TrackDocument {
    clips = List.copyOf(clips);
  }
}

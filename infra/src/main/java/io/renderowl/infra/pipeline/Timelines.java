package io.renderowl.infra.pipeline;

import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TrackDocument;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Timelines, their tracks and clips, and projects, as their owner edits them. Every query is scoped
 * to the user: another user's timeline is unknown here. Every change is checked by {@link
 * io.renderowl.workflows.timeline.TimelineValidator} and the source checks before anything is
 * stored, and adds one to the timeline's version; changes that name a version (replace, update,
 * delete) are refused when it is stale.
 *
 * @see TimelineEditException for why an edit is refused
 */
public interface Timelines {

  /** The user's timelines, newest first, optionally only those of one project. */
  PageOf<TimelineSummary> list(String userId, @Nullable String projectId, long offset, int limit);

  /** The timeline with its tracks and clips, if it exists and belongs to the user. */
  Optional<StoredTimeline> find(String userId, String timelineId);

  /**
   * Stores a new timeline (new ids for it, its tracks and clips).
   *
   * @param lockedTrackIds ids (as in {@code document}) of the tracks to lock
   */
  StoredTimeline create(
      String userId,
      @Nullable String projectId,
      TimelineDocument document,
      Set<String> lockedTrackIds);

  /** Replaces the whole document; locked tracks must come back unchanged. */
  StoredTimeline replace(
      String userId,
      String timelineId,
      long expectedVersion,
      TimelineDocument document,
      Set<String> lockedTrackIds);

  /** Deletes the timeline (and, with it, its renders); refused while one of them is running. */
  void delete(String userId, String timelineId, long expectedVersion);

  /** Adds a track (with any clips it carries). */
  AddedPart addTrack(String userId, String timelineId, TrackDocument track, boolean locked);

  /**
   * Changes a track's name, type, order, visibility and lock; its clips stay. A locked track may
   * only be unlocked.
   */
  StoredTimeline updateTrack(
      String userId, String trackId, long expectedVersion, TrackDocument track, boolean locked);

  StoredTimeline deleteTrack(String userId, String trackId, long expectedVersion);

  AddedPart addClip(String userId, String timelineId, String trackId, ClipDocument clip);

  /** Changes a clip; it stays on its track. */
  StoredTimeline updateClip(String userId, String clipId, long expectedVersion, ClipDocument clip);

  StoredTimeline deleteClip(String userId, String clipId, long expectedVersion);

  /** The timeline a track of the user belongs to. */
  Optional<StoredTimeline> findByTrack(String userId, String trackId);

  /** The timeline a clip of the user belongs to. */
  Optional<StoredTimeline> findByClip(String userId, String clipId);

  /** The user's projects, newest first. */
  PageOf<Project> projects(String userId, long offset, int limit);

  Project createProject(String userId, String name, @Nullable String description);
}

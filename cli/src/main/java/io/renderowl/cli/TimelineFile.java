package io.renderowl.cli;

import io.renderowl.activities.render.TimelineSources;
import io.renderowl.activities.storage.MediaResolver;
import io.renderowl.activities.timeline.TimelineJson;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.RenderPreset;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TimelineProblem;
import io.renderowl.workflows.timeline.TimelineValidator;
import io.renderowl.workflows.timeline.TrackDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A timeline file for {@code owl render}, through the render engine's JSON reader, validator and
 * source checks: read, checked (every problem), sized to a preset, and its local media uploaded to
 * object storage with the document rewritten to their s3:// URLs.
 */
final class TimelineFile {
  private TimelineFile() {}

  /**
   * @throws IllegalArgumentException listing every shape problem of the file
   */
  static TimelineDocument read(Path file) {
    return TimelineJson.read(file);
  }

  /**
   * Every problem of the timeline: its structure and the local sources that cannot be read (s3
   * sources are checked once the store is reachable, by {@link #upload}).
   */
  static List<String> problems(TimelineDocument doc, Path baseDir) {
    List<TimelineProblem> problems = new ArrayList<>(TimelineValidator.problems(doc));
    problems.addAll(new TimelineSources(baseDir, url -> true, false).problems(doc));
    return problems.stream().map(TimelineProblem::toString).toList();
  }

  /**
   * The timeline with clip times in whole milliseconds, as the clips table stores them: each clip's
   * start and end are rounded (its duration is their difference), so clips that abut in the file
   * still abut after the database round trip (rounding start and duration separately could make
   * them overlap by a millisecond, which the render validator refuses).
   */
  static TimelineDocument inMilliseconds(TimelineDocument doc) {
    List<TrackDocument> tracks = new ArrayList<>();
    for (TrackDocument track : doc.tracks()) {
      List<ClipDocument> clips = new ArrayList<>();
      for (ClipDocument clip : track.clips()) {
        long start = Math.round(clip.startTime() * 1000);
        long end = Math.round((clip.startTime() + clip.duration()) * 1000);
        clips.add(
            new ClipDocument(
                clip.id(),
                clip.type(),
                start / 1000.0,
                (end - start) / 1000.0,
                clip.sourceUrl(),
                clip.content()));
      }
      tracks.add(
          new TrackDocument(
              track.id(), track.name(), track.type(), track.order(), track.visible(), clips));
    }
    return new TimelineDocument(
        doc.id(),
        doc.name(),
        doc.width(),
        doc.height(),
        doc.fps(),
        doc.backgroundColor(),
        doc.transitionType(),
        Math.round(doc.durationSeconds() * 1000) / 1000.0,
        tracks);
  }

  /** The timeline at the preset's frame size. */
  static TimelineDocument withPreset(TimelineDocument doc, RenderPreset preset) {
    int[] size = preset.sizeFor(doc.width(), doc.height());
    return new TimelineDocument(
        doc.id(),
        doc.name(),
        size[0],
        size[1],
        doc.fps(),
        doc.backgroundColor(),
        doc.transitionType(),
        doc.durationSeconds(),
        doc.tracks());
  }

  /** Problems of s3:// sources that are not in the store. */
  static List<String> missingObjects(TimelineDocument doc, ObjectStore store) {
    List<String> problems = new ArrayList<>();
    for (TrackDocument track : doc.tracks()) {
      for (ClipDocument clip : track.clips()) {
        String url = clip.sourceUrl();
        if (url != null && url.strip().toLowerCase(Locale.ROOT).startsWith("s3://")) {
          boolean exists;
          try {
            exists = store.exists(store.keyOf(url.strip()));
          } catch (RuntimeException e) {
            exists = false;
          }
          if (!exists) {
            problems.add(
                new TimelineProblem(
                        track.id(),
                        track.name(),
                        clip.id(),
                        "source " + url + " is not in the object store")
                    .toString());
          }
        }
      }
    }
    return problems;
  }

  /**
   * The document with every local source uploaded (once per content, under {@code
   * uploads/USER/SHA256/NAME}) and replaced by its s3:// URL, and with fresh ids, so the same file
   * can be stored again as a new timeline. The sources are hashed, looked up and uploaded side by
   * side: one after the other, W1's six files (20 MB) took 0.3-0.6 s of every `owl render`.
   */
  static TimelineDocument upload(
      TimelineDocument doc, Path baseDir, ObjectStore store, String userId, MediaHashes hashes) {
    MediaResolver local = new TimelineSources(baseDir, null, false).resolver(null);
    Map<String, Future<String>> storedUrls = new HashMap<>();
    try (ExecutorService uploads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (TrackDocument track : doc.tracks()) {
        for (ClipDocument clip : track.clips()) {
          String url = clip.sourceUrl();
          if (url != null && !url.isBlank() && !isRemote(url)) {
            storedUrls.computeIfAbsent(
                url,
                u -> uploads.submit(() -> stored(local.resolve(u.strip()), store, userId, hashes)));
          }
        }
      }
      List<TrackDocument> tracks = new ArrayList<>();
      for (TrackDocument track : doc.tracks()) {
        List<ClipDocument> clips = new ArrayList<>();
        for (ClipDocument clip : track.clips()) {
          Future<String> stored = storedUrls.get(clip.sourceUrl());
          clips.add(
              new ClipDocument(
                  null,
                  clip.type(),
                  clip.startTime(),
                  clip.duration(),
                  stored == null ? clip.sourceUrl() : result(stored),
                  clip.content()));
        }
        tracks.add(
            new TrackDocument(
                null, track.name(), track.type(), track.order(), track.visible(), clips));
      }
      hashes.save();
      return new TimelineDocument(
          null,
          doc.name(),
          doc.width(),
          doc.height(),
          doc.fps(),
          doc.backgroundColor(),
          doc.transitionType(),
          doc.durationSeconds(),
          tracks);
    }
  }

  /** Uploads {@code file} under its content's key unless it is there already: its s3:// URL. */
  private static String stored(Path file, ObjectStore store, String userId, MediaHashes hashes) {
    String key = "uploads/" + userId + "/" + hashes.sha256(file) + "/" + file.getFileName();
    if (!store.exists(key)) {
      store.put(key, file, contentType(file));
    }
    return store.url(key);
  }

  /** The upload's result; its failure as thrown by the upload itself. */
  private static String result(Future<String> stored) {
    try {
      return stored.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while uploading the timeline's media", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static boolean isRemote(String url) {
    String u = url.strip().toLowerCase(Locale.ROOT);
    return u.startsWith("s3://") || u.startsWith("http://") || u.startsWith("https://");
  }

  private static String contentType(Path file) {
    try {
      String type = Files.probeContentType(file);
      return type == null ? "application/octet-stream" : type;
    } catch (IOException e) {
      return "application/octet-stream";
    }
  }
}

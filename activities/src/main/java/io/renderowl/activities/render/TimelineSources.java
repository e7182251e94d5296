package io.renderowl.activities.render;

import io.renderowl.activities.storage.MediaResolver;
import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.InvalidTimelineException;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TimelineProblem;
import io.renderowl.workflows.timeline.TrackDocument;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Where a timeline's media lives and whether it can be reached, checked before rendering.
 *
 * <p>A {@code source_url} is one of: {@code s3://bucket/key} (an object in the configured store),
 * {@code http://} or {@code https://} (refused unless allowed), {@code file:/abs/path}, an absolute
 * path, or a path relative to the timeline file's folder.
 *
 * @param baseDir folder that relative paths are resolved against (the timeline file's folder)
 * @param s3Exists tells whether an {@code s3://} URL's object exists; null when no object store is
 *     configured (then every s3 source is a problem)
 * @param allowHttp whether http(s) sources are accepted (their reachability is not checked here)
 */
public record TimelineSources(Path baseDir, Predicate<String> s3Exists, boolean allowHttp) {

  /** Local files only, relative to {@code baseDir}; no object store, no http. */
  public static TimelineSources localFiles(Path baseDir) {
    return new TimelineSources(baseDir, null, false);
  }

  /**
   * A problem for every clip whose source cannot be reached: a missing file or object, an http
   * source when not allowed, an unknown scheme.
   */
  public List<TimelineProblem> problems(TimelineDocument timeline) {
    List<TimelineProblem> problems = new ArrayList<>();
    for (TrackDocument track : timeline.tracks()) {
      for (ClipDocument clip : track.clips()) {
        String url = clip.sourceUrl();
        if (url == null || url.isBlank()) {
          continue;
        }
        String problem = problemOf(url.strip());
        if (problem != null) {
          problems.add(new TimelineProblem(track.id(), track.name(), clip.id(), problem));
        }
      }
    }
    return List.copyOf(problems);
  }

  /**
   * @throws InvalidTimelineException listing every unreachable source
   */
  public void requireReachable(TimelineDocument timeline) {
    List<TimelineProblem> problems = problems(timeline);
    if (!problems.isEmpty()) {
      throw new InvalidTimelineException(
          timeline.name() == null ? String.valueOf(timeline.id()) : timeline.name(), problems);
    }
  }

  /**
   * A resolver for local sources ({@code file:}, absolute and relative paths); s3 and http sources
   * are handed to {@code remote} (null: they fail).
   */
  public MediaResolver resolver(MediaResolver remote) {
    return url -> {
      String scheme = schemeOf(url);
      if (scheme.equals("s3") || scheme.equals("http") || scheme.equals("https")) {
        if (remote == null) {
          throw new IllegalArgumentException("no resolver for " + scheme + " source " + url);
        }
        return remote.resolve(url);
      }
      return localPath(url);
    };
  }

  private String problemOf(String url) {
    String scheme = schemeOf(url);
    switch (scheme) {
      case "s3" -> {
        if (s3Exists == null) {
          return "source_url " + url + " is in S3 but no object store is configured";
        }
        return s3Exists.test(url) ? null : "source_url " + url + ": no such object";
      }
      case "http", "https" -> {
        return allowHttp
            ? null
            : "source_url "
                + url
                + ": http(s) sources are not allowed (download the file and use a local path or s3:// URL)";
      }
      case "file", "" -> {
        Path path;
        try {
          path = localPath(url);
        } catch (IllegalArgumentException e) {
          return "source_url " + url + ": " + e.getMessage();
        }
        if (!Files.isRegularFile(path)) {
          return "source_url " + url + ": no such file " + path.toAbsolutePath();
        }
        return Files.isReadable(path)
            ? null
            : "source_url " + url + ": cannot read " + path.toAbsolutePath();
      }
      default -> {
        return "source_url "
            + url
            + ": unknown scheme '"
            + scheme
            + "' (use s3://, a file path or file:)";
      }
    }
  }

  private Path localPath(String url) {
    if (url.regionMatches(true, 0, "file:", 0, 5)) {
      return Path.of(URI.create(url));
    }
    Path path = Path.of(url);
    return path.isAbsolute() || baseDir == null ? path : baseDir.resolve(path).normalize();
  }

  /** The lower-case scheme ("s3", "https", "file"), or "" for a plain path. */
  static String schemeOf(String url) {
    int colon = url.indexOf(':');
    if (colon <= 1) { // none, or a Windows drive letter
      return "";
    }
    String scheme = url.substring(0, colon);
    return scheme.matches("[A-Za-z][A-Za-z0-9+.-]*") ? scheme.toLowerCase(Locale.ROOT) : "";
  }
}

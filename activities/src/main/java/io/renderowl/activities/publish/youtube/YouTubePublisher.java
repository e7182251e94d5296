package io.renderowl.activities.publish.youtube;

import io.renderowl.activities.provider.ProviderFailures;
import io.renderowl.activities.publish.PlatformHttp;
import io.renderowl.activities.publish.PlatformHttp.Answer;
import io.renderowl.activities.publish.PublishContext;
import io.renderowl.activities.publish.Publisher;
import io.renderowl.activities.publish.UploadProgress;
import io.renderowl.infra.config.PublishingSettings;
import io.renderowl.workflows.PlatformStatus;
import io.renderowl.workflows.PublishJob;
import io.renderowl.workflows.PublishState;
import io.renderowl.workflows.UploadedVideo;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * YouTube Data API v3, resumable upload protocol: {@code POST
 * /upload/youtube/v3/videos?uploadType=resumable&part=snippet,status} with the video resource and
 * {@code X-Upload-Content-Length}/{@code -Type} opens a session (its URL in {@code Location}); the
 * bytes go in {@code PUT}s of a multiple of 256 KiB with {@code Content-Range}; {@code 308} and
 * {@code Range: bytes=0-N} ask for the rest; {@code 200}/{@code 201} carry the video resource.
 * After a cut, {@code PUT} with {@code Content-Range: bytes *}{@code /total} asks where to go on.
 * Then {@code videos.list?part=status,processingDetails} follows the processing.
 */
public final class YouTubePublisher implements Publisher {
  public static final String PLATFORM = "youtube";

  /** Chunks are a multiple of this (the protocol's rule for every chunk but the last). */
  static final long QUANTUM = 256 * 1024;

  /** People &amp; Blogs, the default category of uploads. */
  static final String CATEGORY = "22";

  private static final Pattern RANGE = Pattern.compile("bytes=0-(\\d+)");

  private final PlatformHttp http;
  private final String base;
  private final long chunk;
  private final long pollSeconds;

  public YouTubePublisher(PlatformHttp http, PublishingSettings settings) {
    this.http = http;
    this.base = settings.youtubeBaseUrl();
    this.chunk = Math.max(QUANTUM, settings.chunkBytes() / QUANTUM * QUANTUM);
    this.pollSeconds = settings.pollSeconds();
  }

  @Override
  public String platform() {
    return PLATFORM;
  }

  @Override
  public UploadedVideo upload(PublishContext ctx, UploadProgress progress) {
    long total = ctx.video().size();
    String session = progress.resumed().map(c -> c.get("session")).orElse(null);
    long offset = 0;
    if (session != null) {
      Optional<Long> at = askOffset(ctx, session, total, progress);
      if (at.isEmpty()) {
        session = null; // expired: a new session from byte 0
      } else if (at.get() < 0) {
        return finished(ctx, session, progress); // the last chunk had arrived
      } else {
        offset = at.get();
      }
    }
    if (session == null) {
      session = open(ctx, total);
      progress.save(checkpoint(session, 0));
    }
    while (offset < total) {
      long from = offset;
      long length = Math.min(chunk, total - from);
      String range = "bytes " + from + "-" + (from + length - 1) + "/" + total;
      URI uri = URI.create(session);
      Answer a =
          http.send(
              "youtube upload (" + range + ")",
              ctx.token(),
              token ->
                  http.request(uri, token)
                      .header("Content-Type", "video/mp4")
                      .header("Content-Range", range)
                      .PUT(PlatformHttp.streamed(() -> ctx.video().open(from, length), length))
                      .build());
      if (a.status() == 308) {
        offset = received(a);
        progress.save(checkpoint(session, offset));
      } else if (a.ok()) {
        return uploaded(a, session);
      } else if (a.status() == 404 || a.status() == 410) {
        progress.save(Map.of());
        throw ProviderFailures.retryable(
            ProviderFailures.UNAVAILABLE,
            "youtube upload session expired (HTTP " + a.status() + "); starting a new one");
      } else {
        throw failure("youtube upload (" + range + ")", a);
      }
    }
    // every byte arrived but the answer with the video was lost: the session still has it
    if (askOffset(ctx, session, total, progress).orElse(0L) >= 0) {
      throw ProviderFailures.retryable(
          ProviderFailures.UNAVAILABLE, "youtube upload session lost bytes it had acknowledged");
    }
    return finished(ctx, session, progress);
  }

  /** The bytes the session holds: empty when it expired, -1 when the upload is complete. */
  private Optional<Long> askOffset(
      PublishContext ctx, String session, long total, UploadProgress progress) {
    URI uri = URI.create(session);
    Answer a =
        http.send(
            "youtube upload status",
            ctx.token(),
            token ->
                http.request(uri, token)
                    .header("Content-Range", "bytes */" + total)
                    .PUT(HttpRequest.BodyPublishers.noBody())
                    .build());
    if (a.status() == 308) {
      return Optional.of(received(a));
    }
    if (a.ok()) {
      progress.save(checkpoint(session, total, a.json().path("id").asString("")));
      return Optional.of(-1L);
    }
    if (a.status() == 404 || a.status() == 410) {
      return Optional.empty();
    }
    throw failure("youtube upload status", a);
  }

  private UploadedVideo finished(PublishContext ctx, String session, UploadProgress progress) {
    String id = progress.resumed().map(c -> c.getOrDefault("video_id", "")).orElse("");
    if (id.isEmpty()) {
      throw ProviderFailures.retryable(
          ProviderFailures.BAD_OUTPUT, "youtube upload completed without a video id");
    }
    return new UploadedVideo("", id, Map.of("session", session));
  }

  private static UploadedVideo uploaded(Answer a, String session) {
    String id = a.json().path("id").asString("");
    if (id.isEmpty()) {
      throw ProviderFailures.retryable(
          ProviderFailures.BAD_OUTPUT,
          "youtube upload answered " + a.status() + " without a video id: " + a.text());
    }
    return new UploadedVideo("", id, Map.of("session", session));
  }

  /** {@code Range: bytes=0-N} of a 308: N + 1 bytes arrived; no Range: none did. */
  static long received(Answer a) {
    Optional<String> range = a.header("Range");
    if (range.isEmpty()) {
      return 0;
    }
    Matcher m = RANGE.matcher(range.get().strip());
    if (!m.matches()) {
      throw ProviderFailures.retryable(
          ProviderFailures.BAD_OUTPUT, "youtube answered 308 with Range '" + range.get() + "'");
    }
    return Long.parseLong(m.group(1)) + 1;
  }

  private String open(PublishContext ctx, long total) {
    URI uri =
        URI.create(base + "/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status");
    Map<String, Object> resource = resource(ctx.job());
    Answer a =
        http.send(
            "youtube upload session",
            ctx.token(),
            token ->
                http.request(uri, token)
                    .header("Content-Type", "application/json; charset=UTF-8")
                    .header("X-Upload-Content-Length", Long.toString(total))
                    .header("X-Upload-Content-Type", "video/mp4")
                    .POST(PlatformHttp.json(resource))
                    .build());
    if (!a.ok()) {
      throw failure("youtube upload session", a);
    }
    return a.header("Location")
        .orElseThrow(() ->
            ProviderFailures.retryable(
                ProviderFailures.BAD_OUTPUT,
                "youtube opened an upload session without a Location header"));
  }

  /**
   * The video resource: snippet (title, description, tags, categoryId) and status (privacyStatus,
   * selfDeclaredMadeForKids always, publishAt only for a private video with a future time).
   */
  static Map<String, Object> resource(PublishJob job) {
    Map<String, Object> snippet = new LinkedHashMap<>();
    snippet.put("title", title(job.title()));
    snippet.put("description", job.description().replace("<", "").replace(">", ""));
    snippet.put("tags", job.tags());
    snippet.put("categoryId", job.category().isEmpty() ? CATEGORY : job.category());
    Map<String, Object> status = new LinkedHashMap<>();
    String privacy = job.privacy().toLowerCase(Locale.ROOT);
    if (!privacy.equals("public") && !privacy.equals("private") && !privacy.equals("unlisted")) {
      throw ProviderFailures.nonRetryable(
          io.renderowl.workflows.Failures.INVALID_INPUT,
          "youtube privacy must be public, private or unlisted (got '" + job.privacy() + "')");
    }
    status.put("privacyStatus", privacy);
    status.put("selfDeclaredMadeForKids", job.madeForKids());
    if (privacy.equals("private") && !job.publishAt().isEmpty()) {
      status.put("publishAt", Instant.parse(job.publishAt()).toString());
    }
    return Map.of("snippet", snippet, "status", status);
  }

  /** At most 100 characters, no angle brackets (YouTube refuses both). */
  static String title(String title) {
    String t = title.replace("<", "").replace(">", "").strip();
    if (t.isEmpty()) {
      t = "Untitled";
    }
    return t.length() <= 100 ? t : t.substring(0, 100);
  }

  @Override
  public PlatformStatus ready(PublishContext ctx, UploadedVideo upload) {
    return PlatformStatus.readyToPost(upload.handle());
  }

  /** The upload created the video; posting is following its processing. */
  @Override
  public PlatformStatus post(PublishContext ctx, UploadedVideo upload) {
    return new PlatformStatus(
        PublishState.PROCESSING, upload.handle(), watchUrl(upload.handle()), "", pollSeconds);
  }

  @Override
  public PlatformStatus status(PublishContext ctx, UploadedVideo upload) {
    String id = upload.handle();
    URI uri =
        URI.create(
            base
                + "/youtube/v3/videos?part=status,processingDetails&id="
                + URLEncoder.encode(id, StandardCharsets.UTF_8));
    Answer a =
        http.send("youtube videos.list", ctx.token(), t -> http.request(uri, t).GET().build());
    if (!a.ok()) {
      throw failure("youtube videos.list", a);
    }
    JsonNode item = a.json().path("items").path(0);
    if (item.isMissingNode()) {
      return PlatformStatus.failed("youtube has no video " + id + " (deleted?)");
    }
    JsonNode status = item.path("status");
    return switch (status.path("uploadStatus").asString("")) {
      case "processed" -> PlatformStatus.published(id, watchUrl(id));
      case "failed" ->
          PlatformStatus.failed(
              "youtube processing failed: " + status.path("failureReason").asString("unknown"));
      case "rejected" ->
          PlatformStatus.failed(
              "youtube rejected the video: " + status.path("rejectionReason").asString("unknown"));
      case "deleted" -> PlatformStatus.failed("the video was deleted on youtube");
      default -> new PlatformStatus(PublishState.PROCESSING, id, watchUrl(id), "", pollSeconds);
    };
  }

  static String watchUrl(String id) {
    return "https://www.youtube.com/watch?v=" + id;
  }

  private static Map<String, String> checkpoint(String session, long offset) {
    return Map.of("session", session, "offset", Long.toString(offset));
  }

  private static Map<String, String> checkpoint(String session, long offset, String videoId) {
    return Map.of("session", session, "offset", Long.toString(offset), "video_id", videoId);
  }

  /**
   * Google's error reasons first: quotaExceeded and uploadLimitExceeded are refusals until the
   * quota resets (a clear failure, not a retry storm); rateLimitExceeded waits a minute.
   */
  static RuntimeException failure(String what, Answer a) {
    String reason = a.json().path("error").path("errors").path(0).path("reason").asString("");
    String message = PlatformHttp.message(a);
    switch (reason) {
      case "quotaExceeded", "uploadLimitExceeded", "dailyLimitExceeded" -> {
        return ProviderFailures.nonRetryable(
            ProviderFailures.REJECTED,
            what
                + ": youtube "
                + reason
                + " ("
                + message
                + "); the quota resets at midnight Pacific time");
      }
      case "rateLimitExceeded", "userRateLimitExceeded" -> {
        return PlatformHttp.rateLimited(
            what + ": youtube " + reason + " (" + message + ")", Duration.ofSeconds(60));
      }
      default -> {
        return PlatformHttp.failure(what, a);
      }
    }
  }
}

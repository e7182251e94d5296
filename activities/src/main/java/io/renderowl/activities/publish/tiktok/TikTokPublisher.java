package io.renderowl.activities.publish.tiktok;

import io.renderowl.activities.provider.ProviderFailures;
import io.renderowl.activities.publish.PlatformHttp;
import io.renderowl.activities.publish.PlatformHttp.Answer;
import io.renderowl.activities.publish.PublishContext;
import io.renderowl.activities.publish.Publisher;
import io.renderowl.activities.publish.UploadProgress;
import io.renderowl.infra.config.PublishingSettings;
import io.renderowl.workflows.Failures;
import io.renderowl.workflows.PlatformStatus;
import io.renderowl.workflows.PublishState;
import io.renderowl.workflows.UploadedVideo;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import tools.jackson.databind.JsonNode;

/**
 * TikTok Content Posting API: {@code creator_info/query} (the creator's privacy options), {@code
 * video/init} (direct post; {@code inbox/video/init} for a draft, privacy "draft") with {@code
 * FILE_UPLOAD} and the documented chunk rules, the bytes {@code PUT} to {@code upload_url} with
 * {@code Content-Range}, then {@code status/fetch} until {@code PUBLISH_COMPLETE} or {@code
 * FAILED}.
 */
public final class TikTokPublisher implements Publisher {
  public static final String PLATFORM = "tiktok";

  /** 5 MiB: at least 5 MB whichever megabyte TikTok means. */
  static final long MIN_CHUNK = 5L << 20;

  /** 64 MB in decimal: at most 64 MB whichever megabyte TikTok means. */
  static final long MAX_CHUNK = 64L * 1000 * 1000;

  static final int MAX_CHUNKS = 1000;

  private final PlatformHttp http;
  private final String base;
  private final long preferredChunk;
  private final long pollSeconds;

  public TikTokPublisher(PlatformHttp http, PublishingSettings settings) {
    this.http = http;
    this.base = settings.tiktokBaseUrl();
    this.preferredChunk = settings.chunkBytes();
    this.pollSeconds = settings.pollSeconds();
  }

  @Override
  public String platform() {
    return PLATFORM;
  }

  /**
   * The documented chunking: chunks of 5-64 MB, count = size / chunk rounded down (the last chunk
   * takes the trailing bytes, up to 128 MB), a video under 5 MB (or under one chunk) in one piece,
   * at most 1000 chunks.
   *
   * @return chunk size and chunk count
   */
  static long[] chunking(long size, long preferred) {
    if (size < MIN_CHUNK) {
      return new long[] {size, 1};
    }
    long chunk = Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, preferred));
    if (size / chunk > MAX_CHUNKS) {
      chunk = Math.min(MAX_CHUNK, (size + MAX_CHUNKS - 1) / MAX_CHUNKS);
    }
    if (size <= chunk) {
      return new long[] {size, 1};
    }
    return new long[] {chunk, size / chunk};
  }

  @Override
  public UploadedVideo upload(PublishContext ctx, UploadProgress progress) {
    long size = ctx.video().size();
    long[] plan = chunking(size, preferredChunk);
    long chunk = plan[0];
    int count = (int) plan[1];
    Map<String, String> resumed = progress.resumed().orElse(Map.of());
    String publishId = resumed.get("publish_id");
    String uploadUrl = resumed.get("upload_url");
    int next = Integer.parseInt(resumed.getOrDefault("next_chunk", "0"));
    if (publishId == null || uploadUrl == null) {
      JsonNode data = init(ctx, size, chunk, count);
      publishId = data.path("publish_id").asString("");
      uploadUrl = data.path("upload_url").asString("");
      if (publishId.isEmpty() || uploadUrl.isEmpty()) {
        throw ProviderFailures.retryable(
            ProviderFailures.BAD_OUTPUT,
            "tiktok video/init answered without publish_id/upload_url");
      }
      next = 0;
      progress.save(checkpoint(publishId, uploadUrl, 0));
    }
    URI target = URI.create(uploadUrl);
    for (int i = next; i < count; i++) {
      long from = i * chunk;
      long length = i == count - 1 ? size - from : chunk;
      String range = "bytes " + from + "-" + (from + length - 1) + "/" + size;
      Answer a =
          http.exchange(
              "tiktok upload chunk " + (i + 1) + "/" + count,
              java.net.http.HttpRequest.newBuilder(target)
                  .timeout(http.timeout())
                  .header("Content-Type", "video/mp4")
                  .header("Content-Range", range)
                  .PUT(PlatformHttp.streamed(() -> ctx.video().open(from, length), length))
                  .build());
      if (a.status() == 201 || a.status() == 206 || a.ok()) {
        progress.save(checkpoint(publishId, uploadUrl, i + 1));
      } else if (a.status() == 403 || a.status() == 404 || a.status() == 410) {
        progress.save(Map.of()); // the upload URL lives one hour: init again
        throw ProviderFailures.retryable(
            ProviderFailures.UNAVAILABLE,
            "tiktok upload URL expired (HTTP " + a.status() + "); initialising a new upload");
      } else {
        throw PlatformHttp.failure("tiktok upload chunk " + (i + 1) + "/" + count, a);
      }
    }
    return new UploadedVideo("", publishId, Map.of());
  }

  private JsonNode init(PublishContext ctx, long size, long chunk, long count) {
    boolean draft = ctx.job().privacy().equalsIgnoreCase("draft");
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("source", "FILE_UPLOAD");
    source.put("video_size", size);
    source.put("chunk_size", chunk);
    source.put("total_chunk_count", count);
    Map<String, Object> body = new LinkedHashMap<>();
    if (!draft) {
      String privacy = privacyLevel(ctx);
      Map<String, Object> post = new LinkedHashMap<>();
      post.put("title", caption(ctx));
      post.put("privacy_level", privacy);
      post.put("disable_duet", false);
      post.put("disable_comment", false);
      post.put("disable_stitch", false);
      body.put("post_info", post);
    }
    body.put("source_info", source);
    String path = draft ? "/v2/post/publish/inbox/video/init/" : "/v2/post/publish/video/init/";
    return call("tiktok video/init", ctx, path, body);
  }

  /**
   * The job's privacy as a level the creator offers ({@code creator_info/query}), after checking
   * the video is no longer than the creator's {@code max_video_post_duration_sec}.
   */
  private String privacyLevel(PublishContext ctx) {
    JsonNode info =
        call("tiktok creator_info/query", ctx, "/v2/post/publish/creator_info/query/", Map.of());
    long max = info.path("max_video_post_duration_sec").asLong(0);
    OptionalDouble duration = ctx.video().durationSeconds();
    if (max > 0 && duration.isPresent() && duration.getAsDouble() > max) {
      throw ProviderFailures.nonRetryable(
          Failures.INVALID_INPUT,
          String.format(
              Locale.ROOT,
              "tiktok creator can post videos of at most %d s (max_video_post_duration_sec);"
                  + " this video lasts %.1f s",
              max,
              duration.getAsDouble()));
    }
    List<String> options = new ArrayList<>();
    info.path("privacy_level_options").forEach(o -> options.add(o.asString()));
    String wanted =
        switch (ctx.job().privacy().toLowerCase(Locale.ROOT)) {
          case "private" -> "SELF_ONLY";
          case "friends", "unlisted" -> "MUTUAL_FOLLOW_FRIENDS";
          case "followers" -> "FOLLOWER_OF_CREATOR";
          default -> "PUBLIC_TO_EVERYONE";
        };
    if (!options.contains(wanted)) {
      throw ProviderFailures.nonRetryable(
          Failures.INVALID_INPUT,
          "tiktok creator does not offer privacy "
              + wanted
              + " (offered: "
              + String.join(", ", options)
              + ")");
    }
    return wanted;
  }

  private static String caption(PublishContext ctx) {
    StringBuilder caption = new StringBuilder(ctx.job().title());
    for (String tag : ctx.job().tags()) {
      caption.append(" #").append(tag.replace(" ", ""));
    }
    String c = caption.toString();
    return c.length() <= 2200 ? c : c.substring(0, 2200);
  }

  /**
   * One JSON call; TikTok answers {@code {"data": ..., "error": {"code", "message", "log_id"}}}.
   * {@code rate_limit_exceeded} waits (Retry-After or a minute); {@code
   * spam_risk_too_many_pending_share} and other codes are refusals with TikTok's message.
   */
  private JsonNode call(String what, PublishContext ctx, String path, Object body) {
    URI uri = URI.create(base + path);
    Answer a =
        http.send(
            what,
            ctx.token(),
            t ->
                http.request(uri, t)
                    .header("Content-Type", "application/json; charset=UTF-8")
                    .POST(PlatformHttp.json(body))
                    .build());
    JsonNode json = a.json();
    String code = json.path("error").path("code").asString("");
    if (a.ok() && (code.isEmpty() || code.equals("ok"))) {
      return json.path("data");
    }
    String message = json.path("error").path("message").asString(PlatformHttp.message(a));
    switch (code) {
      case "rate_limit_exceeded" ->
          throw PlatformHttp.rateLimited(
              what + ": tiktok rate_limit_exceeded (" + message + ")",
              PlatformHttp.retryDelay(a).orElse(Duration.ofMinutes(1)));
      case "spam_risk_too_many_pending_share" ->
          throw ProviderFailures.nonRetryable(
              ProviderFailures.REJECTED,
              what
                  + ": tiktok spam_risk_too_many_pending_share ("
                  + message
                  + "); the creator has too many pending shares (at most 5 in 24 hours)");
      default -> {
        if (!code.isEmpty() && a.status() < 500 && a.status() != 429) {
          throw ProviderFailures.nonRetryable(
              ProviderFailures.REJECTED, what + ": tiktok " + code + " (" + message + ")");
        }
        throw PlatformHttp.failure(what, a);
      }
    }
  }

  @Override
  public PlatformStatus ready(PublishContext ctx, UploadedVideo upload) {
    return PlatformStatus.readyToPost(upload.handle());
  }

  /** The init and upload made the post; what is left is following its status. */
  @Override
  public PlatformStatus post(PublishContext ctx, UploadedVideo upload) {
    return new PlatformStatus(PublishState.PROCESSING, upload.handle(), "", "", pollSeconds);
  }

  @Override
  public PlatformStatus status(PublishContext ctx, UploadedVideo upload) {
    JsonNode data =
        call(
            "tiktok status/fetch",
            ctx,
            "/v2/post/publish/status/fetch/",
            Map.of("publish_id", upload.handle()));
    String status = data.path("status").asString("");
    return switch (status) {
      case "PUBLISH_COMPLETE" -> {
        String postId = data.path("publicaly_available_post_id").path(0).asString(upload.handle());
        String user = ctx.account().username() == null ? "" : ctx.account().username();
        yield PlatformStatus.published(
            postId, user.isEmpty() ? "" : "https://www.tiktok.com/@" + user + "/video/" + postId);
      }
      case "SEND_TO_USER_INBOX" ->
          new PlatformStatus(
              PublishState.PUBLISHED,
              upload.handle(),
              "",
              "sent to the creator's TikTok inbox to finish the post",
              0);
      case "FAILED" ->
          PlatformStatus.failed("tiktok: " + data.path("fail_reason").asString("unknown reason"));
      default -> new PlatformStatus(PublishState.PROCESSING, upload.handle(), "", "", pollSeconds);
    };
  }

  private static Map<String, String> checkpoint(String publishId, String uploadUrl, int next) {
    return Map.of(
        "publish_id", publishId, "upload_url", uploadUrl, "next_chunk", Integer.toString(next));
  }
}

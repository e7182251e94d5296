package io.renderowl.activities.publish.x;

import io.renderowl.activities.provider.ProviderFailures;
import io.renderowl.activities.publish.PlatformHttp;
import io.renderowl.activities.publish.PlatformHttp.Answer;
import io.renderowl.activities.publish.PublishContext;
import io.renderowl.activities.publish.Publisher;
import io.renderowl.activities.publish.UploadProgress;
import io.renderowl.infra.config.PublishingSettings;
import io.renderowl.workflows.PlatformStatus;
import io.renderowl.workflows.PublishState;
import io.renderowl.workflows.UploadedVideo;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * X API v2 video posts, with the OAuth 2.0 user token, on the documented dedicated media-upload
 * endpoints (<a href="https://docs.x.com/x-api/media/quickstart/media-upload-chunked">Chunked media
 * upload</a>, <a href="https://docs.x.com/x-api/media/media-upload-append">Append Media upload</a>,
 * <a
 * href="https://developer.x.com/en/docs/media/upload-media/api-reference/get-media-upload-status">media
 * upload STATUS</a>):
 *
 * <ol>
 *   <li>{@code POST /2/media/upload/initialize} (JSON: {@code media_type}, {@code total_bytes},
 *       {@code media_category=amplify_video}) answers {@code data.id};
 *   <li>{@code POST /2/media/upload/{id}/append} (multipart: {@code media} and {@code
 *       segment_index} 0-999) for each chunk; a failed chunk is sent again under its own index;
 *   <li>{@code POST /2/media/upload/{id}/finalize}; when it answers {@code processing_info}, {@code
 *       GET /2/media/upload?command=STATUS&media_id={id}} is asked after {@code check_after_secs}
 *       until {@code succeeded} ({@code failed} records X's error message);
 *   <li>{@code POST /2/tweets} with {@code text} and {@code media.media_ids}, once (<a
 *       href="https://docs.x.com/x-api/posts/create-post">Create Post</a>).
 * </ol>
 *
 * An unknown posting outcome is settled by the account's recent posts ({@code GET
 * /2/users/{id}/tweets} with {@code attachments.media_keys}): one carrying this media is the post.
 */
public final class XPublisher implements Publisher {
  public static final String PLATFORM = "x";

  /** APPEND takes at most 5 MB a segment; 4 MiB stays under it whichever megabyte is meant. */
  static final long MAX_SEGMENT = 4L << 20;

  static final int MAX_SEGMENTS = 1000;

  private final PlatformHttp http;
  private final String base;
  private final long segment;
  private final long pollSeconds;

  public XPublisher(PlatformHttp http, PublishingSettings settings) {
    this.http = http;
    this.base = settings.xBaseUrl();
    this.segment = Math.min(MAX_SEGMENT, settings.chunkBytes());
    this.pollSeconds = settings.pollSeconds();
  }

  @Override
  public String platform() {
    return PLATFORM;
  }

  @Override
  public UploadedVideo upload(PublishContext ctx, UploadProgress progress) {
    long total = ctx.video().size();
    long count = (total + segment - 1) / segment;
    if (count > MAX_SEGMENTS) {
      throw ProviderFailures.nonRetryable(
          ProviderFailures.REJECTED,
          "x takes at most "
              + MAX_SEGMENTS
              + " segments of "
              + segment
              + " bytes; the video has "
              + total
              + " bytes");
    }
    Map<String, String> resumed = progress.resumed().orElse(Map.of());
    String mediaId = resumed.get("media_id");
    int next = Integer.parseInt(resumed.getOrDefault("next_segment", "0"));
    if (mediaId == null) {
      mediaId = initialize(ctx, total);
      next = 0;
      progress.save(checkpoint(mediaId, 0, ""));
    }
    if (!resumed.getOrDefault("finalized", "").isEmpty()) {
      String key = resumed.get("finalized");
      return new UploadedVideo("", mediaId, Map.of("media_key", key.equals("-") ? "" : key));
    }
    for (int i = next; i < count; i++) {
      append(ctx, mediaId, i, i * segment, Math.min(segment, total - i * segment), (int) count);
      progress.save(checkpoint(mediaId, i + 1, ""));
    }
    JsonNode data = json(ctx, "x media finalize", "/2/media/upload/" + id(mediaId) + "/finalize");
    String key = data.path("media_key").asString("");
    progress.save(checkpoint(mediaId, (int) count, key.isEmpty() ? "-" : key));
    return new UploadedVideo("", mediaId, Map.of("media_key", key));
  }

  private String initialize(PublishContext ctx, long total) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("media_type", "video/mp4");
    body.put("total_bytes", total);
    body.put("media_category", "amplify_video");
    URI uri = URI.create(base + "/2/media/upload/initialize");
    Answer a =
        http.send(
            "x media initialize",
            ctx.token(),
            t ->
                http.request(uri, t)
                    .header("Content-Type", "application/json")
                    .POST(PlatformHttp.json(body))
                    .build());
    if (!a.ok()) {
      throw failure("x media initialize", a);
    }
    String id = a.json().path("data").path("id").asString("");
    if (id.isEmpty()) {
      throw ProviderFailures.retryable(
          ProviderFailures.BAD_OUTPUT, "x media initialize answered without data.id");
    }
    return id;
  }

  /** One segment as multipart/form-data: {@code segment_index}, then {@code media} streamed. */
  private void append(
      PublishContext ctx, String mediaId, int index, long from, long length, int n) {
    String boundary = "renderowl-" + UUID.randomUUID();
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"segment_index\"\r\n\r\n"
                + index
                + "\r\n--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"segment-"
                + index
                + ".mp4\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    long size = head.length + length + tail.length;
    URI uri = URI.create(base + "/2/media/upload/" + id(mediaId) + "/append");
    String what = "x media append (segment " + (index + 1) + "/" + n + ")";
    Answer a =
        http.send(
            what,
            ctx.token(),
            t ->
                http.request(uri, t)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(
                        PlatformHttp.streamed(
                            () ->
                                new SequenceInputStream(
                                    Collections.enumeration(
                                        List.<InputStream>of(
                                            new ByteArrayInputStream(head),
                                            ctx.video().open(from, length),
                                            new ByteArrayInputStream(tail)))),
                            size))
                    .build());
    if (!a.ok()) {
      throw failure(what, a);
    }
  }

  /** After finalize: the media can be posted once X has processed it. */
  @Override
  public PlatformStatus ready(PublishContext ctx, UploadedVideo upload) {
    URI uri =
        URI.create(
            base
                + "/2/media/upload?"
                + PlatformHttp.query(orderedOf("command", "STATUS", "media_id", upload.handle())));
    Answer a = http.send("x media status", ctx.token(), t -> http.request(uri, t).GET().build());
    if (!a.ok()) {
      throw failure("x media status", a);
    }
    JsonNode info = a.json().path("data").path("processing_info");
    if (info.isMissingNode()) {
      return PlatformStatus.readyToPost(upload.handle()); // no processing_info: ready
    }
    return switch (info.path("state").asString("")) {
      case "succeeded" -> PlatformStatus.readyToPost(upload.handle());
      case "failed" ->
          PlatformStatus.failed(
              "x could not process the video: "
                  + info.path("error")
                      .path("message")
                      .asString(info.path("error").path("name").asString("unknown reason")));
      default -> PlatformStatus.pending(info.path("check_after_secs").asLong(pollSeconds));
    };
  }

  @Override
  public PlatformStatus post(PublishContext ctx, UploadedVideo upload) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("text", text(ctx));
    body.put("media", Map.of("media_ids", List.of(upload.handle())));
    JsonNode data = json(ctx, "x create post", "/2/tweets", body);
    String id = data.path("id").asString("");
    if (id.isEmpty()) {
      throw ProviderFailures.retryable(
          ProviderFailures.BAD_OUTPUT, "x created a post without answering its id");
    }
    return PlatformStatus.published(id, postUrl(ctx, id));
  }

  /** After an unknown outcome: a recent post of the account carrying this media is the post. */
  @Override
  public PlatformStatus status(PublishContext ctx, UploadedVideo upload) {
    String user = ctx.account().platformUserId();
    if (user == null || user.isBlank()) {
      return unconfirmed(upload, "the x account has no user id to read its posts with");
    }
    URI uri =
        URI.create(
            base
                + "/2/users/"
                + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "/tweets?"
                + PlatformHttp.query(
                    orderedOf("max_results", "20", "expansions", "attachments.media_keys")));
    Answer a = http.send("x recent posts", ctx.token(), t -> http.request(uri, t).GET().build());
    if (!a.ok()) {
      throw failure("x recent posts", a);
    }
    String key = upload.details().getOrDefault("media_key", "");
    for (JsonNode post : a.json().path("data")) {
      for (JsonNode k : post.path("attachments").path("media_keys")) {
        String mk = k.asString("");
        if (mk.equals(key) || mk.endsWith("_" + upload.handle())) {
          String id = post.path("id").asString("");
          return PlatformStatus.published(id, postUrl(ctx, id));
        }
      }
    }
    return unconfirmed(upload, "no recent x post carries media " + upload.handle());
  }

  private static PlatformStatus unconfirmed(UploadedVideo upload, String why) {
    return new PlatformStatus(
        PublishState.UNCONFIRMED, upload.handle(), "", why + "; not posted again", 0);
  }

  private static String postUrl(PublishContext ctx, String id) {
    String user = ctx.account().username();
    return user == null || user.isBlank()
        ? "https://x.com/i/web/status/" + id
        : "https://x.com/" + user + "/status/" + id;
  }

  /** The post's text: the title and hashtags, at most 280 characters. */
  static String text(PublishContext ctx) {
    StringBuilder text = new StringBuilder(ctx.job().title());
    for (String tag : ctx.job().tags()) {
      text.append(" #").append(tag.replace(" ", ""));
    }
    String t = text.toString();
    return t.codePointCount(0, t.length()) <= 280
        ? t
        : t.substring(0, t.offsetByCodePoints(0, 279)) + "…";
  }

  private JsonNode json(PublishContext ctx, String what, String path) {
    return json(ctx, what, path, null);
  }

  private JsonNode json(PublishContext ctx, String what, String path, Object body) {
    URI uri = URI.create(base + path);
    Answer a =
        http.send(
            what,
            ctx.token(),
            t ->
                body == null
                    ? http.request(uri, t).POST(HttpRequest.BodyPublishers.noBody()).build()
                    : http.request(uri, t)
                        .header("Content-Type", "application/json")
                        .POST(PlatformHttp.json(body))
                        .build());
    if (!a.ok()) {
      throw failure(what, a);
    }
    return a.json().path("data");
  }

  /** X answers 429 with x-rate-limit-reset (epoch seconds), which {@link PlatformHttp} reads. */
  private static RuntimeException failure(String what, Answer a) {
    return PlatformHttp.failure(what, a);
  }

  private static String id(String mediaId) {
    return URLEncoder.encode(mediaId, StandardCharsets.UTF_8);
  }

  private static Map<String, String> orderedOf(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private static Map<String, String> checkpoint(String mediaId, int next, String finalized) {
    return Map.of(
        "media_id", mediaId, "next_segment", Integer.toString(next), "finalized", finalized);
  }
}

package io.renderowl.activities.publish.facebook;

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
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Facebook Pages video publishing through the Graph API, as documented:
 *
 * <ol>
 *   <li>Resumable Upload API (<a
 *       href="https://developers.facebook.com/docs/graph-api/guides/upload">Upload a file</a>, <a
 *       href="https://developers.facebook.com/docs/graph-api/reference/application/uploads/">Application
 *       uploads</a>): {@code POST /{app-id}/uploads} with {@code file_name}, {@code file_length}
 *       and {@code file_type} opens a session ({@code {"id": "upload:..."}}); the bytes go to
 *       {@code POST /upload:...} with the header {@code Authorization: OAuth <user token>} and
 *       {@code file_offset}; the answer to the last bytes holds the file handle {@code h}. An
 *       interrupted upload asks the session where it stands ({@code GET /upload:...} answers {@code
 *       file_offset}) and continues from there, never from byte 0.
 *   <li>Publishing (<a
 *       href="https://developers.facebook.com/docs/video-api/guides/publishing">Publish with the
 *       Video API</a>): {@code POST /{page-id}/videos} with {@code title}, {@code description} and
 *       {@code fbuploader_video_file_chunk} set to the handle, authorised by the Page access token
 *       (read with the user token from {@code GET /{page-id}?fields=access_token}); the answer is
 *       {@code {"id": "<video id>"}}.
 *   <li>Processing (<a href="https://developers.facebook.com/docs/graph-api/reference/video/">Video
 *       reference</a>, <a
 *       href="https://developers.facebook.com/docs/graph-api/reference/video-status/">Video
 *       Status</a>): the posted video is still processed by Facebook, which can fail. The workflow
 *       follows it on durable timers through {@link #status}: {@code GET
 *       /{video-id}?fields=status,permalink_url} with the Page token; {@code status.video_status}
 *       {@code ready} is published (URL from {@code permalink_url}), {@code error} (or a phase,
 *       {@code uploading_phase} / {@code processing_phase} / {@code publishing_phase}, whose {@code
 *       status} is {@code error}) fails with the {@code errors} messages Facebook gives as the
 *       reason, {@code expired} fails, anything else ({@code processing}, {@code upload_complete},
 *       ...) is asked again; still processing past the workflow's limit ends unconfirmed, as for
 *       the other platforms.
 * </ol>
 *
 * The bytes are sent in chunks of the configured size, each one streamed from its own ranged S3
 * read, with a checkpoint (session, offset) after each. An unknown posting outcome is settled by
 * reading the Page's recent videos for one with this post's title and description, whose processing
 * status is then read as above.
 */
public final class FacebookPublisher implements Publisher {
  public static final String PLATFORM = "facebook";

  private final PlatformHttp http;
  private final String base;
  private final String appId;
  private final long chunk;
  private final long pollSeconds;

  /**
   * @param appId the Meta app id the upload session belongs to (FACEBOOK_CLIENT_ID); empty refuses
   *     every upload with that reason
   */
  public FacebookPublisher(PlatformHttp http, PublishingSettings settings, String appId) {
    this.http = http;
    this.base = settings.facebookBaseUrl();
    this.appId = appId == null ? "" : appId.strip();
    this.chunk = settings.chunkBytes();
    this.pollSeconds = settings.pollSeconds();
  }

  @Override
  public String platform() {
    return PLATFORM;
  }

  private static String pageId(PublishContext ctx) {
    String id = ctx.account().platformUserId();
    if (id == null || id.isBlank()) {
      throw ProviderFailures.nonRetryable(
          ProviderFailures.REJECTED,
          "facebook account " + ctx.account().id() + " names no Page to publish to");
    }
    return URLEncoder.encode(id, StandardCharsets.UTF_8);
  }

  @Override
  public UploadedVideo upload(PublishContext ctx, UploadProgress progress) {
    if (appId.isEmpty()) {
      throw ProviderFailures.nonRetryable(
          ProviderFailures.REJECTED,
          "facebook uploads need the Meta app id (FACEBOOK_CLIENT_ID) for the upload session");
    }
    long total = ctx.video().size();
    Map<String, String> resumed = progress.resumed().orElse(Map.of());
    String handle = resumed.getOrDefault("handle", "");
    if (!handle.isEmpty()) {
      return new UploadedVideo("", handle, Map.of("session", resumed.getOrDefault("session", "")));
    }
    String session = resumed.get("session");
    long offset = 0;
    if (session != null) {
      Optional<Long> at = askOffset(ctx, session);
      if (at.isEmpty()) {
        session = null; // the session is gone: a new one from byte 0
      } else {
        offset = at.get();
      }
    }
    if (session == null) {
      session = open(ctx, total);
      progress.save(checkpoint(session, 0, ""));
    }
    URI uri = sessionUri(session);
    while (true) {
      long from = offset;
      long length = Math.min(chunk, total - from);
      String what = "facebook upload (offset " + from + " of " + total + ")";
      Answer a =
          http.send(
              what,
              ctx.token(),
              token ->
                  HttpRequest.newBuilder(uri)
                      .timeout(http.timeout())
                      .header("Authorization", "OAuth " + token)
                      .header("file_offset", Long.toString(from))
                      .header("Content-Type", "application/octet-stream")
                      .POST(
                          length == 0
                              ? HttpRequest.BodyPublishers.noBody()
                              : PlatformHttp.streamed(() -> ctx.video().open(from, length), length))
                      .build());
      if (!a.ok()) {
        if (a.status() == 404 || a.status() == 410) {
          progress.save(Map.of());
          throw ProviderFailures.retryable(
              ProviderFailures.UNAVAILABLE,
              "facebook upload session expired (HTTP " + a.status() + "); starting a new one");
        }
        throw graphFailure(what, a);
      }
      JsonNode json = a.json();
      String h = json.path("h").asString("");
      if (!h.isEmpty()) {
        progress.save(checkpoint(session, total, h));
        return new UploadedVideo("", h, Map.of("session", session));
      }
      long next = json.path("file_offset").asLong(from + length);
      if (next <= from || next > total || (next == total && length == 0)) {
        throw ProviderFailures.retryable(
            ProviderFailures.BAD_OUTPUT,
            what + ": the session answered without a handle at offset " + next);
      }
      offset = next;
      progress.save(checkpoint(session, offset, ""));
    }
  }

  private String open(PublishContext ctx, long total) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("file_name", ctx.job().runId().replaceAll("[^A-Za-z0-9_-]", "_") + ".mp4");
    params.put("file_length", Long.toString(total));
    params.put("file_type", "video/mp4");
    URI uri =
        URI.create(
            base
                + "/"
                + URLEncoder.encode(appId, StandardCharsets.UTF_8)
                + "/uploads?"
                + PlatformHttp.query(params));
    Answer a =
        http.send(
            "facebook upload session",
            ctx.token(),
            token -> http.request(uri, token).POST(HttpRequest.BodyPublishers.noBody()).build());
    if (!a.ok()) {
      throw graphFailure("facebook upload session", a);
    }
    String id = a.json().path("id").asString("");
    if (!id.startsWith("upload:")) {
      throw ProviderFailures.retryable(
          ProviderFailures.BAD_OUTPUT,
          "facebook upload session answered without an upload id: " + PlatformHttp.message(a));
    }
    return id;
  }

  /** Where the session stands: its {@code file_offset}, or empty when it no longer exists. */
  private Optional<Long> askOffset(PublishContext ctx, String session) {
    URI uri = sessionUri(session);
    Answer a =
        http.send(
            "facebook upload status",
            ctx.token(),
            token ->
                HttpRequest.newBuilder(uri)
                    .timeout(http.timeout())
                    .header("Authorization", "OAuth " + token)
                    .GET()
                    .build());
    if (a.ok() && a.json().has("file_offset")) {
      return Optional.of(a.json().path("file_offset").asLong());
    }
    if (a.status() == 400 || a.status() == 404 || a.status() == 410) {
      return Optional.empty();
    }
    throw graphFailure("facebook upload status", a);
  }

  private URI sessionUri(String session) {
    // the id is "upload:<session>" and may carry its own query ("?sig=...")
    return URI.create(base + "/" + session);
  }

  @Override
  public PlatformStatus ready(PublishContext ctx, UploadedVideo upload) {
    return PlatformStatus.readyToPost(upload.handle());
  }

  @Override
  public PlatformStatus post(PublishContext ctx, UploadedVideo upload) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("title", ctx.job().title());
    form.put("description", description(ctx));
    form.put("fbuploader_video_file_chunk", upload.handle());
    form.put("published", "true");
    URI uri = URI.create(base + "/" + pageId(ctx) + "/videos");
    Answer a = withPageToken(ctx, "facebook page video", uri, "POST", form);
    String id = a.json().path("id").asString("");
    if (id.isEmpty()) {
      throw ProviderFailures.retryable(
          ProviderFailures.BAD_OUTPUT, "facebook published a video without answering its id");
    }
    // posted, but Facebook still processes it: the workflow follows status() until it is ready
    return new PlatformStatus(PublishState.PROCESSING, id, videoUrl(ctx, id), "", pollSeconds);
  }

  /**
   * The posted video's processing status ({@link UploadedVideo#POSTED_ID}); after an unknown
   * outcome (no id), the Page's recent videos say first whether this one was posted.
   */
  @Override
  public PlatformStatus status(PublishContext ctx, UploadedVideo upload) {
    String posted = upload.details().getOrDefault(UploadedVideo.POSTED_ID, "");
    if (!posted.isEmpty()) {
      return videoStatus(ctx, posted);
    }
    URI uri =
        URI.create(
            base + "/" + pageId(ctx) + "/videos?fields=id,title,description,created_time&limit=25");
    Answer a = withPageToken(ctx, "facebook page videos", uri, "GET", Map.of());
    for (JsonNode v : a.json().path("data")) {
      if (v.path("title").asString("").equals(ctx.job().title())
          && v.path("description").asString("").equals(description(ctx))) {
        return videoStatus(ctx, v.path("id").asString(""));
      }
    }
    return new PlatformStatus(
        PublishState.UNCONFIRMED,
        upload.handle(),
        "",
        "facebook lists no video with this title on the Page; not posted again",
        0);
  }

  /** {@code GET /{video-id}?fields=status,permalink_url}: where Facebook's processing stands. */
  private PlatformStatus videoStatus(PublishContext ctx, String id) {
    URI uri =
        URI.create(
            base
                + "/"
                + URLEncoder.encode(id, StandardCharsets.UTF_8)
                + "?fields=status,permalink_url");
    JsonNode video = withPageToken(ctx, "facebook video status", uri, "GET", Map.of()).json();
    JsonNode status = video.path("status");
    String videoStatus = status.path("video_status").asString("");
    String errors = errors(status);
    if (videoStatus.equals("error") || !errors.isEmpty()) {
      return new PlatformStatus(
          PublishState.FAILED,
          id,
          "",
          "facebook could not process the video: "
              + (errors.isEmpty() ? "video_status error without a message" : errors),
          0);
    }
    if (videoStatus.equals("expired")) {
      return new PlatformStatus(
          PublishState.FAILED, id, "", "facebook: the video expired before it was ready", 0);
    }
    if (!videoStatus.equals("ready")) {
      return new PlatformStatus(PublishState.PROCESSING, id, videoUrl(ctx, id), "", pollSeconds);
    }
    String permalink = video.path("permalink_url").asString("");
    String url =
        permalink.isEmpty()
            ? videoUrl(ctx, id)
            : permalink.startsWith("/") ? "https://www.facebook.com" + permalink : permalink;
    return PlatformStatus.published(id, url);
  }

  /**
   * The messages of the phases ({@code uploading_phase}, {@code processing_phase}, {@code
   * publishing_phase}) whose {@code status} is {@code error}, from their {@code errors}.
   */
  private static String errors(JsonNode status) {
    StringBuilder out = new StringBuilder();
    for (String phase : new String[] {"uploading_phase", "processing_phase", "publishing_phase"}) {
      JsonNode p = status.path(phase);
      if (!p.path("status").asString("").equals("error")) {
        continue;
      }
      StringBuilder messages = new StringBuilder();
      for (JsonNode e : p.path("errors")) {
        String message = e.path("message").asString("");
        int code = e.path("code").asInt(0);
        if (!message.isEmpty()) {
          messages.append(messages.isEmpty() ? "" : "; ").append(message);
          if (code != 0) {
            messages.append(" (code ").append(code).append(')');
          }
        }
      }
      out.append(out.isEmpty() ? "" : "; ")
          .append(phase)
          .append(": ")
          .append(messages.isEmpty() ? "error" : messages);
    }
    return out.toString();
  }

  private static String videoUrl(PublishContext ctx, String id) {
    return "https://www.facebook.com/" + pageId(ctx) + "/videos/" + id + "/";
  }

  private static String description(PublishContext ctx) {
    StringBuilder text = new StringBuilder(ctx.job().description());
    for (String tag : ctx.job().tags()) {
      text.append(text.isEmpty() ? "#" : " #").append(tag.replace(" ", ""));
    }
    return text.toString();
  }

  /**
   * A call with the Page access token, read with the user token; a 401 refreshes the user token
   * once and reads the Page token again.
   */
  private Answer withPageToken(
      PublishContext ctx, String what, URI uri, String method, Map<String, String> form) {
    Answer a = null;
    for (int i = 0; i < 2; i++) {
      String pageToken = pageToken(ctx, i == 1);
      HttpRequest.Builder b =
          HttpRequest.newBuilder(uri)
              .timeout(http.timeout())
              .header("Authorization", "Bearer " + pageToken);
      HttpRequest request =
          method.equals("GET")
              ? b.GET().build()
              : b.header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(PlatformHttp.query(form)))
                  .build();
      a = http.exchange(what, request);
      if (a.status() != 401) {
        break;
      }
    }
    if (!a.ok()) {
      throw graphFailure(what, a);
    }
    return a;
  }

  private String pageToken(PublishContext ctx, boolean afterRefusal) {
    if (afterRefusal) {
      ctx.token().refreshed();
    }
    URI uri = URI.create(base + "/" + pageId(ctx) + "?fields=access_token");
    Answer a =
        http.send("facebook page token", ctx.token(), t -> http.request(uri, t).GET().build());
    if (!a.ok()) {
      throw graphFailure("facebook page token", a);
    }
    String token = a.json().path("access_token").asString("");
    if (token.isEmpty()) {
      throw ProviderFailures.nonRetryable(
          ProviderFailures.REJECTED,
          "facebook gave no Page access token for Page "
              + ctx.account().platformUserId()
              + "; the account needs the pages_manage_posts permission (connect it again)");
    }
    return token;
  }

  /**
   * Graph API errors: codes 4, 17, 32 and 613 are rate limits; the rest as {@link PlatformHttp}.
   */
  static RuntimeException graphFailure(String what, Answer a) {
    int code = a.json().path("error").path("code").asInt(0);
    if (code == 4 || code == 17 || code == 32 || code == 613) {
      return PlatformHttp.rateLimited(
          what + ": facebook rate limit (code " + code + ", " + PlatformHttp.message(a) + ")",
          PlatformHttp.retryDelay(a).orElse(Duration.ofMinutes(5)));
    }
    return PlatformHttp.failure(what, a);
  }

  private static Map<String, String> checkpoint(String session, long offset, String handle) {
    return Map.of("session", session, "offset", Long.toString(offset), "handle", handle);
  }
}

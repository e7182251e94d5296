package io.renderowl.activities.publish.instagram;

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Instagram Graph API, Reels: {@code content_publishing_limit} first (posts left in 24 hours), a
 * media container {@code POST /{ig-user-id}/media} with {@code media_type=REELS} and a presigned
 * {@code video_url} of our S3 object (Instagram fetches it), its {@code status_code} followed until
 * {@code FINISHED} ({@code ERROR}/{@code EXPIRED} fail), then {@code POST
 * /{ig-user-id}/media_publish} once. An unknown publish outcome is settled by the container's
 * status ({@code PUBLISHED}).
 */
public final class InstagramPublisher implements Publisher {
  public static final String PLATFORM = "instagram";

  /** How long Instagram may take to fetch the video from the presigned URL. */
  static final Duration URL_TTL = Duration.ofHours(6);

  private final PlatformHttp http;
  private final String base;
  private final long pollSeconds;

  public InstagramPublisher(PlatformHttp http, PublishingSettings settings) {
    this.http = http;
    this.base = settings.instagramBaseUrl();
    this.pollSeconds = settings.pollSeconds();
  }

  @Override
  public String platform() {
    return PLATFORM;
  }

  private static String userId(PublishContext ctx) {
    String id = ctx.account().platformUserId();
    if (id == null || id.isBlank()) {
      throw ProviderFailures.nonRetryable(
          ProviderFailures.REJECTED,
          "instagram account " + ctx.account().id() + " has no Instagram user id");
    }
    return URLEncoder.encode(id, StandardCharsets.UTF_8);
  }

  @Override
  public UploadedVideo upload(PublishContext ctx, UploadProgress progress) {
    String container = progress.resumed().map(c -> c.get("container")).orElse(null);
    if (container != null) {
      return new UploadedVideo("", container, Map.of());
    }
    checkPublishingLimit(ctx);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("media_type", "REELS");
    body.put("video_url", ctx.video().presignedUrl(URL_TTL));
    body.put("caption", caption(ctx));
    body.put("share_to_feed", true);
    JsonNode created =
        call("instagram media container", ctx, "POST", "/" + userId(ctx) + "/media", body);
    container = created.path("id").asString("");
    if (container.isEmpty()) {
      throw ProviderFailures.retryable(
          ProviderFailures.BAD_OUTPUT, "instagram created a container without an id");
    }
    progress.save(Map.of("container", container));
    return new UploadedVideo("", container, Map.of());
  }

  private void checkPublishingLimit(PublishContext ctx) {
    JsonNode limit =
        call(
                "instagram content_publishing_limit",
                ctx,
                "GET",
                "/" + userId(ctx) + "/content_publishing_limit?fields=quota_usage,config",
                null)
            .path("data")
            .path(0);
    long used = limit.path("quota_usage").asLong(0);
    long total = limit.path("config").path("quota_total").asLong(Long.MAX_VALUE);
    if (used >= total) {
      throw PlatformHttp.rateLimited(
          "instagram content publishing limit reached ("
              + used
              + " of "
              + total
              + " posts in 24 hours)",
          Duration.ofHours(1));
    }
  }

  private static String caption(PublishContext ctx) {
    StringBuilder caption =
        new StringBuilder(
            ctx.job().description().isBlank() ? ctx.job().title() : ctx.job().description());
    for (String tag : ctx.job().tags()) {
      caption.append(" #").append(tag.replace(" ", ""));
    }
    String c = caption.toString();
    return c.length() <= 2200 ? c : c.substring(0, 2200);
  }

  @Override
  public PlatformStatus ready(PublishContext ctx, UploadedVideo upload) {
    JsonNode c = container(ctx, upload.handle());
    String code = c.path("status_code").asString("");
    return switch (code) {
      case "FINISHED", "PUBLISHED" -> PlatformStatus.readyToPost(upload.handle());
      case "ERROR" ->
          PlatformStatus.failed(
              "instagram could not process the video: " + c.path("status").asString("ERROR"));
      case "EXPIRED" ->
          PlatformStatus.failed("instagram container expired before it was published");
      default -> PlatformStatus.pending(pollSeconds);
    };
  }

  @Override
  public PlatformStatus post(PublishContext ctx, UploadedVideo upload) {
    JsonNode published =
        call(
            "instagram media_publish",
            ctx,
            "POST",
            "/" + userId(ctx) + "/media_publish",
            Map.of("creation_id", upload.handle()));
    String mediaId = published.path("id").asString("");
    return PlatformStatus.published(mediaId, permalink(ctx, mediaId));
  }

  /** After an unknown publish outcome: the container says whether it was published. */
  @Override
  public PlatformStatus status(PublishContext ctx, UploadedVideo upload) {
    JsonNode c = container(ctx, upload.handle());
    return switch (c.path("status_code").asString("")) {
      case "PUBLISHED" -> publishedMedia(ctx, upload);
      case "ERROR", "EXPIRED" ->
          PlatformStatus.failed("instagram container " + c.path("status_code").asString());
      case "IN_PROGRESS" -> PlatformStatus.pending(pollSeconds);
      default ->
          new PlatformStatus(
              PublishState.UNCONFIRMED,
              upload.handle(),
              "",
              "instagram reports the container "
                  + c.path("status_code").asString("?")
                  + ", not published; not posted again",
              0);
    };
  }

  /**
   * The media a published container became: the container does not name it, so the account's recent
   * media are read for the one with this post's caption (its id and permalink). When none matches,
   * the post is still published and recorded under the container's id.
   */
  private PlatformStatus publishedMedia(PublishContext ctx, UploadedVideo upload) {
    try {
      JsonNode media =
          call(
                  "instagram recent media",
                  ctx,
                  "GET",
                  "/" + userId(ctx) + "/media?fields=id,caption,permalink,timestamp&limit=25",
                  null)
              .path("data");
      String caption = caption(ctx);
      for (JsonNode m : media) {
        if (caption.equals(m.path("caption").asString(""))) {
          return PlatformStatus.published(
              m.path("id").asString(upload.handle()), m.path("permalink").asString(""));
        }
      }
    } catch (RuntimeException e) {
      // the post is published; its id and address are a nicety
    }
    return PlatformStatus.published(upload.handle(), "");
  }

  private JsonNode container(PublishContext ctx, String id) {
    return call(
        "instagram container status",
        ctx,
        "GET",
        "/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "?fields=status_code,status",
        null);
  }

  private String permalink(PublishContext ctx, String mediaId) {
    if (mediaId.isEmpty()) {
      return "";
    }
    try {
      return call(
              "instagram media permalink",
              ctx,
              "GET",
              "/" + URLEncoder.encode(mediaId, StandardCharsets.UTF_8) + "?fields=permalink",
              null)
          .path("permalink")
          .asString("");
    } catch (RuntimeException e) {
      return ""; // the post exists; its address is a nicety
    }
  }

  private JsonNode call(String what, PublishContext ctx, String method, String path, Object body) {
    URI uri = URI.create(base + path);
    Answer a =
        http.send(
            what,
            ctx.token(),
            t -> {
              var request = http.request(uri, t);
              return method.equals("GET")
                  ? request.GET().build()
                  : request
                      .header("Content-Type", "application/json")
                      .POST(PlatformHttp.json(body))
                      .build();
            });
    if (!a.ok()) {
      // Graph API: code 4/17/32/613 are rate limits, 9 the posting limit
      int code = a.json().path("error").path("code").asInt(0);
      if (code == 4 || code == 17 || code == 32 || code == 613 || code == 9) {
        throw PlatformHttp.rateLimited(
            what + ": instagram rate limit (code " + code + ", " + PlatformHttp.message(a) + ")",
            PlatformHttp.retryDelay(a).orElse(Duration.ofMinutes(5)));
      }
      throw PlatformHttp.failure(what, a);
    }
    return a.json();
  }
}

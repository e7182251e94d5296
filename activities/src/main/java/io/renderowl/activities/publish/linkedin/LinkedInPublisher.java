package io.renderowl.activities.publish.linkedin;

import io.renderowl.activities.provider.ProviderFailures;
import io.renderowl.activities.publish.PlatformHttp;
import io.renderowl.activities.publish.PlatformHttp.Answer;
import io.renderowl.activities.publish.PublishContext;
import io.renderowl.activities.publish.Publisher;
import io.renderowl.activities.publish.UploadProgress;
import io.renderowl.infra.config.PublishingSettings;
import io.renderowl.infra.json.Json;
import io.renderowl.workflows.PlatformStatus;
import io.renderowl.workflows.PublishState;
import io.renderowl.workflows.UploadedVideo;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * LinkedIn video posts through the versioned REST API, as documented in <a
 * href="https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/videos-api">Videos
 * API</a> and <a
 * href="https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api">Posts
 * API</a>; every call carries {@code LinkedIn-Version} (YYYYMM) and {@code
 * X-Restli-Protocol-Version: 2.0.0}:
 *
 * <ol>
 *   <li>{@code POST /rest/videos?action=initializeUpload} with the owner's URN and {@code
 *       fileSizeBytes} answers the video URN and {@code uploadInstructions} (one {@code uploadUrl}
 *       per byte range {@code firstByte}-{@code lastByte});
 *   <li>each range is {@code PUT} to its {@code uploadUrl}, keeping the {@code ETag} it answers;
 *   <li>{@code POST /rest/videos?action=finalizeUpload} with the {@code uploadedPartIds} (the ETags
 *       in order);
 *   <li>{@code GET /rest/videos/{urn}} until {@code status} is {@code AVAILABLE} ({@code
 *       PROCESSING_FAILED} records the reason);
 *   <li>{@code POST /rest/posts} with the video as {@code content.media}, once; the post's URN
 *       comes back in the {@code x-restli-id} header.
 * </ol>
 *
 * An unknown posting outcome is settled by the author's recent posts ({@code GET
 * /rest/posts?q=author}): one whose media is this video is the post.
 */
public final class LinkedInPublisher implements Publisher {
  public static final String PLATFORM = "linkedin";

  private final PlatformHttp http;
  private final String base;
  private final String version;
  private final long pollSeconds;

  public LinkedInPublisher(PlatformHttp http, PublishingSettings settings) {
    this.http = http;
    this.base = settings.linkedinBaseUrl();
    this.version = settings.linkedinVersion();
    this.pollSeconds = settings.pollSeconds();
  }

  @Override
  public String platform() {
    return PLATFORM;
  }

  /** The member's URN: the OpenID {@code sub} as {@code urn:li:person:...}, or a URN as it is. */
  static String owner(PublishContext ctx) {
    String id = ctx.account().platformUserId();
    if (id == null || id.isBlank()) {
      throw ProviderFailures.nonRetryable(
          ProviderFailures.REJECTED,
          "linkedin account " + ctx.account().id() + " has no member id");
    }
    return id.startsWith("urn:li:") ? id : "urn:li:person:" + id;
  }

  private record Part(String url, long first, long last) {}

  @Override
  public UploadedVideo upload(PublishContext ctx, UploadProgress progress) {
    long total = ctx.video().size();
    Map<String, String> resumed = progress.resumed().orElse(Map.of());
    String video = resumed.get("video");
    List<Part> parts;
    List<String> etags = new ArrayList<>();
    String uploadToken;
    if (video == null) {
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("owner", owner(ctx));
      request.put("fileSizeBytes", total);
      request.put("uploadCaptions", false);
      request.put("uploadThumbnail", false);
      JsonNode value =
          call(
                  "linkedin initializeUpload",
                  ctx,
                  "/rest/videos?action=initializeUpload",
                  Map.of("initializeUploadRequest", request))
              .json()
              .path("value");
      video = value.path("video").asString("");
      uploadToken = value.path("uploadToken").asString("");
      parts = new ArrayList<>();
      for (JsonNode i : value.path("uploadInstructions")) {
        parts.add(
            new Part(
                i.path("uploadUrl").asString(""),
                i.path("firstByte").asLong(-1),
                i.path("lastByte").asLong(-1)));
      }
      checkPlan(video, parts, total);
      progress.save(checkpoint(video, uploadToken, parts, etags));
    } else {
      uploadToken = resumed.getOrDefault("upload_token", "");
      parts = readParts(resumed.getOrDefault("parts", "[]"));
      String done = resumed.getOrDefault("etags", "");
      if (!done.isEmpty()) {
        etags.addAll(Arrays.asList(done.split("\n")));
      }
    }
    for (int i = etags.size(); i < parts.size(); i++) {
      Part part = parts.get(i);
      long length = part.last() - part.first() + 1;
      String what = "linkedin upload part " + (i + 1) + "/" + parts.size();
      // the upload URL carries its own grant; LinkedIn's examples still send the bearer token
      Answer a =
          http.send(
              what,
              ctx.token(),
              t ->
                  http.request(URI.create(part.url()), t)
                      .header("Content-Type", "application/octet-stream")
                      .PUT(
                          PlatformHttp.streamed(
                              () -> ctx.video().open(part.first(), length), length))
                      .build());
      if (!a.ok()) {
        throw PlatformHttp.failure(what, a);
      }
      String etag = a.header("ETag").orElse("");
      if (etag.isEmpty()) {
        throw ProviderFailures.retryable(
            ProviderFailures.BAD_OUTPUT, what + " answered without an ETag");
      }
      etags.add(etag);
      progress.save(checkpoint(video, uploadToken, parts, etags));
    }
    Map<String, Object> finalize = new LinkedHashMap<>();
    finalize.put("video", video);
    finalize.put("uploadToken", uploadToken);
    finalize.put("uploadedPartIds", etags);
    call(
        "linkedin finalizeUpload",
        ctx,
        "/rest/videos?action=finalizeUpload",
        Map.of("finalizeUploadRequest", finalize));
    return new UploadedVideo("", video, Map.of());
  }

  private static void checkPlan(String video, List<Part> parts, long total) {
    long next = 0;
    for (Part p : parts) {
      if (p.url().isEmpty() || p.first() != next || p.last() < p.first()) {
        next = -1;
        break;
      }
      next = p.last() + 1;
    }
    if (video.isEmpty() || parts.isEmpty() || next != total) {
      throw ProviderFailures.retryable(
          ProviderFailures.BAD_OUTPUT,
          "linkedin initializeUpload answered upload instructions that do not cover the "
              + total
              + " bytes in order");
    }
  }

  @Override
  public PlatformStatus ready(PublishContext ctx, UploadedVideo upload) {
    JsonNode v =
        get(ctx, "linkedin video status", "/rest/videos/" + encode(upload.handle())).json();
    return switch (v.path("status").asString("")) {
      case "AVAILABLE" -> PlatformStatus.readyToPost(upload.handle());
      case "PROCESSING_FAILED" ->
          PlatformStatus.failed(
              "linkedin could not process the video: "
                  + v.path("processingFailureReason").asString("PROCESSING_FAILED"));
      default -> PlatformStatus.pending(pollSeconds);
    };
  }

  @Override
  public PlatformStatus post(PublishContext ctx, UploadedVideo upload) {
    Map<String, Object> distribution = new LinkedHashMap<>();
    distribution.put("feedDistribution", "MAIN_FEED");
    distribution.put("targetEntities", List.of());
    distribution.put("thirdPartyDistributionChannels", List.of());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("author", owner(ctx));
    body.put("commentary", commentary(ctx));
    body.put("visibility", visibility(ctx));
    body.put("distribution", distribution);
    body.put("content", Map.of("media", Map.of("title", ctx.job().title(), "id", upload.handle())));
    body.put("lifecycleState", "PUBLISHED");
    body.put("isReshareDisabledByAuthor", false);
    Answer a = call("linkedin create post", ctx, "/rest/posts", body);
    String urn = a.header("x-restli-id").orElse("");
    if (urn.isEmpty()) {
      throw ProviderFailures.retryable(
          ProviderFailures.BAD_OUTPUT, "linkedin created a post without an x-restli-id header");
    }
    return PlatformStatus.published(urn, postUrl(urn));
  }

  /** After an unknown outcome: the author's recent posts say whether this video was posted. */
  @Override
  public PlatformStatus status(PublishContext ctx, UploadedVideo upload) {
    JsonNode posts =
        get(
                ctx,
                "linkedin recent posts",
                "/rest/posts?q=author&author=" + encode(owner(ctx)) + "&count=20&sortBy=CREATED")
            .json()
            .path("elements");
    for (JsonNode p : posts) {
      if (upload.handle().equals(p.path("content").path("media").path("id").asString(""))) {
        String urn = p.path("id").asString("");
        return PlatformStatus.published(urn, postUrl(urn));
      }
    }
    return new PlatformStatus(
        PublishState.UNCONFIRMED,
        upload.handle(),
        "",
        "no recent linkedin post of the author carries " + upload.handle() + "; not posted again",
        0);
  }

  private static String visibility(PublishContext ctx) {
    return switch (ctx.job().privacy()) {
      case "private", "unlisted", "connections" -> "CONNECTIONS";
      default -> "PUBLIC";
    };
  }

  private static String commentary(PublishContext ctx) {
    StringBuilder text =
        new StringBuilder(
            ctx.job().description().isBlank() ? ctx.job().title() : ctx.job().description());
    for (String tag : ctx.job().tags()) {
      text.append(" #").append(tag.replace(" ", ""));
    }
    String t = text.toString();
    return t.length() <= 3000 ? t : t.substring(0, 3000);
  }

  private static String postUrl(String urn) {
    return "https://www.linkedin.com/feed/update/" + urn + "/";
  }

  private Answer call(String what, PublishContext ctx, String path, Object body) {
    URI uri = URI.create(base + path);
    Answer a =
        http.send(
            what,
            ctx.token(),
            t ->
                headers(http.request(uri, t))
                    .header("Content-Type", "application/json")
                    .POST(PlatformHttp.json(body))
                    .build());
    if (!a.ok()) {
      throw PlatformHttp.failure(what, a);
    }
    return a;
  }

  private Answer get(PublishContext ctx, String what, String path) {
    URI uri = URI.create(base + path);
    Answer a = http.send(what, ctx.token(), t -> headers(http.request(uri, t)).GET().build());
    if (!a.ok()) {
      throw PlatformHttp.failure(what, a);
    }
    return a;
  }

  private HttpRequest.Builder headers(HttpRequest.Builder b) {
    return b.header("LinkedIn-Version", version).header("X-Restli-Protocol-Version", "2.0.0");
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static Map<String, String> checkpoint(
      String video, String uploadToken, List<Part> parts, List<String> etags) {
    List<Map<String, Object>> plan = new ArrayList<>();
    for (Part p : parts) {
      plan.add(Map.of("url", p.url(), "first", p.first(), "last", p.last()));
    }
    return Map.of(
        "video",
        video,
        "upload_token",
        uploadToken,
        "parts",
        Json.MAPPER.writeValueAsString(plan),
        "etags",
        String.join("\n", etags));
  }

  private static List<Part> readParts(String json) {
    List<Part> parts = new ArrayList<>();
    for (JsonNode p : Json.MAPPER.readTree(json)) {
      parts.add(
          new Part(p.path("url").asString(), p.path("first").asLong(), p.path("last").asLong()));
    }
    return parts;
  }
}

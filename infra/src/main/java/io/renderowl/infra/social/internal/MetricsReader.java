package io.renderowl.infra.social.internal;

import io.renderowl.infra.json.Json;
import io.renderowl.infra.social.SocialAnalytics.Metrics;
import io.renderowl.infra.social.SocialPlatform;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads per-video metrics from each platform's documented endpoint:
 *
 * <ul>
 *   <li>YouTube Data API v3 {@code GET videos?part=statistics&id=...} (up to 50 ids): viewCount,
 *       likeCount, commentCount;
 *   <li>TikTok Display API {@code POST v2/video/query/?fields=...} with {@code filters.video_ids}
 *       (up to 20): view_count, like_count, comment_count, share_count;
 *   <li>Instagram Graph API {@code GET {media-id}/insights?metric=views,likes,comments,shares};
 *   <li>Facebook {@code GET {video-id}/video_insights} (total_video_views,
 *       total_video_reactions_by_type_total, total_video_stories_by_action_type);
 *   <li>X API v2 {@code GET 2/tweets?ids=...&tweet.fields=public_metrics} (up to 100):
 *       impression_count, like_count, reply_count, retweet_count + quote_count;
 *   <li>LinkedIn {@code GET rest/memberCreatorPostAnalytics?q=entity} per metric (IMPRESSION,
 *       REACTION, COMMENT, RESHARE), with the LinkedIn-Version and X-Restli-Protocol-Version
 *       headers.
 * </ul>
 */
final class MetricsReader {
  static final String LINKEDIN_VERSION = "202510";

  private final PlatformHttp http;

  MetricsReader(PlatformHttp http) {
    this.http = http;
  }

  /** How many ids one call may ask for. */
  static int batchSize(SocialPlatform p) {
    return switch (p) {
      case YOUTUBE -> 50;
      case TIKTOK -> 20;
      case X -> 100;
      case INSTAGRAM, FACEBOOK, LINKEDIN -> 1;
    };
  }

  /**
   * The metrics of the given remote ids (at most {@link #batchSize}); ids the platform did not
   * return are missing from the map.
   *
   * @throws PlatformHttp.Refused or PlatformHttp.Unavailable with the platform's message
   */
  Map<String, Metrics> read(SocialPlatform p, String apiUrl, String token, List<String> ids) {
    Map<String, Metrics> out = new LinkedHashMap<>();
    String what = p.label() + " analytics";
    switch (p) {
      case YOUTUBE -> {
        JsonNode body =
            get(
                apiUrl
                    + "/youtube/v3/videos?part=statistics&id="
                    + PlatformHttp.enc(String.join(",", ids)),
                token,
                what);
        for (JsonNode item : body.path("items")) {
          JsonNode s = item.path("statistics");
          out.put(
              item.path("id").asString(),
              new Metrics(
                  num(s.path("viewCount")),
                  num(s.path("likeCount")),
                  num(s.path("commentCount")),
                  0));
        }
      }
      case TIKTOK -> {
        ObjectNode request = Json.MAPPER.createObjectNode();
        var videoIds = request.putObject("filters").putArray("video_ids");
        ids.forEach(videoIds::add);
        JsonNode body =
            http.send(
                    http.request(
                            apiUrl
                                + "/v2/video/query/?fields=id,view_count,like_count,comment_count,share_count")
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(request.toString()))
                        .build(),
                    what)
                .body();
        String code = body.path("error").path("code").asString("ok");
        if (!"ok".equals(code)) {
          throw new PlatformHttp.Refused(
              400,
              what + " failed: " + PlatformHttp.errorText(body).orElse(code),
              java.util.OptionalLong.empty());
        }
        for (JsonNode v : body.path("data").path("videos")) {
          out.put(
              v.path("id").asString(),
              new Metrics(
                  num(v.path("view_count")),
                  num(v.path("like_count")),
                  num(v.path("comment_count")),
                  num(v.path("share_count"))));
        }
      }
      case INSTAGRAM -> {
        String id = ids.get(0);
        Map<String, Long> m =
            insights(
                get(
                    apiUrl
                        + "/"
                        + PlatformHttp.enc(id)
                        + "/insights?metric=views,likes,comments,shares",
                    token,
                    what));
        out.put(
            id,
            new Metrics(
                m.getOrDefault("views", 0L),
                m.getOrDefault("likes", 0L),
                m.getOrDefault("comments", 0L),
                m.getOrDefault("shares", 0L)));
      }
      case FACEBOOK -> {
        String id = ids.get(0);
        JsonNode body =
            get(
                apiUrl
                    + "/"
                    + PlatformHttp.enc(id)
                    + "/video_insights?metric=total_video_views,total_video_reactions_by_type_total,"
                    + "total_video_stories_by_action_type",
                token,
                what);
        long views = 0;
        long reactions = 0;
        long comments = 0;
        long shares = 0;
        for (JsonNode d : body.path("data")) {
          JsonNode value = d.path("values").path(0).path("value");
          switch (d.path("name").asString("")) {
            case "total_video_views" -> views = num(value);
            case "total_video_reactions_by_type_total" -> {
              for (JsonNode count : value) {
                reactions += num(count);
              }
            }
            case "total_video_stories_by_action_type" -> {
              comments = num(value.path("comment"));
              shares = num(value.path("share"));
            }
            default -> {}
          }
        }
        out.put(id, new Metrics(views, reactions, comments, shares));
      }
      case X -> {
        JsonNode body =
            get(
                apiUrl
                    + "/2/tweets?ids="
                    + PlatformHttp.enc(String.join(",", ids))
                    + "&tweet.fields=public_metrics",
                token,
                what);
        for (JsonNode t : body.path("data")) {
          JsonNode pm = t.path("public_metrics");
          out.put(
              t.path("id").asString(),
              new Metrics(
                  num(pm.path("impression_count")),
                  num(pm.path("like_count")),
                  num(pm.path("reply_count")),
                  num(pm.path("retweet_count")) + num(pm.path("quote_count"))));
        }
      }
      case LINKEDIN -> {
        String urn = ids.get(0);
        String entity =
            "("
                + (urn.startsWith("urn:li:ugcPost:") ? "ugc" : "share")
                + ":"
                + PlatformHttp.enc(urn)
                + ")";
        long[] counts = new long[4];
        String[] types = {"IMPRESSION", "REACTION", "COMMENT", "RESHARE"};
        for (int i = 0; i < types.length; i++) {
          JsonNode body =
              http.send(
                      http.request(
                              apiUrl
                                  + "/rest/memberCreatorPostAnalytics?q=entity&entity="
                                  + entity
                                  + "&queryType="
                                  + types[i]
                                  + "&aggregation=TOTAL")
                          .header("Authorization", "Bearer " + token)
                          .header("LinkedIn-Version", LINKEDIN_VERSION)
                          .header("X-Restli-Protocol-Version", "2.0.0")
                          .GET()
                          .build(),
                      what)
                  .body();
          for (JsonNode e : body.path("elements")) {
            counts[i] += num(e.path("count"));
          }
        }
        out.put(urn, new Metrics(counts[0], counts[1], counts[2], counts[3]));
      }
    }
    return out;
  }

  private JsonNode get(String url, String token, String what) {
    return http.send(
            http.request(url).header("Authorization", "Bearer " + token).GET().build(), what)
        .body();
  }

  /**
   * Graph API insights: {@code data[].name} with {@code values[0].value} or {@code
   * total_value.value}.
   */
  private static Map<String, Long> insights(JsonNode body) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (JsonNode d : body.path("data")) {
      JsonNode v =
          d.path("total_value").has("value")
              ? d.path("total_value").path("value")
              : d.path("values").path(0).path("value");
      m.put(d.path("name").asString(""), num(v));
    }
    return m;
  }

  /** A count sent as a number or (YouTube) a decimal string; 0 when absent. */
  static long num(JsonNode n) {
    if (n.isNumber()) {
      return n.asLong();
    }
    if (n.isString() && n.stringValue().matches("\\d{1,18}")) {
      return Long.parseLong(n.stringValue());
    }
    return 0;
  }
}

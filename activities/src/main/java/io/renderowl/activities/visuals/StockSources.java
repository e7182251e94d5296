package io.renderowl.activities.visuals;

import io.renderowl.activities.provider.ProviderHttp;
import io.renderowl.activities.provider.UsageSink;
import io.renderowl.infra.config.ProviderSettings;
import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.Scene;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Stock photos and videos.
 *
 * <ul>
 *   <li>Pexels: {@code GET /v1/search} (photos) and {@code GET /videos/search} with the key in the
 *       {@code Authorization} header, {@code query}, {@code orientation}
 *       (landscape|portrait|square), {@code size} and {@code per_page}; photos carry {@code
 *       src.original} and {@code photographer}, videos {@code video_files[]} with {@code link},
 *       {@code width}, {@code height}, {@code file_type}.
 *   <li>Pixabay: {@code GET /api/} and {@code GET /api/videos/} with {@code key}, {@code q}, {@code
 *       image_type=photo}, {@code orientation} (horizontal|vertical), {@code min_width}, {@code
 *       min_height}, {@code safesearch}; hits carry {@code largeImageURL} / {@code
 *       videos.large|medium.url}, {@code user} and {@code pageURL}.
 * </ul>
 *
 * A result must be at least the output size (the preset's resolution) in both directions;
 * attribution is kept in the clip.
 */
public final class StockSources {
  private StockSources() {}

  static String q(String s) {
    return URLEncoder.encode(s.strip(), StandardCharsets.UTF_8);
  }

  public static VisualSource pexelsPhotos(ProviderSettings s, ProviderHttp http, UsageSink usage) {
    ProviderSettings.Endpoint e = s.pexels();
    return new VisualSource() {
      @Override
      public String name() {
        return "pexels";
      }

      @Override
      public Outcome find(String runId, Scene scene, Aspect aspect) {
        URI uri =
            URI.create(
                e.baseUrl()
                    + "/v1/search?query="
                    + q(scene.searchTerms())
                    + "&orientation="
                    + VisualSource.orientation(aspect)
                    + "&size=medium&per_page=15");
        ProviderHttp.Call call =
            ProviderHttp.Call.get("pexels", "search", uri, Map.of("Authorization", e.apiKey()));
        ProviderHttp.Response response = http.send(call);
        JsonNode json = response.json(call);
        usage.record(runId, "pexels", "search", "requests", 1, response.cached());
        for (JsonNode p : json.path("photos")) {
          int w = p.path("width").asInt();
          int h = p.path("height").asInt();
          String url = p.path("src").path("original").asString("");
          if (w >= aspect.width() && h >= aspect.height() && !url.isBlank()) {
            MediaBytes.Checked media =
                MediaBytes.download(http, "pexels", url, "image", s.maxDownloadBytes());
            String credit =
                "Photo by "
                    + p.path("photographer").asString("unknown")
                    + " on Pexels ("
                    + p.path("url").asString("")
                    + ")";
            return Outcome.of(new Found(media, w, h, credit, "pexels"));
          }
        }
        return Outcome.missed(
            "no photo of at least " + aspect.resolution() + " for '" + scene.searchTerms() + "'");
      }
    };
  }

  public static VisualSource pexelsVideos(ProviderSettings s, ProviderHttp http, UsageSink usage) {
    ProviderSettings.Endpoint e = s.pexels();
    return new VisualSource() {
      @Override
      public String name() {
        return "pexels-video";
      }

      @Override
      public Outcome find(String runId, Scene scene, Aspect aspect) {
        URI uri =
            URI.create(
                e.baseUrl()
                    + "/videos/search?query="
                    + q(scene.searchTerms())
                    + "&orientation="
                    + VisualSource.orientation(aspect)
                    + "&size=medium&per_page=15");
        ProviderHttp.Call call =
            ProviderHttp.Call.get(
                "pexels", "video-search", uri, Map.of("Authorization", e.apiKey()));
        ProviderHttp.Response response = http.send(call);
        JsonNode json = response.json(call);
        usage.record(runId, "pexels", "video-search", "requests", 1, response.cached());
        for (JsonNode v : json.path("videos")) {
          JsonNode best = null;
          for (JsonNode f : v.path("video_files")) {
            boolean big =
                f.path("width").asInt() >= aspect.width()
                    && f.path("height").asInt() >= aspect.height();
            if (big
                && "video/mp4".equals(f.path("file_type").asString(""))
                && (best == null || f.path("width").asInt() < best.path("width").asInt())) {
              best = f;
            }
          }
          if (best != null) {
            MediaBytes.Checked media =
                MediaBytes.download(
                    http, "pexels", best.path("link").asString(""), "video", s.maxDownloadBytes());
            String credit =
                "Video by "
                    + v.path("user").path("name").asString("unknown")
                    + " on Pexels ("
                    + v.path("url").asString("")
                    + ")";
            return Outcome.of(
                new Found(
                    media,
                    best.path("width").asInt(),
                    best.path("height").asInt(),
                    credit,
                    "pexels-video"));
          }
        }
        return Outcome.missed(
            "no mp4 video of at least "
                + aspect.resolution()
                + " for '"
                + scene.searchTerms()
                + "'");
      }
    };
  }

  static String pixabayOrientation(Aspect aspect) {
    return switch (aspect) {
      case VERTICAL -> "vertical";
      case LANDSCAPE -> "horizontal";
      case SQUARE -> "all";
    };
  }

  public static VisualSource pixabayPhotos(ProviderSettings s, ProviderHttp http, UsageSink usage) {
    ProviderSettings.Endpoint e = s.pixabay();
    return new VisualSource() {
      @Override
      public String name() {
        return "pixabay";
      }

      @Override
      public Outcome find(String runId, Scene scene, Aspect aspect) {
        URI uri =
            URI.create(
                e.baseUrl()
                    + "/api/?key="
                    + q(e.apiKey())
                    + "&q="
                    + q(scene.searchTerms())
                    + "&image_type=photo&orientation="
                    + pixabayOrientation(aspect)
                    + "&min_width="
                    + aspect.width()
                    + "&min_height="
                    + aspect.height()
                    + "&safesearch=true&per_page=10");
        ProviderHttp.Call call = ProviderHttp.Call.get("pixabay", "search", uri, Map.of());
        ProviderHttp.Response response = http.send(call);
        JsonNode json = response.json(call);
        usage.record(runId, "pixabay", "search", "requests", 1, response.cached());
        for (JsonNode hit : json.path("hits")) {
          String url = hit.path("largeImageURL").asString("");
          if (!url.isBlank()) {
            MediaBytes.Checked media =
                MediaBytes.download(http, "pixabay", url, "image", s.maxDownloadBytes());
            int[] size = MediaBytes.imageSize(media.bytes());
            String credit =
                "Image by "
                    + hit.path("user").asString("unknown")
                    + " on Pixabay ("
                    + hit.path("pageURL").asString("")
                    + ")";
            return Outcome.of(new Found(media, size[0], size[1], credit, "pixabay"));
          }
        }
        return Outcome.missed(
            "no photo of at least " + aspect.resolution() + " for '" + scene.searchTerms() + "'");
      }
    };
  }

  public static VisualSource pixabayVideos(ProviderSettings s, ProviderHttp http, UsageSink usage) {
    ProviderSettings.Endpoint e = s.pixabay();
    return new VisualSource() {
      @Override
      public String name() {
        return "pixabay-video";
      }

      @Override
      public Outcome find(String runId, Scene scene, Aspect aspect) {
        URI uri =
            URI.create(
                e.baseUrl()
                    + "/api/videos/?key="
                    + q(e.apiKey())
                    + "&q="
                    + q(scene.searchTerms())
                    + "&video_type=film&min_width="
                    + aspect.width()
                    + "&min_height="
                    + aspect.height()
                    + "&safesearch=true&per_page=10");
        ProviderHttp.Call call = ProviderHttp.Call.get("pixabay", "video-search", uri, Map.of());
        ProviderHttp.Response response = http.send(call);
        JsonNode json = response.json(call);
        usage.record(runId, "pixabay", "video-search", "requests", 1, response.cached());
        for (JsonNode hit : json.path("hits")) {
          for (String quality : new String[] {"large", "medium"}) {
            JsonNode f = hit.path("videos").path(quality);
            if (f.path("width").asInt() >= aspect.width()
                && f.path("height").asInt() >= aspect.height()
                && !f.path("url").asString("").isBlank()) {
              MediaBytes.Checked media =
                  MediaBytes.download(
                      http, "pixabay", f.path("url").asString(), "video", s.maxDownloadBytes());
              String credit =
                  "Video by "
                      + hit.path("user").asString("unknown")
                      + " on Pixabay ("
                      + hit.path("pageURL").asString("")
                      + ")";
              return Outcome.of(
                  new Found(
                      media,
                      f.path("width").asInt(),
                      f.path("height").asInt(),
                      credit,
                      "pixabay-video"));
            }
          }
        }
        return Outcome.missed(
            "no video of at least " + aspect.resolution() + " for '" + scene.searchTerms() + "'");
      }
    };
  }
}

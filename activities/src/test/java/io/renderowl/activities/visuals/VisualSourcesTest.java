package io.renderowl.activities.visuals;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.renderowl.activities.provider.ProviderFailures;
import io.renderowl.activities.provider.ProviderHttp;
import io.renderowl.activities.provider.ResponseCache;
import io.renderowl.activities.provider.Stubs;
import io.renderowl.activities.provider.TestMedia;
import io.renderowl.infra.config.ProviderSettings;
import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.Scene;
import io.temporal.failure.ApplicationFailure;
import java.awt.Color;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pexels, Pixabay, OpenAI Images and Stability against WireMock stand-ins of their documented APIs.
 */
class VisualSourcesTest {
  WireMockServer server;
  ProviderSettings settings;
  ProviderHttp http = Stubs.http(ResponseCache.NONE);
  Stubs.Usage usage = new Stubs.Usage();
  Scene scene =
      new Scene(
          2,
          "Octopuses have three hearts.",
          "a red octopus in deep blue water",
          4,
          "octopus ocean");

  @BeforeEach
  void start() {
    server = Stubs.start();
    settings = Stubs.settings(server, Map.of());
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  String pexelsPhotos(int width, int height, String original) {
    return "{\"total_results\":1,\"page\":1,\"per_page\":15,\"photos\":[{\"id\":2014422,\"width\":"
        + width
        + ",\"height\":"
        + height
        + ",\"url\":\"https://www.pexels.com/photo/octopus-2014422/\",\"photographer\":\"Joey Farina\","
        + "\"photographer_url\":\"https://www.pexels.com/@joey\",\"avg_color\":\"#978E82\",\"src\":{\"original\":\""
        + original
        + "\",\"large2x\":\""
        + original
        + "?dpr=2\",\"large\":\""
        + original
        + "?h=650\"},\"alt\":\"octopus\"}]}";
  }

  @Test
  void pexelsPhotoSearchSendsTheKeyOrientationAndSizeAndKeepsAttribution() {
    server.stubFor(
        get(urlPathEqualTo("/v1/search"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        pexelsPhotos(
                            4000,
                            6000,
                            server.baseUrl() + "/photos/2014422/pexels-photo-2014422.jpeg"))));
    server.stubFor(
        get(urlEqualTo("/photos/2014422/pexels-photo-2014422.jpeg"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "image/jpeg")
                    .withBody(TestMedia.jpeg(1080, 1920, Color.RED))));

    VisualSource.Found found =
        StockSources.pexelsPhotos(settings, http, usage)
            .find("run-1", scene, Aspect.VERTICAL)
            .found();

    assertThat(found.media().contentType()).isEqualTo("image/jpeg");
    assertThat(found.attribution())
        .isEqualTo(
            "Photo by Joey Farina on Pexels (https://www.pexels.com/photo/octopus-2014422/)");
    server.verify(
        getRequestedFor(urlPathEqualTo("/v1/search"))
            .withHeader("Authorization", equalTo("pexels-test-key"))
            .withQueryParam("query", equalTo("octopus ocean"))
            .withQueryParam("orientation", equalTo("portrait"))
            .withQueryParam("size", equalTo("medium")));
  }

  @Test
  void pexelsPhotosSmallerThanThePresetAreSkipped() {
    server.stubFor(
        get(urlPathEqualTo("/v1/search"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(pexelsPhotos(800, 600, server.baseUrl() + "/small.jpeg"))));

    VisualSource.Outcome outcome =
        StockSources.pexelsPhotos(settings, http, usage).find("run-1", scene, Aspect.LANDSCAPE);

    assertThat(outcome.found()).isNull();
    assertThat(outcome.miss()).isEqualTo("no photo of at least 1920x1080 for 'octopus ocean'");
  }

  @Test
  void anEmptyPexelsResultFallsBackToPixabayWithItsKeyParameter() {
    server.stubFor(
        get(urlPathEqualTo("/v1/search"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"total_results\":0,\"page\":1,\"per_page\":15,\"photos\":[]}")));
    server.stubFor(
        get(urlPathEqualTo("/api/"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"total\":1,\"totalHits\":1,\"hits\":[{\"id\":195893,\"pageURL\":\"https://pixabay.com/en/octopus-195893/\",\"type\":\"photo\","
                            + "\"largeImageURL\":\""
                            + server.baseUrl()
                            + "/get/octopus_1280.png\",\"imageWidth\":4000,\"imageHeight\":2250,\"user\":\"Josch13\"}]}")));
    server.stubFor(
        get(urlEqualTo("/get/octopus_1280.png"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "image/png")
                    .withBody(TestMedia.png(1280, 720, Color.BLUE))));
    VisualChain chain =
        new VisualChain(
            List.of(
                StockSources.pexelsPhotos(settings, http, usage),
                StockSources.pixabayPhotos(settings, http, usage)));

    VisualSource.Found found = chain.find("run-1", scene, Aspect.LANDSCAPE, 1);

    assertThat(found.provider()).isEqualTo("pixabay");
    assertThat(found.width()).isEqualTo(1280);
    assertThat(found.attribution())
        .isEqualTo("Image by Josch13 on Pixabay (https://pixabay.com/en/octopus-195893/)");
    server.verify(
        getRequestedFor(urlPathEqualTo("/api/"))
            .withQueryParam("key", equalTo("pixabay-test-key"))
            .withQueryParam("q", equalTo("octopus ocean"))
            .withQueryParam("image_type", equalTo("photo"))
            .withQueryParam("orientation", equalTo("horizontal"))
            .withQueryParam("min_width", equalTo("1920"))
            .withQueryParam("min_height", equalTo("1080")));
  }

  @Test
  void anEmptyOwnTokenBucketIsAWaitForTheSameSourceNotAFallbackToTheNext() {
    // Our own limiter has no pexels token for 1.5 s (more than the 1 s waited in place).
    ProviderHttp limited =
        new ProviderHttp(
            provider -> "pexels".equals(provider) ? Duration.ofMillis(1500) : Duration.ZERO,
            ResponseCache.NONE,
            Duration.ofSeconds(2),
            () -> 1);
    int[] fallbackCalls = {0};
    VisualSource procedural = GeneratedSources.procedural();
    VisualSource countingFallback =
        new VisualSource() {
          @Override
          public String name() {
            return procedural.name();
          }

          @Override
          public Outcome find(String runId, Scene s, Aspect aspect) {
            fallbackCalls[0]++;
            return procedural.find(runId, s, aspect);
          }
        };
    VisualChain chain =
        new VisualChain(
            List.of(StockSources.pexelsPhotos(settings, limited, usage), countingFallback));

    assertThatThrownBy(() -> chain.find("run-1", scene, Aspect.SQUARE, 1))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isFalse();
              assertThat(f.getType()).isEqualTo(ProviderFailures.OWN_RATE_LIMITED);
              assertThat(f.getNextRetryDelay()).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
              assertThat(f.getOriginalMessage()).contains("shared rate limit reached");
            });
    assertThat(fallbackCalls[0]).as("the procedural fallback was not asked").isZero();
    server.verify(0, getRequestedFor(urlPathEqualTo("/v1/search")));

    // A real miss still moves on down the chain.
    server.stubFor(
        get(urlPathEqualTo("/v1/search"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"photos\":[]}")));
    VisualSource.Found found =
        new VisualChain(List.of(StockSources.pexelsPhotos(settings, http, usage), countingFallback))
            .find("run-1", scene, Aspect.SQUARE, 1);
    assertThat(found.provider()).isEqualTo(ProceduralPictures.PROVIDER);
    assertThat(fallbackCalls[0]).isEqualTo(1);
  }

  @Test
  void noResultAnywhereIsAClearNonRetryableFailureNotAHang() {
    server.stubFor(
        get(urlPathEqualTo("/v1/search"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"photos\":[]}")));
    server.stubFor(
        get(urlPathEqualTo("/api/"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"total\":0,\"totalHits\":0,\"hits\":[]}")));
    VisualChain chain =
        new VisualChain(
            List.of(
                StockSources.pexelsPhotos(settings, http, usage),
                StockSources.pixabayPhotos(settings, http, usage)));

    assertThatThrownBy(() -> chain.find("run-1", scene, Aspect.SQUARE, 1))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getType()).isEqualTo(ProviderFailures.NO_RESULT);
              assertThat(f.getOriginalMessage())
                  .isEqualTo(
                      "no visual for scene 2 ('octopus ocean'): pexels: no photo of at least 1080x1080 for 'octopus ocean'; "
                          + "pixabay: no photo of at least 1080x1080 for 'octopus ocean'");
            });
  }

  @Test
  void aRateLimitedSourceWithNoFallbackResultMakesTheSceneRetryLater() {
    server.stubFor(
        get(urlPathEqualTo("/v1/search"))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "30")
                    .withBody("{\"error\":\"Rate limit exceeded\"}")));
    server.stubFor(
        get(urlPathEqualTo("/api/"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"total\":0,\"totalHits\":0,\"hits\":[]}")));
    VisualChain chain =
        new VisualChain(
            List.of(
                StockSources.pexelsPhotos(settings, http, usage),
                StockSources.pixabayPhotos(settings, http, usage)));

    // past the attempts that wait for the rate-limited source: Pixabay is asked, and has nothing
    int attempt = 3;
    assertThatThrownBy(() -> chain.find("run-1", scene, Aspect.SQUARE, attempt))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isFalse();
              assertThat(f.getNextRetryDelay())
                  .isBetween(Duration.ofSeconds(30), Duration.ofSeconds(33));
              assertThat(f.getOriginalMessage())
                  .contains("pexels: pexels search answered HTTP 429")
                  .contains("Rate limit exceeded")
                  .contains("still rate limited on attempt " + attempt)
                  .contains("pixabay: no photo");
            });
    server.verify(1, getRequestedFor(urlPathEqualTo("/api/")));
  }

  /** The procedural source, counting how often the chain fell back to it. */
  static final class CountingFallback implements VisualSource {
    final VisualSource procedural = GeneratedSources.procedural();
    int calls;

    @Override
    public String name() {
      return procedural.name();
    }

    @Override
    public Outcome find(String runId, Scene s, Aspect aspect) {
      calls++;
      return procedural.find(runId, s, aspect);
    }
  }

  private void pexelsAnswers429(String retryAfterSeconds) {
    server.stubFor(
        get(urlPathEqualTo("/v1/search"))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", retryAfterSeconds)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":\"Rate limit exceeded\"}")));
  }

  @Test
  void aProviders429WithAShortRetryAfterKeepsTheSceneOnThatSourceOnItsFirstAttempts() {
    pexelsAnswers429("2");
    CountingFallback fallback = new CountingFallback();
    VisualChain chain =
        new VisualChain(List.of(StockSources.pexelsPhotos(settings, http, usage), fallback));

    for (int a : new int[] {1, 2}) {
      assertThatThrownBy(() -> chain.find("run-1", scene, Aspect.SQUARE, a))
          .as("attempt %d", a)
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              f -> {
                assertThat(f.isNonRetryable()).isFalse();
                assertThat(f.getType()).isEqualTo(ProviderFailures.RATE_LIMITED);
                // Temporal retries the activity after the announced time (plus up to 10 % jitter)
                assertThat(f.getNextRetryDelay())
                    .isBetween(Duration.ofSeconds(2), Duration.ofMillis(2200));
                assertThat(f.getOriginalMessage()).contains("pexels search answered HTTP 429");
              });
    }
    assertThat(fallback.calls).as("the procedural fallback was not asked").isZero();
    server.verify(2, getRequestedFor(urlPathEqualTo("/v1/search")));
  }

  @Test
  void aProviderStillAnswering429OnTheNextAttemptIsPassedOver() {
    pexelsAnswers429("2");
    CountingFallback fallback = new CountingFallback();
    VisualChain chain =
        new VisualChain(List.of(StockSources.pexelsPhotos(settings, http, usage), fallback));

    VisualSource.Found found = chain.find("run-1", scene, Aspect.SQUARE, 3);

    assertThat(found.provider()).isEqualTo(ProceduralPictures.PROVIDER);
    assertThat(fallback.calls).isEqualTo(1);
  }

  @Test
  void aLongRetryAfterOrA5xxMovesOnAtOnce() {
    CountingFallback fallback = new CountingFallback();
    VisualChain chain =
        new VisualChain(List.of(StockSources.pexelsPhotos(settings, http, usage), fallback));

    // a wait of more than a minute is not sat out for one source
    pexelsAnswers429(Long.toString(VisualChain.MAX_RATE_LIMIT_WAIT.toSeconds() + 60));
    assertThat(chain.find("run-1", scene, Aspect.SQUARE, 1).provider())
        .isEqualTo(ProceduralPictures.PROVIDER);
    assertThat(fallback.calls).isEqualTo(1);

    // a 5xx announces no time to wait: the next source is asked on the first attempt
    server.stubFor(
        get(urlPathEqualTo("/v1/search"))
            .willReturn(aResponse().withStatus(502).withBody("bad gateway")));
    assertThat(chain.find("run-1", scene, Aspect.SQUARE, 1).provider())
        .isEqualTo(ProceduralPictures.PROVIDER);
    assertThat(fallback.calls).isEqualTo(2);
  }

  @Test
  void downloadsAreTypeCheckedAndSizeLimited() {
    server.stubFor(
        get(urlPathEqualTo("/v1/search"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(pexelsPhotos(4000, 6000, server.baseUrl() + "/fake.jpeg"))));
    server.stubFor(
        get(urlEqualTo("/fake.jpeg"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "image/jpeg")
                    .withBody("<html>not a picture</html>")));
    assertThatThrownBy(() ->
            StockSources.pexelsPhotos(settings, http, usage).find("run-1", scene, Aspect.VERTICAL))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f ->
                assertThat(f.getOriginalMessage())
                    .contains("not a supported image (unknown format)"));

    ProviderSettings small = Stubs.settings(server, Map.of("RENDEROWL_DOWNLOAD_MAX_BYTES", "1000"));
    server.stubFor(
        get(urlEqualTo("/fake.jpeg"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "image/jpeg")
                    .withBody(TestMedia.jpeg(1080, 1920, Color.RED))));
    assertThatThrownBy(() ->
            StockSources.pexelsPhotos(small, http, usage).find("run-1", scene, Aspect.VERTICAL))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains("over the limit of 1000 bytes");
            });
  }

  @Test
  void pexelsVideosPickTheSmallestMp4ThatCoversThePreset() {
    server.stubFor(
        get(urlPathEqualTo("/videos/search"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"page\":1,\"per_page\":15,\"total_results\":1,\"videos\":[{\"id\":3571264,\"width\":3840,\"height\":2160,\"duration\":12,"
                            + "\"url\":\"https://www.pexels.com/video/3571264/\",\"user\":{\"id\":1,\"name\":\"Ana\"},\"video_files\":["
                            + "{\"id\":1,\"quality\":\"sd\",\"file_type\":\"video/mp4\",\"width\":960,\"height\":540,\"link\":\""
                            + server.baseUrl()
                            + "/v/sd.mp4\"},"
                            + "{\"id\":2,\"quality\":\"uhd\",\"file_type\":\"video/mp4\",\"width\":3840,\"height\":2160,\"link\":\""
                            + server.baseUrl()
                            + "/v/uhd.mp4\"},"
                            + "{\"id\":3,\"quality\":\"hd\",\"file_type\":\"video/mp4\",\"width\":1920,\"height\":1080,\"link\":\""
                            + server.baseUrl()
                            + "/v/hd.mp4\"}]}]}")));
    byte[] mp4Header = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0};
    server.stubFor(
        get(urlEqualTo("/v/hd.mp4"))
            .willReturn(aResponse().withHeader("Content-Type", "video/mp4").withBody(mp4Header)));

    VisualSource.Found found =
        StockSources.pexelsVideos(settings, http, usage)
            .find("run-1", scene, Aspect.LANDSCAPE)
            .found();

    assertThat(found.media().mediaType()).isEqualTo("video");
    assertThat(found.width()).isEqualTo(1920);
    assertThat(found.attribution())
        .isEqualTo("Video by Ana on Pexels (https://www.pexels.com/video/3571264/)");
    server.verify(
        getRequestedFor(urlPathEqualTo("/videos/search"))
            .withHeader("Authorization", equalTo("pexels-test-key"))
            .withQueryParam("orientation", equalTo("landscape")));
  }

  @Test
  void openAiImagesSendsTheDocumentedBodyAndDecodesBase64() {
    server.stubFor(
        post(urlEqualTo("/v1/images/generations"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"created\":1731000000,\"data\":[{\"b64_json\":\""
                            + Base64.getEncoder()
                                .encodeToString(TestMedia.png(1024, 1792, Color.GREEN))
                            + "\",\"revised_prompt\":\"a red octopus\"}]}")));

    VisualSource.Found found =
        GeneratedSources.openAiImages(settings, http, usage)
            .find("run-1", scene, Aspect.VERTICAL)
            .found();

    assertThat(found.width()).isEqualTo(1024);
    assertThat(found.height()).isEqualTo(1792);
    assertThat(usage.total("images")).isEqualTo(1);
    server.verify(
        postRequestedFor(urlEqualTo("/v1/images/generations"))
            .withHeader("Authorization", equalTo("Bearer sk-test-openai"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("dall-e-3")))
            .withRequestBody(matchingJsonPath("$.size", equalTo("1024x1792")))
            .withRequestBody(matchingJsonPath("$.response_format", equalTo("b64_json")))
            .withRequestBody(
                matchingJsonPath("$.prompt", containing("a red octopus in deep blue water"))));
  }

  @Test
  void openAiImagesFollowsAUrlAnswerAndReportsAnEmptyOne() {
    server.stubFor(
        post(urlEqualTo("/v1/images/generations"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"created\":1,\"data\":[{\"url\":\""
                            + server.baseUrl()
                            + "/img/1.png\"}]}")));
    server.stubFor(
        get(urlEqualTo("/img/1.png"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "image/png")
                    .withBody(TestMedia.png(1024, 1024, Color.GRAY))));
    assertThat(
            GeneratedSources.openAiImages(settings, http, usage)
                .find("run-1", scene, Aspect.SQUARE)
                .found()
                .height())
        .isEqualTo(1024);

    server.stubFor(
        post(urlEqualTo("/v1/images/generations"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"created\":1,\"data\":[]}")));
    assertThat(
            GeneratedSources.openAiImages(settings, http, usage)
                .find("run-1", scene, Aspect.SQUARE)
                .miss())
        .contains("no image");

    server.stubFor(
        post(urlEqualTo("/v1/images/generations"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"code\":\"content_policy_violation\",\"message\":\"Your request was rejected by the safety system.\"}}")));
    assertThatThrownBy(() ->
            GeneratedSources.openAiImages(settings, http, usage)
                .find("run-1", scene, Aspect.SQUARE))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage())
                  .contains("HTTP 400")
                  .contains("rejected by the safety system");
            });
  }

  @Test
  void stabilityPostsMultipartAndAcceptsImageBytes() {
    server.stubFor(
        post(urlEqualTo("/v2beta/stable-image/generate/core"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "image/png")
                    .withHeader("finish-reason", "SUCCESS")
                    .withHeader("seed", "42")
                    .withBody(TestMedia.png(1536, 640, Color.ORANGE))));

    VisualSource.Found found =
        GeneratedSources.stability(settings, http, usage)
            .find("run-1", scene, Aspect.LANDSCAPE)
            .found();

    assertThat(found.provider()).isEqualTo("stability");
    assertThat(found.width()).isEqualTo(1536);
    server.verify(
        postRequestedFor(urlEqualTo("/v2beta/stable-image/generate/core"))
            .withHeader("Authorization", equalTo("Bearer sk-test-stability"))
            .withHeader("Accept", equalTo("image/*"))
            .withHeader("Content-Type", containing("multipart/form-data; boundary="))
            .withRequestBody(containing("name=\"prompt\"\r\n\r\na red octopus in deep blue water"))
            .withRequestBody(containing("name=\"aspect_ratio\"\r\n\r\n16:9"))
            .withRequestBody(containing("name=\"output_format\"\r\n\r\npng")));

    server.stubFor(
        post(urlEqualTo("/v2beta/stable-image/generate/core"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"id\":\"ed14db44\",\"name\":\"content_moderation\",\"errors\":[\"Your request was flagged by our content moderation system.\"]}")));
    assertThatThrownBy(() ->
            GeneratedSources.stability(settings, http, usage)
                .find("run-1", scene, Aspect.LANDSCAPE))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f ->
                assertThat(f.getOriginalMessage())
                    .contains("HTTP 403")
                    .contains("flagged by our content moderation"));
  }
}

package io.renderowl.activities.publish;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.renderowl.activities.provider.ProviderFailures;
import io.renderowl.activities.publish.linkedin.LinkedInPublisher;
import io.renderowl.infra.json.Json;
import io.renderowl.workflows.PlatformStatus;
import io.renderowl.workflows.PublishJob;
import io.renderowl.workflows.PublishState;
import io.renderowl.workflows.UploadedVideo;
import io.temporal.failure.ApplicationFailure;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * LinkedIn's Videos API (initializeUpload, parts, finalizeUpload with the ETags, status) and Posts
 * API, against stubs of the documented answers; every uploaded byte is checked.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // S3Proxy and WireMock; seconds
class LinkedInPublisherTest {
  static final int PART = 4 * 1024 * 1024;
  static final int SIZE = 2 * PART + 999;
  static final String VIDEO = "urn:li:video:C5F10AQGKQg_6y2a4sQ";
  static final String VIDEO_PATH = "/rest/videos/urn%3Ali%3Avideo%3AC5F10AQGKQg_6y2a4sQ";

  static PublishFixture fixture;
  static byte[] bytes;
  LinkedInPublisher publisher;

  @BeforeAll
  static void start() {
    fixture = new PublishFixture();
    bytes = fixture.video("renders/li.mp4", SIZE);
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @BeforeEach
  void stubs() {
    fixture.platforms.resetAll();
    publisher =
        new LinkedInPublisher(
            new PlatformHttp(Duration.ofSeconds(5)),
            fixture.settings(Map.of("LINKEDIN_VERSION", "202511")));
    String base = fixture.platforms.baseUrl();
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/rest/videos"))
            .withQueryParam("action", equalTo("initializeUpload"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"value\":{\"uploadUrlsExpireAt\":1767225600000,\"video\":\""
                            + VIDEO
                            + "\",\"uploadInstructions\":["
                            + part(base, 0, 0, PART - 1)
                            + ","
                            + part(base, 1, PART, 2 * PART - 1)
                            + ","
                            + part(base, 2, 2 * PART, SIZE - 1)
                            + "],\"uploadToken\":\"tok-upload\"}}")));
    for (int i = 0; i < 3; i++) {
      fixture.platforms.stubFor(
          put(urlPathEqualTo("/upload/part/" + i))
              .willReturn(aResponse().withStatus(200).withHeader("ETag", "/etag/" + i)));
    }
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/rest/videos"))
            .withQueryParam("action", equalTo("finalizeUpload"))
            .willReturn(aResponse().withStatus(200)));
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/rest/posts"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("x-restli-id", "urn:li:share:6844785523593134080")));
  }

  private static String part(String base, int i, long first, long last) {
    return "{\"uploadUrl\":\""
        + base
        + "/upload/part/"
        + i
        + "?sig=abc\",\"firstByte\":"
        + first
        + ",\"lastByte\":"
        + last
        + "}";
  }

  private PublishContext ctx(AccessToken token) {
    PublishJob job =
        new PublishJob(
            "run-li",
            UUID.randomUUID().toString(),
            UUID.randomUUID().toString(),
            "renders/li.mp4",
            "Owls see everything",
            "How owls see at night",
            List.of("owls"),
            UUID.randomUUID().toString(),
            "linkedin",
            "public",
            false,
            "");
    return new PublishContext(
        job,
        PublishFixture.account("linkedin", "yrZCpj2Z12"),
        token,
        new VideoSource(fixture.store, "renders/li.mp4"));
  }

  private PublishContext ctx() {
    return ctx(PublishFixture.tokens("li-token"));
  }

  private List<LoggedRequest> parts() {
    return fixture.platforms.findAll(putRequestedFor(urlPathMatching("/upload/part/.*")));
  }

  private static byte[] uploaded(List<LoggedRequest> requests) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    requests.forEach(r -> all.writeBytes(r.getBody()));
    return all.toByteArray();
  }

  private LoggedRequest only(String action) {
    List<LoggedRequest> found =
        fixture.platforms.findAll(
            postRequestedFor(urlPathEqualTo("/rest/videos"))
                .withQueryParam("action", equalTo(action)));
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  @Test
  void initializeThenEachPartToItsUrlThenFinalizeWithTheETagsInOrder() {
    UploadedVideo video = publisher.upload(ctx(), UploadProgress.inMemory());

    assertThat(video.handle()).isEqualTo(VIDEO);
    LoggedRequest init = only("initializeUpload");
    assertThat(init.getHeader("Authorization")).isEqualTo("Bearer li-token");
    assertThat(init.getHeader("LinkedIn-Version")).isEqualTo("202511");
    assertThat(init.getHeader("X-Restli-Protocol-Version")).isEqualTo("2.0.0");
    JsonNode request = Json.MAPPER.readTree(init.getBodyAsString()).path("initializeUploadRequest");
    assertThat(request.path("owner").asString()).isEqualTo("urn:li:person:yrZCpj2Z12");
    assertThat(request.path("fileSizeBytes").asLong()).isEqualTo(SIZE);
    assertThat(parts())
        .extracting(LoggedRequest::getUrl)
        .containsExactly(
            "/upload/part/0?sig=abc", "/upload/part/1?sig=abc", "/upload/part/2?sig=abc");
    assertThat(parts().get(0).getBody()).hasSize(PART);
    assertThat(uploaded(parts())).isEqualTo(bytes);
    JsonNode fin =
        Json.MAPPER
            .readTree(only("finalizeUpload").getBodyAsString())
            .path("finalizeUploadRequest");
    assertThat(fin.path("video").asString()).isEqualTo(VIDEO);
    assertThat(fin.path("uploadToken").asString()).isEqualTo("tok-upload");
    assertThat(fin.path("uploadedPartIds").toString())
        .isEqualTo("[\"/etag/0\",\"/etag/1\",\"/etag/2\"]");
  }

  @Test
  void aConnectionCutOnAPartResumesAtThatPartWithTheSameVideo() {
    fixture.platforms.stubFor(
        put(urlPathEqualTo("/upload/part/1"))
            .atPriority(1)
            .inScenario("cut")
            .whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("cut once")
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    UploadProgress progress = UploadProgress.inMemory();

    assertThatThrownBy(() -> publisher.upload(ctx(), progress))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(ProviderFailures.UNAVAILABLE));
    assertThat(progress.resumed().orElseThrow()).containsEntry("etags", "/etag/0");
    publisher.upload(ctx(), progress);

    assertThat(parts())
        .extracting(r -> r.getUrl().substring(0, 14))
        .containsExactly("/upload/part/0", "/upload/part/1", "/upload/part/1", "/upload/part/2");
    assertThat(uploaded(List.of(parts().get(0), parts().get(2), parts().get(3)))).isEqualTo(bytes);
    only("initializeUpload"); // the same video, not a new upload from byte 0
    assertThat(
            Json.MAPPER
                .readTree(only("finalizeUpload").getBodyAsString())
                .path("finalizeUploadRequest")
                .path("uploadedPartIds")
                .size())
        .isEqualTo(3);
  }

  @Test
  void a5xxOnAPartIsRetryable() {
    fixture.platforms.stubFor(
        put(urlPathEqualTo("/upload/part/2"))
            .atPriority(1)
            .willReturn(aResponse().withStatus(500).withBody("{\"message\":\"Internal error\"}")));

    assertThatThrownBy(() -> publisher.upload(ctx(), UploadProgress.inMemory()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isFalse();
              assertThat(f.getOriginalMessage()).contains("Internal error");
            });
  }

  @Test
  void aRateLimitWaitsForRetryAfter() {
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/rest/videos"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "45")
                    .withBody("{\"message\":\"Resource level throttle limit\",\"status\":429}")));

    assertThatThrownBy(() -> publisher.upload(ctx(), UploadProgress.inMemory()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ProviderFailures.RATE_LIMITED);
              assertThat(f.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(45));
            });
  }

  @Test
  void a401RefreshesTheTokenOnceAndTriesAgain() {
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/rest/videos"))
            .atPriority(1)
            .withHeader("Authorization", equalTo("Bearer stale"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody("{\"message\":\"Invalid access token\",\"status\":401}")));

    UploadedVideo video =
        publisher.upload(ctx(PublishFixture.tokens("stale", "fresh")), UploadProgress.inMemory());

    assertThat(video.handle()).isEqualTo(VIDEO);
    assertThat(only("finalizeUpload").getHeader("Authorization")).isEqualTo("Bearer fresh");
  }

  @Test
  void theVideoIsFollowedUntilAvailableAndAProcessingFailureIsRecorded() {
    UploadedVideo video = new UploadedVideo("p", VIDEO, Map.of());
    fixture.platforms.stubFor(
        get(urlPathEqualTo(VIDEO_PATH))
            .willReturn(
                aResponse().withBody("{\"id\":\"" + VIDEO + "\",\"status\":\"PROCESSING\"}")));
    assertThat(publisher.ready(ctx(), video).state()).isEqualTo(PublishState.PROCESSING);
    assertThat(
            fixture
                .platforms
                .findAll(getRequestedFor(urlPathEqualTo(VIDEO_PATH)))
                .get(0)
                .getHeader("LinkedIn-Version"))
        .isEqualTo("202511");

    fixture.platforms.stubFor(
        get(urlPathEqualTo(VIDEO_PATH))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"status\":\"PROCESSING_FAILED\",\"processingFailureReason\":"
                            + "\"INVALID_VIDEO_FORMAT\"}")));
    PlatformStatus failed = publisher.ready(ctx(), video);
    assertThat(failed.state()).isEqualTo(PublishState.FAILED);
    assertThat(failed.reason()).contains("INVALID_VIDEO_FORMAT");

    fixture.platforms.resetMappings();
    fixture.platforms.stubFor(
        get(urlPathEqualTo(VIDEO_PATH))
            .willReturn(aResponse().withBody("{\"status\":\"AVAILABLE\"}")));
    assertThat(publisher.ready(ctx(), video).state()).isEqualTo(PublishState.PUBLISHED);
  }

  @Test
  void thePostNamesTheVideoAndItsUrnComesFromXRestliId() {
    PlatformStatus posted = publisher.post(ctx(), new UploadedVideo("p", VIDEO, Map.of()));

    assertThat(posted.state()).isEqualTo(PublishState.PUBLISHED);
    assertThat(posted.remoteId()).isEqualTo("urn:li:share:6844785523593134080");
    assertThat(posted.url())
        .isEqualTo("https://www.linkedin.com/feed/update/urn:li:share:6844785523593134080/");
    List<LoggedRequest> posts =
        fixture.platforms.findAll(postRequestedFor(urlPathEqualTo("/rest/posts")));
    assertThat(posts).hasSize(1);
    assertThat(posts.get(0).getHeader("LinkedIn-Version")).isEqualTo("202511");
    assertThat(posts.get(0).getHeader("X-Restli-Protocol-Version")).isEqualTo("2.0.0");
    JsonNode body = Json.MAPPER.readTree(posts.get(0).getBodyAsString());
    assertThat(body.path("author").asString()).isEqualTo("urn:li:person:yrZCpj2Z12");
    assertThat(body.path("commentary").asString()).isEqualTo("How owls see at night #owls");
    assertThat(body.path("visibility").asString()).isEqualTo("PUBLIC");
    assertThat(body.path("lifecycleState").asString()).isEqualTo("PUBLISHED");
    assertThat(body.path("distribution").path("feedDistribution").asString())
        .isEqualTo("MAIN_FEED");
    assertThat(body.path("content").path("media").path("id").asString()).isEqualTo(VIDEO);
    assertThat(body.path("content").path("media").path("title").asString())
        .isEqualTo("Owls see everything");
  }

  @Test
  void aLostPostingAnswerIsSettledByTheAuthorsPostsNeverByPostingAgain() {
    fixture.platforms.stubFor(
        get(urlPathEqualTo("/rest/posts"))
            .withQueryParam("q", equalTo("author"))
            .withQueryParam("author", equalTo("urn:li:person:yrZCpj2Z12"))
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"elements\":[{\"id\":\"urn:li:share:1\",\"content\":{\"media\":{\"id\":"
                            + "\"urn:li:video:other\"}}},{\"id\":\"urn:li:share:2\",\"content\":"
                            + "{\"media\":{\"id\":\""
                            + VIDEO
                            + "\"}}}]}")));
    UploadedVideo video = new UploadedVideo("p", VIDEO, Map.of());

    PlatformStatus found = publisher.status(ctx(), video);

    assertThat(found.state()).isEqualTo(PublishState.PUBLISHED);
    assertThat(found.remoteId()).isEqualTo("urn:li:share:2");
    assertThat(fixture.platforms.findAll(postRequestedFor(urlPathEqualTo("/rest/posts"))))
        .isEmpty();

    fixture.platforms.stubFor(
        get(urlPathEqualTo("/rest/posts"))
            .atPriority(1)
            .willReturn(aResponse().withBody("{\"elements\":[]}")));
    assertThat(publisher.status(ctx(), video).state()).isEqualTo(PublishState.UNCONFIRMED);
  }
}

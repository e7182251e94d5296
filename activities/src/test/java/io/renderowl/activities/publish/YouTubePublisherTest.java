package io.renderowl.activities.publish;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
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
import io.renderowl.activities.provider.ProviderFailures;
import io.renderowl.activities.publish.youtube.YouTubePublisher;
import io.renderowl.infra.json.Json;
import io.renderowl.workflows.PlatformStatus;
import io.renderowl.workflows.PublishJob;
import io.renderowl.workflows.PublishState;
import io.renderowl.workflows.UploadedVideo;
import io.temporal.failure.ApplicationFailure;
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
 * YouTube's documented resumable upload, against a stub of the session that checks every byte: what
 * we send (paths, headers, the video resource, chunk boundaries and Content-Range) and how we
 * handle each answer and fault.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // S3Proxy and WireMock; seconds
class YouTubePublisherTest {
  static final int MIB = 1 << 20;
  static final int SIZE = 2 * MIB + MIB / 2 + 1000;

  static YouTubeSessions sessions;
  static PublishFixture fixture;
  static byte[] bytes;

  YouTubePublisher publisher;

  @BeforeAll
  static void start() {
    sessions = new YouTubeSessions();
    fixture = new PublishFixture(sessions);
    bytes = fixture.video("renders/yt.mp4", SIZE);
    sessions.expect(bytes);
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @BeforeEach
  void stubs() {
    fixture.platforms.resetAll();
    sessions.clear();
    publisher =
        new YouTubePublisher(
            new PlatformHttp(Duration.ofSeconds(5)),
            fixture.settings(Map.of("RENDEROWL_PUBLISH_CHUNK_MB", "1")));
    fixture.platforms.stubFor(
        put(urlPathMatching("/upload/session/.*"))
            .atPriority(5)
            .willReturn(aResponse().withTransformers(YouTubeSessions.NAME)));
  }

  private void sessionOpensAt(String path) {
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/upload/youtube/v3/videos"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Location", fixture.platforms.baseUrl() + path)));
  }

  private PublishContext ctx(String privacy, String publishAt, AccessToken token) {
    PublishJob job =
        new PublishJob(
            "run-yt",
            UUID.randomUUID().toString(),
            UUID.randomUUID().toString(),
            "renders/yt.mp4",
            "Owls <see> everything",
            "How owls see at night",
            List.of("owls", "nature"),
            UUID.randomUUID().toString(),
            "youtube",
            privacy,
            false,
            publishAt);
    return new PublishContext(
        job,
        PublishFixture.account("youtube", "UC123"),
        token,
        new VideoSource(fixture.store, "renders/yt.mp4"));
  }

  private PublishContext ctx() {
    return ctx("public", "", PublishFixture.tokens("tok-1"));
  }

  private List<String> putRanges() {
    return fixture
        .platforms
        .findAll(putRequestedFor(urlPathMatching("/upload/session/.*")))
        .stream()
        .map(r -> r.getHeader("Content-Range"))
        .toList();
  }

  @Test
  void theVideoGoesUpInWholeQuarterMebibyteChunksAfterItsResource() {
    sessionOpensAt("/upload/session/a");

    UploadedVideo video = publisher.upload(ctx(), UploadProgress.inMemory());

    assertThat(video.handle()).isEqualTo("vid-123");
    assertThat(putRanges())
        .containsExactly(
            "bytes 0-1048575/" + SIZE,
            "bytes 1048576-2097151/" + SIZE,
            "bytes 2097152-" + (SIZE - 1) + "/" + SIZE);
    assertThat(sessions.received("/upload/session/a")).isEqualTo(SIZE);
    var init =
        fixture.platforms.findAll(postRequestedFor(urlPathEqualTo("/upload/youtube/v3/videos")));
    assertThat(init).hasSize(1);
    assertThat(init.get(0).getUrl())
        .isEqualTo("/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status");
    assertThat(init.get(0).getHeader("Authorization")).isEqualTo("Bearer tok-1");
    assertThat(init.get(0).getHeader("X-Upload-Content-Length")).isEqualTo(Integer.toString(SIZE));
    assertThat(init.get(0).getHeader("X-Upload-Content-Type")).isEqualTo("video/mp4");
    JsonNode resource = Json.MAPPER.readTree(init.get(0).getBodyAsString());
    assertThat(resource.path("snippet").path("title").asString()).isEqualTo("Owls see everything");
    assertThat(resource.path("snippet").path("categoryId").asString()).isEqualTo("22");
    assertThat(resource.path("snippet").path("tags").toString()).isEqualTo("[\"owls\",\"nature\"]");
    assertThat(resource.path("status").path("privacyStatus").asString()).isEqualTo("public");
    assertThat(resource.path("status").path("selfDeclaredMadeForKids").isBoolean()).isTrue();
    assertThat(resource.path("status").has("publishAt")).isFalse();
  }

  @Test
  void a5xxOnAChunkIsResumedFromTheSessionsOffsetNotFromByteZero() {
    sessionOpensAt("/upload/session/b");
    fixture.platforms.stubFor(
        put(urlPathEqualTo("/upload/session/b"))
            .atPriority(1)
            .withHeader("Content-Range", matching("bytes 1048576-.*"))
            .inScenario("5xx")
            .whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("failed once")
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withBody("{\"error\":{\"message\":\"backend error\"}}")));
    UploadProgress progress = UploadProgress.inMemory();

    assertThatThrownBy(() -> publisher.upload(ctx(), progress))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ProviderFailures.UNAVAILABLE);
              assertThat(f.isNonRetryable()).isFalse();
              assertThat(f.getOriginalMessage()).contains("HTTP 503").contains("backend error");
            });
    UploadedVideo video = publisher.upload(ctx(), progress); // the activity's next attempt

    assertThat(video.handle()).isEqualTo("vid-123");
    assertThat(putRanges())
        .containsExactly(
            "bytes 0-1048575/" + SIZE,
            "bytes 1048576-2097151/" + SIZE,
            "bytes */" + SIZE,
            "bytes 1048576-2097151/" + SIZE,
            "bytes 2097152-" + (SIZE - 1) + "/" + SIZE);
    assertThat(
            fixture.platforms.findAll(
                postRequestedFor(urlPathEqualTo("/upload/youtube/v3/videos"))))
        .hasSize(1);
  }

  @Test
  void aConnectionCutMidUploadResumesWhereTheSessionStands() {
    sessionOpensAt("/upload/session/c");
    fixture.platforms.stubFor(
        put(urlPathEqualTo("/upload/session/c"))
            .atPriority(1)
            .withHeader("Content-Range", matching("bytes 2097152-.*"))
            .inScenario("cut")
            .whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("cut once")
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    UploadProgress progress = UploadProgress.inMemory();

    assertThatThrownBy(() -> publisher.upload(ctx(), progress))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(ProviderFailures.UNAVAILABLE));
    assertThat(progress.resumed().orElseThrow()).containsEntry("offset", "2097152");
    publisher.upload(ctx(), progress);

    assertThat(putRanges().subList(3, putRanges().size()))
        .containsExactly("bytes */" + SIZE, "bytes 2097152-" + (SIZE - 1) + "/" + SIZE);
    assertThat(sessions.received("/upload/session/c")).isEqualTo(SIZE);
  }

  @Test
  void anExpiredSessionStartsANewOneFromByteZero() {
    sessionOpensAt("/upload/session/d");
    fixture.platforms.stubFor(
        put(urlPathEqualTo("/upload/session/expired"))
            .atPriority(1)
            .willReturn(aResponse().withStatus(404)));
    UploadProgress progress = UploadProgress.inMemory();
    progress.save(
        Map.of(
            "session",
            fixture.platforms.baseUrl() + "/upload/session/expired",
            "offset",
            "1048576"));

    UploadedVideo video = publisher.upload(ctx(), progress);

    assertThat(video.handle()).isEqualTo("vid-123");
    assertThat(sessions.received("/upload/session/d")).isEqualTo(SIZE);
    assertThat(putRanges().get(0)).isEqualTo("bytes */" + SIZE);
    assertThat(putRanges().get(1)).isEqualTo("bytes 0-1048575/" + SIZE);
  }

  @Test
  void quotaExceededIsAClearRefusalWithYouTubesMessage() {
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/upload/youtube/v3/videos"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withBody(
                        "{\"error\":{\"code\":403,\"message\":\"The request cannot be completed"
                            + " because you have exceeded your quota.\",\"errors\":[{\"reason\":"
                            + "\"quotaExceeded\",\"domain\":\"youtube.quota\"}]}}")));

    assertThatThrownBy(() -> publisher.upload(ctx(), UploadProgress.inMemory()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage())
                  .contains("quotaExceeded")
                  .contains("exceeded your quota")
                  .doesNotContain("tok-1");
            });
  }

  @Test
  void aRateLimitIsRetriedAfterItsRetryAfter() {
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/upload/youtube/v3/videos"))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));

    assertThatThrownBy(() -> publisher.upload(ctx(), UploadProgress.inMemory()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ProviderFailures.RATE_LIMITED);
              assertThat(f.isNonRetryable()).isFalse();
              assertThat(f.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(30));
            });
  }

  @Test
  void a401RefreshesTheTokenOnceAndTriesAgain() {
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/upload/youtube/v3/videos"))
            .withHeader("Authorization", equalTo("Bearer expired"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody("{\"error\":{\"message\":\"Invalid Credentials\"}}")));
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/upload/youtube/v3/videos"))
            .withHeader("Authorization", equalTo("Bearer fresh"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Location", fixture.platforms.baseUrl() + "/upload/session/e")));

    UploadedVideo video =
        publisher.upload(
            ctx("public", "", PublishFixture.tokens("expired", "fresh")),
            UploadProgress.inMemory());

    assertThat(video.handle()).isEqualTo("vid-123");
    assertThat(
            fixture.platforms.findAll(
                postRequestedFor(urlPathEqualTo("/upload/youtube/v3/videos"))))
        .hasSize(2);
  }

  @Test
  void a401AfterTheRefreshAsksToReconnectTheAccount() {
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/upload/youtube/v3/videos")).willReturn(aResponse().withStatus(401)));

    assertThatThrownBy(() ->
            publisher.upload(
                ctx("public", "", PublishFixture.tokens("a", "b")), UploadProgress.inMemory()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains("connect the account again");
            });
  }

  @Test
  void processingIsFollowedUntilProcessedOrFailed() {
    UploadedVideo video = new UploadedVideo("p", "vid-123", Map.of());
    fixture.platforms.stubFor(
        get(urlPathEqualTo("/youtube/v3/videos"))
            .inScenario("processing")
            .whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("processed")
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"items\":[{\"id\":\"vid-123\",\"status\":{\"uploadStatus\":\"uploaded\"}}]}")));
    fixture.platforms.stubFor(
        get(urlPathEqualTo("/youtube/v3/videos"))
            .inScenario("processing")
            .whenScenarioStateIs("processed")
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"items\":[{\"id\":\"vid-123\",\"status\":{\"uploadStatus\":\"processed\"}}]}")));

    PlatformStatus first = publisher.status(ctx(), video);
    PlatformStatus second = publisher.status(ctx(), video);

    assertThat(first.state()).isEqualTo(PublishState.PROCESSING);
    assertThat(second.state()).isEqualTo(PublishState.PUBLISHED);
    assertThat(second.url()).isEqualTo("https://www.youtube.com/watch?v=vid-123");
    var asked =
        fixture.platforms.findAll(
            com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                urlPathEqualTo("/youtube/v3/videos")));
    assertThat(asked.get(0).queryParameter("part").firstValue())
        .isEqualTo("status,processingDetails");
    assertThat(asked.get(0).queryParameter("id").firstValue()).isEqualTo("vid-123");

    fixture.platforms.stubFor(
        get(urlPathEqualTo("/youtube/v3/videos"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"items\":[{\"id\":\"vid-123\",\"status\":{\"uploadStatus\":\"failed\","
                            + "\"failureReason\":\"codec\"}}]}")));
    PlatformStatus failed = publisher.status(ctx(), video);
    assertThat(failed.state()).isEqualTo(PublishState.FAILED);
    assertThat(failed.reason()).contains("codec");
  }

  @Test
  void publishAtIsSentOnlyWithAPrivateVideoAndMadeForKidsAlways() {
    sessionOpensAt("/upload/session/f");
    publisher.upload(
        ctx("private", "2030-01-01T10:00:00Z", PublishFixture.tokens("tok")),
        UploadProgress.inMemory());
    sessionOpensAt("/upload/session/g");
    publisher.upload(
        ctx("unlisted", "2030-01-01T10:00:00Z", PublishFixture.tokens("tok")),
        UploadProgress.inMemory());

    var init =
        fixture.platforms.findAll(postRequestedFor(urlPathEqualTo("/upload/youtube/v3/videos")));
    JsonNode privateOne = Json.MAPPER.readTree(init.get(0).getBodyAsString()).path("status");
    JsonNode unlisted = Json.MAPPER.readTree(init.get(1).getBodyAsString()).path("status");
    assertThat(privateOne.path("publishAt").asString()).isEqualTo("2030-01-01T10:00:00Z");
    assertThat(unlisted.has("publishAt")).isFalse();
    assertThat(unlisted.path("selfDeclaredMadeForKids").asBoolean(true)).isFalse();
  }
}

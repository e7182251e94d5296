package io.renderowl.activities.publish;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.matching.MultipartValuePatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.renderowl.activities.provider.ProviderFailures;
import io.renderowl.activities.publish.x.XPublisher;
import io.renderowl.infra.json.Json;
import io.renderowl.workflows.PlatformStatus;
import io.renderowl.workflows.PublishJob;
import io.renderowl.workflows.PublishState;
import io.renderowl.workflows.UploadedVideo;
import io.temporal.failure.ApplicationFailure;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
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
 * X's chunked media upload (initialize / append / finalize / STATUS) and {@code POST /2/tweets},
 * against stubs of the documented answers; every appended byte is checked.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // S3Proxy and WireMock; seconds
class XPublisherTest {
  static final int MIB = 1 << 20;
  static final int SIZE = 9 * MIB + 4321; // three 4 MiB segments, the last short
  static final String MEDIA = "1880028106020515840";
  static final String APPEND = "/2/media/upload/" + MEDIA + "/append";

  static PublishFixture fixture;
  static byte[] bytes;
  XPublisher publisher;

  @BeforeAll
  static void start() {
    fixture = new PublishFixture();
    bytes = fixture.video("renders/x.mp4", SIZE);
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @BeforeEach
  void stubs() {
    fixture.platforms.resetAll();
    publisher =
        new XPublisher(
            new PlatformHttp(Duration.ofSeconds(5)),
            fixture.settings(Map.of("RENDEROWL_PUBLISH_CHUNK_MB", "8")));
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/2/media/upload/initialize"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"data\":{\"id\":\""
                            + MEDIA
                            + "\",\"media_key\":\"13_"
                            + MEDIA
                            + "\",\"expires_after_secs\":1295999}}")));
    fixture.platforms.stubFor(
        post(urlPathEqualTo(APPEND))
            .willReturn(aResponse().withBody("{\"data\":{\"expires_at\":1767225600}}")));
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/2/media/upload/" + MEDIA + "/finalize"))
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"data\":{\"id\":\""
                            + MEDIA
                            + "\",\"media_key\":\"13_"
                            + MEDIA
                            + "\",\"size\":"
                            + SIZE
                            + ",\"processing_info\":{\"state\":\"pending\",\"check_after_secs\":1}}}")));
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/2/tweets"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withBody(
                        "{\"data\":{\"id\":\"1445880548472328192\",\"text\":\"Owls see\"}}")));
  }

  private PublishContext ctx(AccessToken token) {
    PublishJob job =
        new PublishJob(
            "run-x",
            UUID.randomUUID().toString(),
            UUID.randomUUID().toString(),
            "renders/x.mp4",
            "Owls see everything",
            "",
            List.of("owls", "night sky"),
            UUID.randomUUID().toString(),
            "x",
            "public",
            false,
            "");
    return new PublishContext(
        job,
        PublishFixture.account("x", "2244994945"),
        token,
        new VideoSource(fixture.store, "renders/x.mp4"));
  }

  private PublishContext ctx() {
    return ctx(PublishFixture.tokens("x-user-token"));
  }

  private List<LoggedRequest> appends() {
    return fixture.platforms.findAll(postRequestedFor(urlPathEqualTo(APPEND)));
  }

  private static String segmentIndex(LoggedRequest r) {
    return r.getPart("segment_index").getBody().asString();
  }

  private static byte[] media(List<LoggedRequest> requests) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (LoggedRequest r : requests) {
      all.writeBytes(r.getPart("media").getBody().asBytes());
    }
    return all.toByteArray();
  }

  @Test
  void initializeThenEachSegmentWithItsIndexThenFinalize() {
    UploadedVideo video = publisher.upload(ctx(), UploadProgress.inMemory());

    assertThat(video.handle()).isEqualTo(MEDIA);
    assertThat(video.details()).containsEntry("media_key", "13_" + MEDIA);
    LoggedRequest init =
        fixture
            .platforms
            .findAll(postRequestedFor(urlPathEqualTo("/2/media/upload/initialize")))
            .get(0);
    assertThat(init.getHeader("Authorization")).isEqualTo("Bearer x-user-token");
    JsonNode body = Json.MAPPER.readTree(init.getBodyAsString());
    assertThat(body.path("media_type").asString()).isEqualTo("video/mp4");
    assertThat(body.path("total_bytes").asLong()).isEqualTo(SIZE);
    assertThat(body.path("media_category").asString()).isEqualTo("amplify_video");
    assertThat(appends()).extracting(XPublisherTest::segmentIndex).containsExactly("0", "1", "2");
    assertThat(appends().get(0).getHeader("Content-Type")).startsWith("multipart/form-data");
    assertThat(appends().get(0).getPart("media").getBody().asBytes()).hasSize(4 * MIB);
    assertThat(media(appends())).isEqualTo(bytes);
    assertThat(
            fixture.platforms.findAll(
                postRequestedFor(urlPathEqualTo("/2/media/upload/" + MEDIA + "/finalize"))))
        .hasSize(1);
  }

  @Test
  void aConnectionCutOnASegmentSendsThatSegmentAgainNotTheWholeVideo() {
    fixture.platforms.stubFor(
        post(urlPathEqualTo(APPEND))
            .atPriority(1)
            .withMultipartRequestBody(
                new MultipartValuePatternBuilder().withName("segment_index").withBody(equalTo("1")))
            .inScenario("cut")
            .whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("cut once")
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    UploadProgress progress = UploadProgress.inMemory();

    assertThatThrownBy(() -> publisher.upload(ctx(), progress))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(ProviderFailures.UNAVAILABLE));
    assertThat(progress.resumed().orElseThrow()).containsEntry("next_segment", "1");
    publisher.upload(ctx(), progress);

    assertThat(appends())
        .extracting(XPublisherTest::segmentIndex)
        .containsExactly("0", "1", "1", "2");
    List<LoggedRequest> delivered = List.of(appends().get(0), appends().get(2), appends().get(3));
    assertThat(media(delivered)).isEqualTo(bytes);
    assertThat(
            fixture.platforms.findAll(
                postRequestedFor(urlPathEqualTo("/2/media/upload/initialize"))))
        .hasSize(1);
  }

  @Test
  void a5xxOnASegmentIsRetryableAndResumesAtThatSegment() {
    fixture.platforms.stubFor(
        post(urlPathEqualTo(APPEND))
            .atPriority(1)
            .withMultipartRequestBody(
                new MultipartValuePatternBuilder().withName("segment_index").withBody(equalTo("2")))
            .inScenario("5xx")
            .whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("failed once")
            .willReturn(
                aResponse().withStatus(503).withBody("{\"title\":\"Service Unavailable\"}")));
    UploadProgress progress = UploadProgress.inMemory();

    assertThatThrownBy(() -> publisher.upload(ctx(), progress))
        .isInstanceOfSatisfying(
            ApplicationFailure.class, f -> assertThat(f.isNonRetryable()).isFalse());
    publisher.upload(ctx(), progress);

    assertThat(appends())
        .extracting(XPublisherTest::segmentIndex)
        .containsExactly("0", "1", "2", "2");
  }

  @Test
  void aRateLimitWaitsUntilXRateLimitReset() {
    long reset = Instant.now().plusSeconds(120).getEpochSecond();
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/2/media/upload/initialize"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("x-rate-limit-reset", Long.toString(reset))
                    .withBody(
                        "{\"title\":\"Too Many Requests\",\"detail\":\"Too Many Requests\"}")));

    assertThatThrownBy(() -> publisher.upload(ctx(), UploadProgress.inMemory()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ProviderFailures.RATE_LIMITED);
              assertThat(f.getNextRetryDelay())
                  .isBetween(Duration.ofSeconds(100), Duration.ofSeconds(121));
            });
  }

  @Test
  void a401RefreshesTheTokenOnceAndTriesAgain() {
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/2/media/upload/initialize"))
            .atPriority(1)
            .withHeader("Authorization", equalTo("Bearer stale"))
            .willReturn(aResponse().withStatus(401).withBody("{\"title\":\"Unauthorized\"}")));

    UploadedVideo video =
        publisher.upload(ctx(PublishFixture.tokens("stale", "fresh")), UploadProgress.inMemory());

    assertThat(video.handle()).isEqualTo(MEDIA);
    assertThat(appends().get(0).getHeader("Authorization")).isEqualTo("Bearer fresh");
  }

  @Test
  void processingIsFollowedWithCheckAfterSecsUntilSucceededOrFailed() {
    UploadedVideo video = new UploadedVideo("p", MEDIA, Map.of("media_key", "13_" + MEDIA));
    fixture.platforms.stubFor(
        get(urlPathEqualTo("/2/media/upload"))
            .withQueryParam("command", equalTo("STATUS"))
            .withQueryParam("media_id", equalTo(MEDIA))
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"data\":{\"id\":\""
                            + MEDIA
                            + "\",\"processing_info\":{\"state\":\"in_progress\","
                            + "\"check_after_secs\":7,\"progress_percent\":40}}}")));

    PlatformStatus pending = publisher.ready(ctx(), video);
    assertThat(pending.state()).isEqualTo(PublishState.PROCESSING);
    assertThat(pending.pollAfterSeconds()).isEqualTo(7);

    fixture.platforms.stubFor(
        get(urlPathEqualTo("/2/media/upload"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"data\":{\"processing_info\":{\"state\":\"failed\",\"error\":"
                            + "{\"code\":1,\"name\":\"InvalidMedia\",\"message\":\"Unsupported"
                            + " video format\"}}}}")));
    PlatformStatus failed = publisher.ready(ctx(), video);
    assertThat(failed.state()).isEqualTo(PublishState.FAILED);
    assertThat(failed.reason()).contains("Unsupported video format");

    fixture.platforms.resetMappings();
    fixture.platforms.stubFor(
        get(urlPathEqualTo("/2/media/upload"))
            .willReturn(
                aResponse()
                    .withBody("{\"data\":{\"processing_info\":{\"state\":\"succeeded\"}}}")));
    assertThat(publisher.ready(ctx(), video).state()).isEqualTo(PublishState.PUBLISHED);
  }

  @Test
  void thePostCarriesTheMediaIdAndTheTextWithHashtags() {
    PlatformStatus posted =
        publisher.post(ctx(), new UploadedVideo("p", MEDIA, Map.of("media_key", "13_" + MEDIA)));

    assertThat(posted.state()).isEqualTo(PublishState.PUBLISHED);
    assertThat(posted.remoteId()).isEqualTo("1445880548472328192");
    assertThat(posted.url()).isEqualTo("https://x.com/owlchannel/status/1445880548472328192");
    List<LoggedRequest> posts =
        fixture.platforms.findAll(postRequestedFor(urlPathEqualTo("/2/tweets")));
    assertThat(posts).hasSize(1);
    assertThat(posts.get(0).getHeader("Authorization")).isEqualTo("Bearer x-user-token");
    JsonNode body = Json.MAPPER.readTree(posts.get(0).getBodyAsString());
    assertThat(body.path("text").asString()).isEqualTo("Owls see everything #owls #nightsky");
    assertThat(body.path("media").path("media_ids").toString()).isEqualTo("[\"" + MEDIA + "\"]");
  }

  @Test
  void aLostPostingAnswerIsSettledByTheAccountsRecentPostsNeverByPostingAgain() {
    fixture.platforms.stubFor(
        get(urlPathEqualTo("/2/users/2244994945/tweets"))
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"data\":[{\"id\":\"1\",\"text\":\"other\"},{\"id\":\"1445880548472328192\","
                            + "\"text\":\"Owls\",\"attachments\":{\"media_keys\":[\"13_"
                            + MEDIA
                            + "\"]}}]}")));
    UploadedVideo video = new UploadedVideo("p", MEDIA, Map.of("media_key", "13_" + MEDIA));

    PlatformStatus found = publisher.status(ctx(), video);

    assertThat(found.state()).isEqualTo(PublishState.PUBLISHED);
    assertThat(found.remoteId()).isEqualTo("1445880548472328192");
    LoggedRequest asked =
        fixture
            .platforms
            .findAll(getRequestedFor(urlPathEqualTo("/2/users/2244994945/tweets")))
            .get(0);
    assertThat(asked.queryParameter("expansions").firstValue()).isEqualTo("attachments.media_keys");
    assertThat(fixture.platforms.findAll(postRequestedFor(urlPathEqualTo("/2/tweets")))).isEmpty();

    fixture.platforms.stubFor(
        get(urlPathEqualTo("/2/users/2244994945/tweets"))
            .atPriority(1)
            .willReturn(aResponse().withBody("{\"data\":[]}")));
    assertThat(publisher.status(ctx(), video).state()).isEqualTo(PublishState.UNCONFIRMED);
  }
}

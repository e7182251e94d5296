package io.renderowl.activities.publish;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.renderowl.activities.provider.ProviderFailures;
import io.renderowl.activities.publish.tiktok.TikTokPublisher;
import io.renderowl.infra.json.Json;
import io.renderowl.workflows.Failures;
import io.renderowl.workflows.PlatformStatus;
import io.renderowl.workflows.PublishJob;
import io.renderowl.workflows.PublishState;
import io.renderowl.workflows.UploadedVideo;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Arrays;
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
 * TikTok's Content Posting API (direct post, FILE_UPLOAD), against stubs of its documented answers.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // S3Proxy and WireMock; seconds
class TikTokPublisherTest {
  static final int MIB = 1 << 20;
  static final int SIZE = 12 * MIB + 123;
  static final String OK =
      "\"error\":{\"code\":\"ok\",\"message\":\"\",\"log_id\":\"202612031200\"}";

  static PublishFixture fixture;
  static byte[] bytes;
  TikTokPublisher publisher;

  @BeforeAll
  static void start() {
    fixture = new PublishFixture();
    bytes = fixture.video("renders/tt.mp4", SIZE);
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @BeforeEach
  void stubs() {
    fixture.platforms.resetAll();
    publisher =
        new TikTokPublisher(
            new PlatformHttp(Duration.ofSeconds(5)),
            fixture.settings(Map.of("RENDEROWL_PUBLISH_CHUNK_MB", "5")));
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/v2/post/publish/creator_info/query/"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"data\":{\"creator_username\":\"owlchannel\",\"privacy_level_options\":"
                            + "[\"PUBLIC_TO_EVERYONE\",\"MUTUAL_FOLLOW_FRIENDS\",\"SELF_ONLY\"],"
                            + "\"max_video_post_duration_sec\":600},"
                            + OK
                            + "}")));
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/v2/post/publish/video/init/"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"data\":{\"publish_id\":\"v_pub_file~v2-1.7\",\"upload_url\":\""
                            + fixture.platforms.baseUrl()
                            + "/video/upload/abc\"},"
                            + OK
                            + "}")));
    fixture.platforms.stubFor(
        put(urlPathEqualTo("/video/upload/abc")).willReturn(aResponse().withStatus(206)));
    fixture.platforms.stubFor(
        put(urlPathEqualTo("/video/upload/abc"))
            .withHeader("Content-Range", matching("bytes \\d+-" + (SIZE - 1) + "/" + SIZE))
            .willReturn(aResponse().withStatus(201)));
  }

  private PublishContext ctx(String privacy) {
    PublishJob job =
        new PublishJob(
            "run-tt",
            UUID.randomUUID().toString(),
            UUID.randomUUID().toString(),
            "renders/tt.mp4",
            "Owls see everything",
            "",
            List.of("owls"),
            UUID.randomUUID().toString(),
            "tiktok",
            privacy,
            false,
            "");
    return new PublishContext(
        job,
        PublishFixture.account("tiktok", "open-id-1"),
        PublishFixture.tokens("act.tok"),
        new VideoSource(fixture.store, "renders/tt.mp4"));
  }

  private List<LoggedRequest> chunks() {
    return fixture.platforms.findAll(putRequestedFor(urlPathEqualTo("/video/upload/abc")));
  }

  @Test
  void theDocumentedChunkRulesAreKept() {
    long mb = 1_000_000;
    assertThat(chunking(3 * mb, 8L * MIB)).containsExactly(3 * mb, 1); // under 5 MB: whole
    assertThat(chunking(SIZE, 5L * MIB)).containsExactly(5L * MIB, 2); // last takes the rest
    assertThat(chunking(500L * MIB, 10L * MIB)).containsExactly(10L * MIB, 50);
    assertThat(chunking(70 * mb, 64L * MIB)).containsExactly(64 * mb, 1); // at most 64 MB
    assertThat(chunking(30 * mb, 64L * MIB)).containsExactly(30 * mb, 1); // under one chunk
    assertThat(chunking(10_000L * MIB, 5L * MIB)[1]).isLessThanOrEqualTo(1000);
  }

  private static long[] chunking(long size, long preferred) {
    try {
      var m = TikTokPublisher.class.getDeclaredMethod("chunking", long.class, long.class);
      m.setAccessible(true);
      return (long[]) m.invoke(null, size, preferred);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void creatorInfoThenInitThenTheChunksWithContentRange() {
    UploadedVideo video = publisher.upload(ctx("public"), UploadProgress.inMemory());

    assertThat(video.handle()).isEqualTo("v_pub_file~v2-1.7");
    List<LoggedRequest> asked =
        fixture.platforms.findAll(
            postRequestedFor(urlPathEqualTo("/v2/post/publish/creator_info/query/")));
    assertThat(asked).hasSize(1);
    assertThat(asked.get(0).getHeader("Authorization")).isEqualTo("Bearer act.tok");
    LoggedRequest init =
        fixture
            .platforms
            .findAll(postRequestedFor(urlPathEqualTo("/v2/post/publish/video/init/")))
            .get(0);
    assertThat(init.getHeader("Content-Type")).startsWith("application/json");
    JsonNode body = Json.MAPPER.readTree(init.getBodyAsString());
    assertThat(body.path("post_info").path("privacy_level").asString())
        .isEqualTo("PUBLIC_TO_EVERYONE");
    assertThat(body.path("post_info").path("title").asString())
        .isEqualTo("Owls see everything #owls");
    assertThat(body.path("source_info").path("source").asString()).isEqualTo("FILE_UPLOAD");
    assertThat(body.path("source_info").path("video_size").asLong()).isEqualTo(SIZE);
    assertThat(body.path("source_info").path("chunk_size").asLong()).isEqualTo(5L * MIB);
    assertThat(body.path("source_info").path("total_chunk_count").asLong()).isEqualTo(2);
    assertThat(chunks())
        .extracting(r -> r.getHeader("Content-Range"))
        .containsExactly("bytes 0-5242879/" + SIZE, "bytes 5242880-" + (SIZE - 1) + "/" + SIZE);
    assertThat(chunks().get(0).getHeader("Content-Type")).isEqualTo("video/mp4");
    assertThat(chunks().get(0).getHeader("Authorization")).isNull(); // the URL carries the grant
    assertThat(chunks().get(0).getBody()).isEqualTo(Arrays.copyOfRange(bytes, 0, 5 * MIB));
    assertThat(chunks().get(1).getBody()).isEqualTo(Arrays.copyOfRange(bytes, 5 * MIB, SIZE));
  }

  @Test
  void aDraftGoesToTheInboxEndpointWithoutPostInfo() {
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/v2/post/publish/inbox/video/init/"))
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"data\":{\"publish_id\":\"v_inbox~1\",\"upload_url\":\""
                            + fixture.platforms.baseUrl()
                            + "/video/upload/abc\"},"
                            + OK
                            + "}")));

    UploadedVideo video = publisher.upload(ctx("draft"), UploadProgress.inMemory());

    assertThat(video.handle()).isEqualTo("v_inbox~1");
    JsonNode body =
        Json.MAPPER.readTree(
            fixture
                .platforms
                .findAll(postRequestedFor(urlPathEqualTo("/v2/post/publish/inbox/video/init/")))
                .get(0)
                .getBodyAsString());
    assertThat(body.has("post_info")).isFalse();
  }

  @Test
  void a5xxOnAChunkResumesAtThatChunkWithoutANewInit() {
    fixture.platforms.stubFor(
        put(urlPathEqualTo("/video/upload/abc"))
            .atPriority(1)
            .withHeader("Content-Range", matching("bytes 5242880-.*"))
            .inScenario("5xx")
            .whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("failed once")
            .willReturn(aResponse().withStatus(502)));
    UploadProgress progress = UploadProgress.inMemory();

    assertThatThrownBy(() -> publisher.upload(ctx("public"), progress))
        .isInstanceOfSatisfying(
            ApplicationFailure.class, f -> assertThat(f.isNonRetryable()).isFalse());
    publisher.upload(ctx("public"), progress);

    assertThat(chunks())
        .extracting(r -> r.getHeader("Content-Range"))
        .containsExactly(
            "bytes 0-5242879/" + SIZE,
            "bytes 5242880-" + (SIZE - 1) + "/" + SIZE,
            "bytes 5242880-" + (SIZE - 1) + "/" + SIZE);
    assertThat(
            fixture.platforms.findAll(
                postRequestedFor(urlPathEqualTo("/v2/post/publish/video/init/"))))
        .hasSize(1);
  }

  @Test
  void rateLimitExceededIsRetriedLater() {
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/v2/post/publish/video/init/"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "12")
                    .withBody(
                        "{\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"API rate limit"
                            + " was exceeded\",\"log_id\":\"x\"}}")));

    assertThatThrownBy(() -> publisher.upload(ctx("public"), UploadProgress.inMemory()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ProviderFailures.RATE_LIMITED);
              assertThat(f.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(12));
            });
  }

  @Test
  void tooManyPendingSharesIsAClearRefusal() {
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/v2/post/publish/video/init/"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withBody(
                        "{\"error\":{\"code\":\"spam_risk_too_many_pending_share\",\"message\":"
                            + "\"The user has too many pending shares\",\"log_id\":\"x\"}}")));

    assertThatThrownBy(() -> publisher.upload(ctx("public"), UploadProgress.inMemory()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage())
                  .contains("spam_risk_too_many_pending_share")
                  .contains("too many pending shares");
            });
  }

  @Test
  void aPrivacyTheCreatorDoesNotOfferIsRefusedBeforeAnythingIsSent() {
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/v2/post/publish/creator_info/query/"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"data\":{\"privacy_level_options\":[\"SELF_ONLY\"]}," + OK + "}")));

    assertThatThrownBy(() -> publisher.upload(ctx("public"), UploadProgress.inMemory()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(Failures.INVALID_INPUT);
              assertThat(f.getOriginalMessage())
                  .contains("PUBLIC_TO_EVERYONE")
                  .contains("SELF_ONLY");
            });
    assertThat(chunks()).isEmpty();
  }

  @Test
  void aVideoLongerThanTheCreatorsMaximumIsRefusedBeforeAnyUpload() {
    PublishContext plain = ctx("public");
    PublishContext tooLong =
        new PublishContext(
            plain.job(), plain.account(), plain.token(), plain.video().withDuration(600.5));

    assertThatThrownBy(() -> publisher.upload(tooLong, UploadProgress.inMemory()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(Failures.INVALID_INPUT);
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage())
                  .contains("at most 600 s")
                  .contains("max_video_post_duration_sec")
                  .contains("600.5 s");
            });
    assertThat(
            fixture.platforms.findAll(
                postRequestedFor(urlPathEqualTo("/v2/post/publish/video/init/"))))
        .isEmpty();
    assertThat(chunks()).isEmpty();

    PublishContext fits =
        new PublishContext(
            plain.job(), plain.account(), plain.token(), plain.video().withDuration(599));
    assertThat(publisher.upload(fits, UploadProgress.inMemory()).handle())
        .isEqualTo("v_pub_file~v2-1.7");
  }

  @Test
  void statusIsFetchedUntilPublishCompleteOrFailed() {
    UploadedVideo video = new UploadedVideo("p", "v_pub_file~v2-1.7", Map.of());
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/v2/post/publish/status/fetch/"))
            .inScenario("status")
            .whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("done")
            .willReturn(
                aResponse().withBody("{\"data\":{\"status\":\"PROCESSING_UPLOAD\"}," + OK + "}")));
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/v2/post/publish/status/fetch/"))
            .inScenario("status")
            .whenScenarioStateIs("done")
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"data\":{\"status\":\"PUBLISH_COMPLETE\",\"publicaly_available_post_id\":"
                            + "[7300000000000000001]},"
                            + OK
                            + "}")));

    assertThat(publisher.status(ctx("public"), video).state()).isEqualTo(PublishState.PROCESSING);
    PlatformStatus done = publisher.status(ctx("public"), video);

    assertThat(done.state()).isEqualTo(PublishState.PUBLISHED);
    assertThat(done.remoteId()).isEqualTo("7300000000000000001");
    assertThat(done.url())
        .isEqualTo("https://www.tiktok.com/@owlchannel/video/7300000000000000001");
    assertThat(
            fixture
                .platforms
                .findAll(postRequestedFor(urlPathEqualTo("/v2/post/publish/status/fetch/")))
                .get(0)
                .getBodyAsString())
        .isEqualTo("{\"publish_id\":\"v_pub_file~v2-1.7\"}");

    fixture.platforms.stubFor(
        post(urlPathEqualTo("/v2/post/publish/status/fetch/"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"data\":{\"status\":\"FAILED\",\"fail_reason\":\"file_format_check_failed\"},"
                            + OK
                            + "}")));
    PlatformStatus failed = publisher.status(ctx("public"), video);
    assertThat(failed.state()).isEqualTo(PublishState.FAILED);
    assertThat(failed.reason()).contains("file_format_check_failed");
  }
}

package io.renderowl.activities.publish;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.renderowl.activities.provider.ProviderFailures;
import io.renderowl.activities.publish.facebook.FacebookPublisher;
import io.renderowl.workflows.PlatformStatus;
import io.renderowl.workflows.PublishJob;
import io.renderowl.workflows.PublishState;
import io.renderowl.workflows.UploadedVideo;
import io.temporal.failure.ApplicationFailure;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Facebook Pages through the Resumable Upload API and {@code /{page-id}/videos}, against a stub of
 * the upload session that checks every byte at its {@code file_offset}.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // S3Proxy and WireMock; seconds
class FacebookPublisherTest {
  static final int MIB = 1 << 20;
  static final int SIZE = 2 * MIB + 777;
  static final String SESSION = "/v21.0/upload:MTphdHRhY2htZW50";

  /**
   * The documented session: {@code POST} with {@code file_offset} appends the body when the offset
   * is where the session stands, {@code GET} answers {@code file_offset}; the last bytes answer the
   * handle {@code h}.
   */
  static final class Session implements ResponseDefinitionTransformerV2 {
    static final String NAME = "facebook-session";
    final AtomicLong have = new AtomicLong();
    final List<String> offsets = new CopyOnWriteArrayList<>();
    volatile byte[] expected = new byte[0];

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      Request r = event.getRequest();
      String auth = r.getHeader("Authorization");
      if (auth == null || !auth.startsWith("OAuth ")) {
        return answer(401, "{\"error\":{\"message\":\"OAuth header expected\",\"code\":190}}");
      }
      if (r.getMethod().equals(RequestMethod.GET)) {
        return answer(200, "{\"id\":\"upload:MTphdHRhY2htZW50\",\"file_offset\":" + have + "}");
      }
      String offset = r.getHeader("file_offset");
      offsets.add(offset);
      long from = Long.parseLong(offset);
      byte[] body = r.getBody();
      if (from != have.get()
          || !Arrays.equals(
              body, Arrays.copyOfRange(expected, (int) from, (int) from + body.length))) {
        return answer(400, "{\"error\":{\"message\":\"bytes or offset differ\",\"code\":100}}");
      }
      long now = have.addAndGet(body.length);
      return now == expected.length
          ? answer(200, "{\"h\":\"2:c2FtcGxlLm1wNA==:video/mp4:handle\"}")
          : answer(200, "{\"id\":\"upload:MTphdHRhY2htZW50\",\"file_offset\":" + now + "}");
    }

    private static ResponseDefinition answer(int status, String body) {
      return ResponseDefinitionBuilder.responseDefinition()
          .withStatus(status)
          .withHeader("Content-Type", "application/json")
          .withBody(body)
          .build();
    }

    @Override
    public String getName() {
      return NAME;
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }
  }

  static Session session;
  static PublishFixture fixture;
  static byte[] bytes;
  FacebookPublisher publisher;

  @BeforeAll
  static void start() {
    session = new Session();
    fixture = new PublishFixture(session);
    bytes = fixture.video("renders/fb.mp4", SIZE);
    session.expected = bytes;
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @BeforeEach
  void stubs() {
    fixture.platforms.resetAll();
    session.have.set(0);
    session.offsets.clear();
    publisher =
        new FacebookPublisher(
            new PlatformHttp(Duration.ofSeconds(5)),
            fixture.settings(Map.of("RENDEROWL_PUBLISH_CHUNK_MB", "1")),
            "4242");
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/v21.0/4242/uploads"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"id\":\"upload:MTphdHRhY2htZW50?sig=ARZqs\"}")));
    fixture.platforms.stubFor(
        any(urlPathEqualTo(SESSION))
            .atPriority(5)
            .willReturn(aResponse().withTransformers(Session.NAME)));
    fixture.platforms.stubFor(
        get(urlPathEqualTo("/v21.0/1755847768034402"))
            .willReturn(
                aResponse()
                    .withBody("{\"access_token\":\"page-token\",\"id\":\"1755847768034402\"}")));
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/v21.0/1755847768034402/videos"))
            .willReturn(aResponse().withBody("{\"id\":\"10153231379946729\"}")));
  }

  private PublishContext ctx(AccessToken token) {
    PublishJob job =
        new PublishJob(
            "run-fb",
            UUID.randomUUID().toString(),
            UUID.randomUUID().toString(),
            "renders/fb.mp4",
            "Owls see everything",
            "How owls see at night",
            List.of("owls"),
            UUID.randomUUID().toString(),
            "facebook",
            "public",
            false,
            "");
    return new PublishContext(
        job,
        PublishFixture.account("facebook", "1755847768034402"),
        token,
        new VideoSource(fixture.store, "renders/fb.mp4"));
  }

  private PublishContext ctx() {
    return ctx(PublishFixture.tokens("user-token"));
  }

  @Test
  void aSessionIsOpenedAndTheBytesGoUpAtTheirFileOffsetsUntilTheHandle() {
    UploadedVideo video = publisher.upload(ctx(), UploadProgress.inMemory());

    assertThat(video.handle()).isEqualTo("2:c2FtcGxlLm1wNA==:video/mp4:handle");
    var open = fixture.platforms.findAll(postRequestedFor(urlPathEqualTo("/v21.0/4242/uploads")));
    assertThat(open).hasSize(1);
    assertThat(open.get(0).queryParameter("file_name").firstValue()).isEqualTo("run-fb.mp4");
    assertThat(open.get(0).queryParameter("file_length").firstValue())
        .isEqualTo(Integer.toString(SIZE));
    assertThat(open.get(0).queryParameter("file_type").firstValue()).isEqualTo("video/mp4");
    assertThat(open.get(0).getHeader("Authorization")).isEqualTo("Bearer user-token");
    assertThat(open.get(0).getUrl()).doesNotContain("user-token"); // never in a URL
    assertThat(session.offsets).containsExactly("0", "1048576", "2097152");
    assertThat(session.have.get()).isEqualTo(SIZE);
    var chunks = fixture.platforms.findAll(postRequestedFor(urlPathEqualTo(SESSION)));
    assertThat(chunks.get(0).getHeader("Authorization")).isEqualTo("OAuth user-token");
    assertThat(chunks.get(0).queryParameter("sig").firstValue()).isEqualTo("ARZqs");
  }

  @Test
  void aConnectionCutMidUploadAsksTheSessionItsOffsetAndContinuesFromThere() {
    fixture.platforms.stubFor(
        post(urlPathEqualTo(SESSION))
            .atPriority(1)
            .withHeader("file_offset", equalTo("1048576"))
            .inScenario("cut")
            .whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("cut once")
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    UploadProgress progress = UploadProgress.inMemory();

    assertThatThrownBy(() -> publisher.upload(ctx(), progress))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(ProviderFailures.UNAVAILABLE));
    assertThat(progress.resumed().orElseThrow()).containsEntry("offset", "1048576");
    UploadedVideo video = publisher.upload(ctx(), progress);

    assertThat(video.handle()).startsWith("2:");
    assertThat(fixture.platforms.findAll(getRequestedFor(urlPathEqualTo(SESSION)))).hasSize(1);
    assertThat(session.offsets).containsExactly("0", "1048576", "2097152");
    assertThat(session.have.get()).isEqualTo(SIZE);
    assertThat(fixture.platforms.findAll(postRequestedFor(urlPathEqualTo("/v21.0/4242/uploads"))))
        .hasSize(1); // the same session, not a new one from byte 0
  }

  @Test
  void a5xxOnAChunkIsRetriedFromTheSessionsOffset() {
    fixture.platforms.stubFor(
        post(urlPathEqualTo(SESSION))
            .atPriority(1)
            .withHeader("file_offset", equalTo("2097152"))
            .inScenario("5xx")
            .whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("failed once")
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withBody("{\"error\":{\"message\":\"Service temporarily unavailable\"}}")));
    UploadProgress progress = UploadProgress.inMemory();

    assertThatThrownBy(() -> publisher.upload(ctx(), progress))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isFalse();
              assertThat(f.getOriginalMessage()).contains("Service temporarily unavailable");
            });
    publisher.upload(ctx(), progress);

    assertThat(session.offsets).containsExactly("0", "1048576", "2097152");
    assertThat(session.have.get()).isEqualTo(SIZE);
  }

  @Test
  void aSessionThatNoLongerExistsStartsANewOneFromByteZero() {
    fixture.platforms.stubFor(
        get(urlPathEqualTo("/v21.0/upload:gone"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"error\":{\"message\":\"Invalid upload session\",\"code\":100}}")));
    UploadProgress progress = UploadProgress.inMemory();
    progress.save(Map.of("session", "upload:gone", "offset", "1048576", "handle", ""));

    UploadedVideo video = publisher.upload(ctx(), progress);

    assertThat(video.handle()).startsWith("2:");
    assertThat(session.offsets).containsExactly("0", "1048576", "2097152");
  }

  @Test
  void theVideoIsPublishedOnThePageWithTheHandleAndThePageToken() {
    PlatformStatus posted =
        publisher.post(ctx(), new UploadedVideo("p", "2:handle", Map.of("session", "s")));

    // posted, but Facebook still processes it: the workflow follows its status
    assertThat(posted.state()).isEqualTo(PublishState.PROCESSING);
    assertThat(posted.remoteId()).isEqualTo("10153231379946729");
    assertThat(posted.url())
        .isEqualTo("https://www.facebook.com/1755847768034402/videos/10153231379946729/");
    var token =
        fixture.platforms.findAll(getRequestedFor(urlPathEqualTo("/v21.0/1755847768034402")));
    assertThat(token.get(0).queryParameter("fields").firstValue()).isEqualTo("access_token");
    assertThat(token.get(0).getHeader("Authorization")).isEqualTo("Bearer user-token");
    var publish =
        fixture.platforms.findAll(
            postRequestedFor(urlPathEqualTo("/v21.0/1755847768034402/videos")));
    assertThat(publish).hasSize(1);
    assertThat(publish.get(0).getHeader("Authorization")).isEqualTo("Bearer page-token");
    assertThat(publish.get(0).getHeader("Content-Type"))
        .isEqualTo("application/x-www-form-urlencoded");
    assertThat(URLDecoder.decode(publish.get(0).getBodyAsString(), StandardCharsets.UTF_8))
        .isEqualTo(
            "title=Owls see everything&description=How owls see at night #owls"
                + "&fbuploader_video_file_chunk=2:handle&published=true");
  }

  @Test
  void aRateLimitWaitsForRetryAfterAndGraphThrottlingCodesWaitToo() {
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/v21.0/4242/uploads"))
            .atPriority(1)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "17")));

    assertThatThrownBy(() -> publisher.upload(ctx(), UploadProgress.inMemory()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ProviderFailures.RATE_LIMITED);
              assertThat(f.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(17));
            });

    fixture.platforms.stubFor(
        post(urlPathEqualTo("/v21.0/1755847768034402/videos"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"error\":{\"message\":\"(#32) Page request limit reached\",\"code\":32}}")));
    assertThatThrownBy(() -> publisher.post(ctx(), new UploadedVideo("p", "2:h", Map.of())))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ProviderFailures.RATE_LIMITED);
              assertThat(f.getOriginalMessage()).contains("Page request limit reached");
            });
  }

  @Test
  void a401RefreshesTheUserTokenOnceAndTriesAgain() {
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/v21.0/4242/uploads"))
            .atPriority(1)
            .withHeader("Authorization", equalTo("Bearer expired"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody(
                        "{\"error\":{\"message\":\"Error validating access token\",\"code\":190}}")));

    UploadedVideo video =
        publisher.upload(ctx(PublishFixture.tokens("expired", "fresh")), UploadProgress.inMemory());

    assertThat(video.handle()).startsWith("2:");
    assertThat(fixture.platforms.findAll(postRequestedFor(urlPathEqualTo("/v21.0/4242/uploads"))))
        .extracting(r -> r.getHeader("Authorization"))
        .containsExactly("Bearer expired", "Bearer fresh");
    assertThat(
            fixture
                .platforms
                .findAll(postRequestedFor(urlPathEqualTo(SESSION)))
                .get(0)
                .getHeader("Authorization"))
        .isEqualTo("OAuth fresh");
  }

  @Test
  void aLostPostingAnswerIsSettledByThePagesVideosNeverByPostingAgain() {
    fixture.platforms.stubFor(
        get(urlPathEqualTo("/v21.0/1755847768034402/videos"))
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"data\":[{\"id\":\"111\",\"title\":\"Other\",\"description\":\"x\"},"
                            + "{\"id\":\"222\",\"title\":\"Owls see everything\","
                            + "\"description\":\"How owls see at night #owls\"}]}")));

    fixture.platforms.stubFor(
        get(urlPathEqualTo("/v21.0/222"))
            .willReturn(
                okJson(
                    "{\"id\":\"222\",\"status\":{\"video_status\":\"ready\"},"
                        + "\"permalink_url\":\"/1755847768034402/videos/222/\"}")));

    PlatformStatus found = publisher.status(ctx(), new UploadedVideo("p", "2:h", Map.of()));

    assertThat(found.state()).isEqualTo(PublishState.PUBLISHED);
    assertThat(found.remoteId()).isEqualTo("222");
    assertThat(found.url()).isEqualTo("https://www.facebook.com/1755847768034402/videos/222/");
    assertThat(
            fixture.platforms.findAll(
                postRequestedFor(urlPathEqualTo("/v21.0/1755847768034402/videos"))))
        .isEmpty();

    fixture.platforms.stubFor(
        get(urlPathEqualTo("/v21.0/1755847768034402/videos"))
            .atPriority(1)
            .willReturn(aResponse().withBody("{\"data\":[]}")));
    assertThat(publisher.status(ctx(), new UploadedVideo("p", "2:h", Map.of())).state())
        .isEqualTo(PublishState.UNCONFIRMED);
  }

  private static final String VIDEO = "/v21.0/10153231379946729";

  private static UploadedVideo posted() {
    return new UploadedVideo(
        "p", "2:handle", Map.of("session", "s", UploadedVideo.POSTED_ID, "10153231379946729"));
  }

  private static String status(String videoStatus, String processing) {
    return "{\"id\":\"10153231379946729\",\"status\":{\"video_status\":\""
        + videoStatus
        + "\",\"uploading_phase\":{\"status\":\"complete\"},\"processing_phase\":"
        + processing
        + ",\"publishing_phase\":{\"status\":\"not_started\"}},"
        + "\"permalink_url\":\"/1755847768034402/videos/10153231379946729/\"}";
  }

  @Test
  void theVideoIsProcessedThenReadyAndPublishedWithItsPermalink() {
    fixture.platforms.stubFor(
        get(urlPathEqualTo(VIDEO))
            .inScenario("processing")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson(status("processing", "{\"status\":\"in_progress\"}")))
            .willSetStateTo("ready"));
    fixture.platforms.stubFor(
        get(urlPathEqualTo(VIDEO))
            .inScenario("processing")
            .whenScenarioStateIs("ready")
            .willReturn(okJson(status("ready", "{\"status\":\"complete\"}"))));

    PlatformStatus first = publisher.status(ctx(), posted());
    PlatformStatus second = publisher.status(ctx(), posted());

    assertThat(first.state()).isEqualTo(PublishState.PROCESSING);
    assertThat(first.remoteId()).isEqualTo("10153231379946729");
    assertThat(first.pollAfterSeconds()).isPositive();
    assertThat(second.state()).isEqualTo(PublishState.PUBLISHED);
    assertThat(second.remoteId()).isEqualTo("10153231379946729");
    assertThat(second.url())
        .isEqualTo("https://www.facebook.com/1755847768034402/videos/10153231379946729/");
    var asked = fixture.platforms.findAll(getRequestedFor(urlPathEqualTo(VIDEO)));
    assertThat(asked).hasSize(2);
    for (var request : asked) {
      assertThat(request.queryParameter("fields").firstValue()).isEqualTo("status,permalink_url");
      assertThat(request.getHeader("Authorization")).isEqualTo("Bearer page-token");
      assertThat(request.getUrl()).doesNotContain("token");
    }
    assertThat(
            fixture.platforms.findAll(
                postRequestedFor(urlPathEqualTo("/v21.0/1755847768034402/videos"))))
        .isEmpty();
  }

  @Test
  void aProcessingErrorFailsWithFacebooksMessageAsTheReason() {
    fixture.platforms.stubFor(
        get(urlPathEqualTo(VIDEO))
            .inScenario("error")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson(status("processing", "{\"status\":\"in_progress\"}")))
            .willSetStateTo("error"));
    fixture.platforms.stubFor(
        get(urlPathEqualTo(VIDEO))
            .inScenario("error")
            .whenScenarioStateIs("error")
            .willReturn(
                okJson(
                    status(
                        "error",
                        "{\"status\":\"error\",\"errors\":[{\"code\":1363030,"
                            + "\"message\":\"Your video upload timed out before it could be"
                            + " completed.\"}]}"))));

    assertThat(publisher.status(ctx(), posted()).state()).isEqualTo(PublishState.PROCESSING);
    PlatformStatus failed = publisher.status(ctx(), posted());

    assertThat(failed.state()).isEqualTo(PublishState.FAILED);
    assertThat(failed.remoteId()).isEqualTo("10153231379946729");
    assertThat(failed.reason())
        .isEqualTo(
            "facebook could not process the video: processing_phase: Your video upload timed"
                + " out before it could be completed. (code 1363030)");
    assertThat(failed.reason()).doesNotContain("page-token").doesNotContain("user-token");
  }

  @Test
  void withoutTheMetaAppIdTheUploadIsRefusedWithThatReason() {
    FacebookPublisher noApp =
        new FacebookPublisher(
            new PlatformHttp(Duration.ofSeconds(5)), fixture.settings(Map.of()), "");

    assertThatThrownBy(() -> noApp.upload(ctx(), UploadProgress.inMemory()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains("FACEBOOK_CLIENT_ID");
            });
    assertThat(fixture.platforms.getAllServeEvents()).isEmpty();
  }
}

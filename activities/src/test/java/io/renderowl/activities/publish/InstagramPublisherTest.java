package io.renderowl.activities.publish;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.renderowl.activities.provider.ProviderFailures;
import io.renderowl.activities.publish.instagram.InstagramPublisher;
import io.renderowl.infra.json.Json;
import io.renderowl.workflows.PlatformStatus;
import io.renderowl.workflows.PublishJob;
import io.renderowl.workflows.PublishState;
import io.renderowl.workflows.UploadedVideo;
import io.temporal.failure.ApplicationFailure;
import java.io.InputStream;
import java.net.URI;
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

/** Instagram Graph API Reels: publishing limit, container, status_code, media_publish. */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // S3Proxy and WireMock; seconds
class InstagramPublisherTest {
  static PublishFixture fixture;
  static byte[] bytes;
  InstagramPublisher publisher;

  @BeforeAll
  static void start() {
    fixture = new PublishFixture();
    bytes = fixture.video("renders/ig.mp4", 300_000);
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @BeforeEach
  void stubs() {
    fixture.platforms.resetAll();
    publisher =
        new InstagramPublisher(new PlatformHttp(Duration.ofSeconds(5)), fixture.settings(Map.of()));
    fixture.platforms.stubFor(
        get(urlPathEqualTo("/v21.0/1784/content_publishing_limit"))
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"data\":[{\"quota_usage\":2,\"config\":{\"quota_total\":50,\"quota_duration\":86400}}]}")));
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/v21.0/1784/media"))
            .willReturn(aResponse().withBody("{\"id\":\"c-17\"}")));
  }

  private PublishContext ctx() {
    PublishJob job =
        new PublishJob(
            "run-ig",
            UUID.randomUUID().toString(),
            UUID.randomUUID().toString(),
            "renders/ig.mp4",
            "Owls",
            "Owls see everything",
            List.of("owls"),
            UUID.randomUUID().toString(),
            "instagram",
            "public",
            false,
            "");
    return new PublishContext(
        job,
        PublishFixture.account("instagram", "1784"),
        PublishFixture.tokens("ig-token"),
        new VideoSource(fixture.store, "renders/ig.mp4"));
  }

  @Test
  void aReelsContainerPointsAtAPresignedUrlOfOurS3() throws Exception {
    UploadedVideo upload = publisher.upload(ctx(), UploadProgress.inMemory());

    assertThat(upload.handle()).isEqualTo("c-17");
    var created = fixture.platforms.findAll(postRequestedFor(urlPathEqualTo("/v21.0/1784/media")));
    assertThat(created).hasSize(1);
    assertThat(created.get(0).getHeader("Authorization")).isEqualTo("Bearer ig-token");
    JsonNode body = Json.MAPPER.readTree(created.get(0).getBodyAsString());
    assertThat(body.path("media_type").asString()).isEqualTo("REELS");
    assertThat(body.path("caption").asString()).isEqualTo("Owls see everything #owls");
    String url = body.path("video_url").asString();
    assertThat(url).startsWith("http://127.0.0.1:").contains("X-Amz-Signature");
    try (InputStream in = URI.create(url).toURL().openStream()) {
      assertThat(in.readAllBytes()).isEqualTo(bytes); // what Instagram would fetch
    }
  }

  @Test
  void aReachedPublishingLimitPostsNothing() {
    fixture.platforms.stubFor(
        get(urlPathEqualTo("/v21.0/1784/content_publishing_limit"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"data\":[{\"quota_usage\":50,\"config\":{\"quota_total\":50}}]}")));

    assertThatThrownBy(() -> publisher.upload(ctx(), UploadProgress.inMemory()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ProviderFailures.RATE_LIMITED);
              assertThat(f.getOriginalMessage()).contains("50 of 50");
            });
    assertThat(fixture.platforms.findAll(postRequestedFor(urlPathEqualTo("/v21.0/1784/media"))))
        .isEmpty();
  }

  @Test
  void theContainerIsFollowedUntilFinishedThenPublishedOnce() {
    UploadedVideo upload = new UploadedVideo("p", "c-17", Map.of());
    fixture.platforms.stubFor(
        get(urlPathEqualTo("/v21.0/c-17"))
            .inScenario("container")
            .whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("finished")
            .willReturn(aResponse().withBody("{\"status_code\":\"IN_PROGRESS\",\"id\":\"c-17\"}")));
    fixture.platforms.stubFor(
        get(urlPathEqualTo("/v21.0/c-17"))
            .inScenario("container")
            .whenScenarioStateIs("finished")
            .willReturn(aResponse().withBody("{\"status_code\":\"FINISHED\",\"id\":\"c-17\"}")));
    fixture.platforms.stubFor(
        post(urlPathEqualTo("/v21.0/1784/media_publish"))
            .willReturn(aResponse().withBody("{\"id\":\"m-99\"}")));
    fixture.platforms.stubFor(
        get(urlPathEqualTo("/v21.0/m-99"))
            .willReturn(
                aResponse().withBody("{\"permalink\":\"https://www.instagram.com/reel/abc/\"}")));

    assertThat(publisher.ready(ctx(), upload).state()).isEqualTo(PublishState.PROCESSING);
    assertThat(publisher.ready(ctx(), upload).state()).isEqualTo(PublishState.PUBLISHED);
    PlatformStatus posted = publisher.post(ctx(), upload);

    assertThat(posted.state()).isEqualTo(PublishState.PUBLISHED);
    assertThat(posted.remoteId()).isEqualTo("m-99");
    assertThat(posted.url()).isEqualTo("https://www.instagram.com/reel/abc/");
    var published =
        fixture.platforms.findAll(postRequestedFor(urlPathEqualTo("/v21.0/1784/media_publish")));
    assertThat(published).hasSize(1);
    assertThat(published.get(0).getBodyAsString()).isEqualTo("{\"creation_id\":\"c-17\"}");
  }

  @Test
  void aContainerInErrorOrExpiredFails() {
    UploadedVideo upload = new UploadedVideo("p", "c-17", Map.of());
    fixture.platforms.stubFor(
        get(urlPathEqualTo("/v21.0/c-17"))
            .willReturn(
                aResponse().withBody("{\"status_code\":\"ERROR\",\"status\":\"Error: 2207026\"}")));
    PlatformStatus error = publisher.ready(ctx(), upload);
    assertThat(error.state()).isEqualTo(PublishState.FAILED);
    assertThat(error.reason()).contains("2207026");

    fixture.platforms.stubFor(
        get(urlPathEqualTo("/v21.0/c-17"))
            .atPriority(1)
            .willReturn(aResponse().withBody("{\"status_code\":\"EXPIRED\"}")));
    assertThat(publisher.ready(ctx(), upload).reason()).contains("expired");
  }

  @Test
  void anUnknownPublishOutcomeIsSettledByTheContainersStatus() {
    UploadedVideo upload = new UploadedVideo("p", "c-17", Map.of());
    fixture.platforms.stubFor(
        get(urlPathEqualTo("/v21.0/c-17"))
            .willReturn(aResponse().withBody("{\"status_code\":\"PUBLISHED\"}")));

    assertThat(publisher.status(ctx(), upload).state()).isEqualTo(PublishState.PUBLISHED);
  }

  @Test
  void aPostConfirmedAfterALostAnswerRecordsItsMediaIdAndPermalink() {
    UploadedVideo upload = new UploadedVideo("p", "c-17", Map.of());
    fixture.platforms.stubFor(
        get(urlPathEqualTo("/v21.0/c-17"))
            .willReturn(aResponse().withBody("{\"status_code\":\"PUBLISHED\"}")));
    fixture.platforms.stubFor(
        get(urlPathEqualTo("/v21.0/1784/media"))
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"data\":[{\"id\":\"1790001\",\"caption\":\"Something else\"},"
                            + "{\"id\":\"1790002\",\"caption\":\"Owls see everything #owls\","
                            + "\"permalink\":\"https://www.instagram.com/reel/DAbc/\"}]}")));

    PlatformStatus confirmed = publisher.status(ctx(), upload);

    assertThat(confirmed.state()).isEqualTo(PublishState.PUBLISHED);
    assertThat(confirmed.remoteId()).isEqualTo("1790002");
    assertThat(confirmed.url()).isEqualTo("https://www.instagram.com/reel/DAbc/");
    assertThat(
            fixture.platforms.findAll(
                postRequestedFor(urlPathEqualTo("/v21.0/1784/media_publish"))))
        .isEmpty();
  }
}

package io.renderowl.api;

import static io.renderowl.api.InMemoryApiApplication.ALICE_TOKEN;
import static io.renderowl.api.InMemoryApiApplication.BOB_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.renderowl.api.ApiClient.Reply;
import io.renderowl.workflows.Stage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.TemporalUnitOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SpringBootTest(
    classes = InMemoryApiApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Timeout(value = 2, unit = TimeUnit.MINUTES) // starts the API on in-memory runs; seconds
class PipelinesApiTest {

  @LocalServerPort int port;
  @Autowired InMemoryPipelineRuns runs;
  ApiClient api;

  @BeforeEach
  void connect() {
    api = new ApiClient(port);
  }

  @Test
  void startingARunAnswers202WithItsIdStatusUrlAndMeta() {
    Reply reply =
        start(ALICE_TOKEN, "{\"topic\": \"Why owls fly silently\"}", ApiClient.uniqueKey());

    assertThat(reply.status()).isEqualTo(202);
    String id = reply.text("/data/id");
    assertThat(id).startsWith("run-");
    assertThat(reply.text("/data/status_url")).isEqualTo("/api/v1/pipelines/" + id);
    assertThat(reply.json().at("/data/created").asBoolean()).isTrue();
    assertThat(reply.header("Location")).isEqualTo("/api/v1/pipelines/" + id);
    assertThat(reply.text("/meta/request_id"))
        .startsWith("req_")
        .isEqualTo(reply.header("X-Request-Id"));
    assertThat(Instant.parse(reply.text("/meta/timestamp"))).isCloseTo(Instant.now(), within5s());
    assertThat(reply.text("/meta/timestamp")).endsWith("Z");
  }

  @Test
  void theSameRequestWithTheSameIdempotencyKeyFindsTheSameRun() {
    String key = ApiClient.uniqueKey();
    String body = "{\"topic\": \"Owl pellets\", \"aspect\": \"16:9\", \"duration\": 45}";

    Reply first = start(ALICE_TOKEN, body, key);
    Reply second = start(ALICE_TOKEN, body, key);

    assertThat(second.status()).isEqualTo(202);
    assertThat(second.text("/data/id")).isEqualTo(first.text("/data/id"));
    assertThat(first.json().at("/data/created").asBoolean()).isTrue();
    assertThat(second.json().at("/data/created").asBoolean()).isFalse();
  }

  @Test
  void aRunningRunReportsItsStageAndProgressWithoutOutputUrl() {
    String id =
        start(ALICE_TOKEN, "{\"topic\": \"Snowy owls\"}", ApiClient.uniqueKey()).text("/data/id");
    runs.advance(id, Stage.RENDER, 57, "rendering frame 812 of 1440");

    Reply reply = api.get("/api/v1/pipelines/" + id, "Authorization", "Bearer " + ALICE_TOKEN);

    assertThat(reply.status()).isEqualTo(200);
    JsonNode data = reply.json().at("/data");
    assertThat(data.at("/id").asString()).isEqualTo(id);
    assertThat(data.at("/status").asString()).isEqualTo("running");
    assertThat(data.at("/stage").asString()).isEqualTo("render");
    assertThat(data.at("/progress").asInt()).isEqualTo(57);
    assertThat(data.at("/message").asString()).isEqualTo("rendering frame 812 of 1440");
    assertThat(data.at("/topic").asString()).isEqualTo("Snowy owls");
    assertThat(data.at("/output_url").isNull()).isTrue();
    assertThat(Instant.parse(data.at("/created_at").asString()))
        .isCloseTo(Instant.now(), within5s());
    assertThat(Instant.parse(data.at("/updated_at").asString()))
        .isCloseTo(Instant.now(), within5s());
    assertThat(reply.text("/meta/request_id")).startsWith("req_");
  }

  @Test
  void aCompletedRunReportsItsOutputUrl() {
    String id =
        start(ALICE_TOKEN, "{\"topic\": \"Barn owls\"}", ApiClient.uniqueKey()).text("/data/id");
    String url = "http://storage.local/videos/" + id + ".mp4?sig=abc";
    runs.complete(id, "videos/" + id + ".mp4", url);

    Reply reply = api.get("/api/v1/pipelines/" + id, "Authorization", "Bearer " + ALICE_TOKEN);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.text("/data/status")).isEqualTo("completed");
    assertThat(reply.text("/data/stage")).isEqualTo("completed");
    assertThat(reply.json().at("/data/progress").asInt()).isEqualTo(100);
    assertThat(reply.text("/data/output_url")).isEqualTo(url);
  }

  @Test
  void everyProblemWithTheBodyIsReportedAtOnce() {
    Reply reply =
        start(
            ALICE_TOKEN,
            """
            {"topic": " ", "aspect": "4:3", "duration": 5000, "voice": 7,
             "platforms": "youtube", "colour": "blue"}
            """,
            ApiClient.uniqueKey());

    assertValidationError(reply);
    assertThat(fields(reply))
        .containsExactlyInAnyOrder("topic", "aspect", "duration", "voice", "platforms", "colour");
    assertThat(reply.detailFor("aspect")).contains("9:16", "16:9", "1:1");
    assertThat(reply.detailFor("duration")).contains("between 10 and 600");
    assertThat(reply.detailFor("voice")).isEqualTo("must be a string");
    assertThat(reply.detailFor("colour")).isEqualTo("is not a known field");
  }

  @Test
  void aMissingTopicAndAFractionalDurationAreValidationErrors() {
    Reply reply = start(ALICE_TOKEN, "{\"duration\": 12.5}", ApiClient.uniqueKey());

    assertValidationError(reply);
    assertThat(fields(reply)).containsExactlyInAnyOrder("topic", "duration");
    assertThat(reply.detailFor("topic")).isEqualTo("is required");
    assertThat(reply.detailFor("duration")).isEqualTo("must be a whole number of seconds");
  }

  @Test
  void aRequestThePipelineRejectsIsAValidationError() {
    Reply reply =
        start(
            ALICE_TOKEN,
            "{\"topic\": \"Owls\", \"platforms\": [\"tiktok\"]}",
            ApiClient.uniqueKey());

    assertValidationError(reply);
    assertThat(fields(reply)).containsExactly("platforms");
    assertThat(reply.detailFor("platforms"))
        .isEqualTo("'tiktok' is not available (available: local-folder)");
  }

  @Test
  void anOverlongIdempotencyKeyIsReportedUnderTheHeaderName() {
    Reply reply = start(ALICE_TOKEN, "{\"topic\": \"Owls\"}", "k".repeat(201));

    assertValidationError(reply);
    assertThat(fields(reply)).containsExactly("Idempotency-Key");
  }

  @Test
  void anUnknownRunIsNotFound() {
    Reply reply = api.get("/api/v1/pipelines/run-nope", "Authorization", "Bearer " + ALICE_TOKEN);

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.text("/error/code")).isEqualTo("NOT_FOUND");
    assertThat(reply.text("/meta/request_id")).isEqualTo(reply.header("X-Request-Id"));
  }

  @Test
  void anotherUsersRunIsNotFound() {
    String id =
        start(ALICE_TOKEN, "{\"topic\": \"Alice's owls\"}", ApiClient.uniqueKey()).text("/data/id");

    Reply reply = api.get("/api/v1/pipelines/" + id, "Authorization", "Bearer " + BOB_TOKEN);

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.text("/error/code")).isEqualTo("NOT_FOUND");
  }

  private Reply start(String token, String body, String idempotencyKey) {
    return api.post(
        "/api/v1/pipelines",
        body,
        "Authorization",
        "Bearer " + token,
        "Content-Type",
        "application/json",
        "Idempotency-Key",
        idempotencyKey);
  }

  private static void assertValidationError(Reply reply) {
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.text("/error/code")).isEqualTo("VALIDATION_ERROR");
    assertThat(reply.text("/error/message")).isEqualTo("Invalid input");
    assertThat(reply.text("/meta/request_id")).startsWith("req_");
  }

  private static List<String> fields(Reply reply) {
    return reply
        .json()
        .at("/error/details")
        .valueStream()
        .map(d -> d.at("/field").asString())
        .toList();
  }

  private static TemporalUnitOffset within5s() {
    return within(5, ChronoUnit.SECONDS);
  }
}

package io.renderowl.api;

import static io.renderowl.api.InMemoryApiApplication.ALICE_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.api.ApiClient.Reply;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Request bodies over the limit are refused with 413 before a controller sees them. */
@SpringBootTest(
    classes = InMemoryApiApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Timeout(value = 2, unit = TimeUnit.MINUTES) // starts the API on in-memory runs; seconds
class BodySizeLimitTest {

  @LocalServerPort int port;
  ApiClient api;

  @BeforeEach
  void connect() {
    api = new ApiClient(port);
  }

  private static String topicOf(int bytes) {
    return "{\"topic\": \"" + "a".repeat(bytes) + "\"}";
  }

  @Test
  void aBodyOverOneMebibyteIsRefusedWith413NamingTheLimit() {
    Reply reply =
        api.post(
            "/api/v1/pipelines",
            topicOf(1024 * 1024 + 10),
            "Authorization",
            "Bearer " + ALICE_TOKEN,
            "Content-Type",
            "application/json");

    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.text("/error/code")).isEqualTo("PAYLOAD_TOO_LARGE");
    assertThat(reply.text("/error/message"))
        .contains("over the limit of 1048576 bytes for POST /api/v1/pipelines");
    assertThat(reply.text("/meta/request_id")).startsWith("req_");
  }

  @Test
  void aChunkedBodyWithoutLengthIsCutAtTheLimitAndRefused() {
    byte[] body = topicOf(1024 * 1024 + 10).getBytes(StandardCharsets.UTF_8);
    Reply reply =
        api.send(
            "POST",
            "/api/v1/pipelines",
            HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)),
            "Authorization",
            "Bearer " + ALICE_TOKEN,
            "Content-Type",
            "application/json");

    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.text("/error/message")).contains("of more than 1048576 bytes");
  }

  @Test
  void aChunkedBodyUnderTheLimitStillReachesTheController() {
    byte[] body = "{\"topic\": \"Owls at dusk\"}".getBytes(StandardCharsets.UTF_8);
    Reply reply =
        api.send(
            "POST",
            "/api/v1/pipelines",
            HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)),
            "Authorization",
            "Bearer " + ALICE_TOKEN,
            "Content-Type",
            "application/json",
            "Idempotency-Key",
            ApiClient.uniqueKey());

    assertThat(reply.status()).as(reply.body()).isEqualTo(202);
  }

  @Test
  void withoutATokenABigBodyIsStill401() {
    Reply reply =
        api.post(
            "/api/v1/pipelines", topicOf(1024 * 1024 + 10), "Content-Type", "application/json");

    assertThat(reply.status()).isEqualTo(401);
  }
}

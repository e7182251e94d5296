package io.renderowl.api;

import static io.renderowl.api.InMemoryApiApplication.ALICE_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.api.ApiClient.Reply;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(
    classes = InMemoryApiApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Timeout(value = 2, unit = TimeUnit.MINUTES) // starts the API on in-memory runs; seconds
class ApiErrorsTest {

  private static final String AUTH = "Authorization";
  private static final String BEARER_ALICE = "Bearer " + ALICE_TOKEN;

  @LocalServerPort int port;
  @Autowired InMemoryPipelineRuns runs;
  ApiClient api;

  @BeforeEach
  void connect() {
    api = new ApiClient(port);
  }

  @Test
  void aRequestWithoutTokenIsUnauthorized() {
    Reply reply = api.get("/api/v1/pipelines/run-1");

    assertUnauthorized(reply);
    assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
  }

  @Test
  void aRequestWithAnUnknownTokenIsUnauthorized() {
    Reply reply = api.get("/api/v1/pipelines/run-1", AUTH, "Bearer not-a-known-token");

    assertUnauthorized(reply);
    assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer").contains("invalid_token");
  }

  @Test
  void aRequestWithAnotherAuthorizationSchemeIsUnauthorized() {
    Reply reply = api.get("/api/v1/pipelines/run-1", AUTH, "Basic YWxpY2U6c2VjcmV0");

    assertUnauthorized(reply);
  }

  @Test
  void malformedJsonIsAValidationErrorWithoutParserInternals() {
    Reply reply = postPipeline("{\"topic\": \"Owls\",", "application/json");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.text("/error/code")).isEqualTo("VALIDATION_ERROR");
    assertThat(reply.text("/error/message")).isEqualTo("Request body must be a valid JSON object");
    assertThat(reply.body()).doesNotContain("jackson", "Exception");
  }

  @Test
  void aJsonArrayBodyIsAValidationError() {
    Reply reply = postPipeline("[\"Owls\"]", "application/json");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.text("/error/message")).isEqualTo("Request body must be a JSON object");
  }

  @Test
  void aBodyThatIsNotJsonIsAnUnsupportedMediaType() {
    Reply reply = postPipeline("topic=Owls", "application/x-www-form-urlencoded");

    assertThat(reply.status()).isEqualTo(415);
    assertThat(reply.text("/error/code")).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
  }

  @Test
  void anUnsupportedMethodIsNotAllowed() {
    Reply reply =
        api.send("DELETE", "/api/v1/pipelines", BodyPublishers.noBody(), AUTH, BEARER_ALICE);

    assertThat(reply.status()).isEqualTo(405);
    assertThat(reply.text("/error/code")).isEqualTo("METHOD_NOT_ALLOWED");
    assertThat(reply.header("Allow")).contains("POST");
  }

  @Test
  void anUnknownRouteIsNotFound() {
    Reply reply = api.get("/api/v1/owls", AUTH, BEARER_ALICE);

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.text("/error/code")).isEqualTo("NOT_FOUND");
    assertThat(reply.text("/error/message")).isEqualTo("No endpoint GET /api/v1/owls");
  }

  @Test
  void anUnexpectedFailureIsAnInternalErrorNamingTheRequestId() {
    runs.failNextCallWith(new IllegalStateException("connection to ledger refused"));

    Reply reply =
        api.get("/api/v1/pipelines/run-1", AUTH, BEARER_ALICE, "X-Request-Id", "trace-42");

    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.text("/error/code")).isEqualTo("INTERNAL_ERROR");
    assertThat(reply.text("/error/message")).contains("trace-42");
    assertThat(reply.text("/meta/request_id")).isEqualTo("trace-42");
    assertThat(reply.header("X-Request-Id")).isEqualTo("trace-42");
    assertThat(reply.body()).doesNotContain("ledger", "IllegalStateException");
  }

  @Test
  void anInsaneIncomingRequestIdIsReplaced() {
    Reply reply = api.get("/api/v1/pipelines/run-1", "X-Request-Id", "<script>alert(1)</script>");

    assertThat(reply.header("X-Request-Id")).startsWith("req_");
    assertThat(reply.text("/meta/request_id")).isEqualTo(reply.header("X-Request-Id"));
  }

  private Reply postPipeline(String body, String contentType) {
    return api.post("/api/v1/pipelines", body, AUTH, BEARER_ALICE, "Content-Type", contentType);
  }

  private static void assertUnauthorized(Reply reply) {
    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.text("/error/code")).isEqualTo("UNAUTHORIZED");
    assertThat(reply.json().at("/error/details").isArray()).isTrue();
    assertThat(reply.text("/meta/request_id")).startsWith("req_");
    assertThat(reply.text("/meta/timestamp")).endsWith("Z");
  }

  @Test
  void aQueryStringOverTheHeaderLimitIsAnErrorEnvelopeNotTomcatsPage() {
    Reply reply = api.get("/api/v1/render?limit=" + "9".repeat(9_000), AUTH, BEARER_ALICE);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.header("Content-Type")).startsWith("application/json");
    assertThat(reply.text("/error/code")).isEqualTo("BAD_REQUEST");
    assertThat(reply.text("/meta/request_id")).startsWith("req_");
  }

  @Test
  void aPathWithAMalformedEscapeIsAnErrorEnvelope() throws Exception {
    String answer = raw("GET /api/v1/timelines/%zz HTTP/1.1");

    assertThat(answer).startsWith("HTTP/1.1 400");
    assertThat(answer).containsIgnoringCase("content-type: application/json");
    assertThat(answer).contains("\"code\":\"BAD_REQUEST\"").doesNotContain("<html");
  }

  @Test
  void aQueryStringWithCharactersTheParserRefusesIsAnErrorEnvelope() throws Exception {
    String answer = raw("GET /api/v1/render?limit={1} HTTP/1.1");

    assertThat(answer).startsWith("HTTP/1.1 400");
    assertThat(answer).containsIgnoringCase("content-type: application/json");
    assertThat(answer).doesNotContain("<html");
  }

  @Test
  void aPathTheSecurityFirewallRefusesIsAnErrorEnvelope() throws Exception {
    // an encoded percent in the path: Spring Security's firewall refuses it before any controller
    String answer = raw("GET /api/v1/analytics/videos/%C2%A9%25a%60 HTTP/1.1");

    assertThat(answer).startsWith("HTTP/1.1 400");
    assertThat(answer).containsIgnoringCase("content-type: application/json");
    assertThat(answer).contains("\"code\":\"BAD_REQUEST\"").doesNotContain("\"error\":\"Bad");
  }

  /** Sends a request line no URI class would build, as a client on the wire could. */
  private String raw(String requestLine) throws java.io.IOException {
    try (var socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      String request =
          requestLine
              + "\r\nHost: 127.0.0.1\r\nAuthorization: "
              + BEARER_ALICE
              + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return new String(
          socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}

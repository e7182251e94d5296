package io.renderowl.api;

import static io.renderowl.api.InMemoryApiApplication.ADMIN_TOKEN;
import static io.renderowl.api.InMemoryApiApplication.ALICE_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.api.ApiClient.Reply;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Admin-only endpoints and sign-in endpoints on the in-memory API (no database). */
@SpringBootTest(
    classes = InMemoryApiApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Timeout(value = 2, unit = TimeUnit.MINUTES) // starts the API on in-memory runs; seconds
class RolesApiTest {

  @LocalServerPort int port;
  ApiClient api;

  @BeforeEach
  void connect() {
    api = new ApiClient(port);
  }

  @Test
  void aUserIsRefusedSystemJobsWithForbiddenBeforeAnythingRuns() {
    Reply list = api.get("/api/v1/jobs", "Authorization", "Bearer " + ALICE_TOKEN);
    Reply run =
        api.post("/api/v1/jobs/stuck-run-reaper/run", "", "Authorization", "Bearer " + ALICE_TOKEN);

    assertThat(list.status()).isEqualTo(403);
    assertThat(list.text("/error/code")).isEqualTo("FORBIDDEN");
    assertThat(list.text("/error/message")).contains("Only admins");
    assertThat(run.status()).isEqualTo(403);
  }

  @Test
  void anAdminGetsPastTheRoleCheck() {
    // This in-memory server has no system jobs: the admin reaches the endpoint, which says so.
    Reply list = api.get("/api/v1/jobs", "Authorization", "Bearer " + ADMIN_TOKEN);

    assertThat(list.status()).isEqualTo(503);
    assertThat(list.text("/error/message")).contains("System jobs are not available");
  }

  @Test
  void signInEndpointsNeedNoTokenAndSayWhenSignInIsNotAvailable() {
    Reply login =
        api.post(
            "/api/v1/auth/login",
            "{\"email\":\"a@b.test\",\"password\":\"x\"}",
            "Content-Type",
            "application/json");

    assertThat(login.status()).isEqualTo(503);
    assertThat(login.text("/error/message")).contains("Sign-in is not available");
  }

  @Test
  void anUnknownTokenIsRefusedWithTheReason() {
    Reply reply = api.get("/api/v1/user", "Authorization", "Bearer owl_not-a-key");

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.text("/error/message")).contains("unknown or revoked");
    assertThat(reply.header("WWW-Authenticate")).contains("invalid_token");
  }
}

package io.renderowl.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renderowl.apibatch.BatchApiTestApplication;
import io.renderowl.infra.users.Accounts;
import io.renderowl.infra.users.Role;
import io.renderowl.infra.users.SignIn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Schemathesis (the pinned version {@code infra/scripts/setup.sh} installs) holds the server on the
 * real engine (with batch jobs and the TEST-ONLY instant stages, so every route is served and the
 * runs it starts end quickly) to the committed contract {@code api/openapi.json}: every operation,
 * generated valid and invalid bodies, parameters and headers, as an authenticated user. No answer
 * is a 5xx, every status, content type and body is the one the contract describes, and the server
 * still answers afterwards. The run is bounded by {@code --max-time} and the number of examples per
 * operation.
 */
@Tag("system")
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(
    classes = BatchApiTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class ApiFuzzSystemTest {

  /** Where setup.sh installs Schemathesis (a virtual environment), unless overridden. */
  static final Path SCHEMATHESIS =
      Path.of(
          System.getenv()
              .getOrDefault(
                  "RENDEROWL_SCHEMATHESIS", "../.owl/tools/schemathesis/bin/schemathesis"));

  private static final int MAX_SECONDS = 240;

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    BatchApiTestApplication.properties(registry);
    // The fuzzer sends thousands of requests as one user: the per-user rate limit (documented as
    // 429 in the contract) would answer most of them, so it is raised to test the endpoints.
    registry.add("RENDEROWL_API_RATE_BURST", () -> "1000000");
    registry.add("RENDEROWL_API_RATE_PER_MINUTE", () -> "1000000");
    // the access JWT outlives the bounded run
    registry.add("RENDEROWL_AUTH_ACCESS_TOKEN_MINUTES", () -> "30");
  }

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired SignIn signIn;

  /**
   * The fuzzer signs in with an access JWT of the built-in issuer, not an API key: it reuses ids
   * from earlier answers as path parameters, so with an API key it listed the key through {@code
   * GET /user/api-keys}, revoked it through {@code DELETE /user/api-keys/{id}} and spent the rest
   * of the run on 401s. A JWT cannot be revoked through the API (the user has no password the
   * fuzzer knows, so it never gets a refresh token to log out), and every operation, revoking keys
   * included, is still fuzzed. The user is an admin so the admin-only routes are fuzzed as well.
   */
  private String fuzzToken() {
    String email = "fuzz-" + UUID.randomUUID() + "@fuzz.test";
    String password = "fuzz-" + UUID.randomUUID();
    accounts.register(email, password, "Fuzz user", Role.ADMIN);
    return signIn.login(email, password).orElseThrow().accessToken();
  }

  @Test
  void theServerKeepsToItsContractUnderGeneratedRequests() throws Exception {
    assumeTrue(
        Files.isExecutable(SCHEMATHESIS),
        "Schemathesis is not installed at " + SCHEMATHESIS + ": run infra/scripts/setup.sh");
    String token = fuzzToken();
    Path report = Files.createTempDirectory("renderowl-fuzz-");
    List<String> command =
        new ArrayList<>(
            List.of(
                SCHEMATHESIS.toString(),
                "run",
                OpenApiContractTest.COMMITTED.toAbsolutePath().toString(),
                "--url",
                "http://127.0.0.1:" + port,
                "--header",
                "Authorization: Bearer " + token,
                "--checks",
                "not_a_server_error,status_code_conformance,content_type_conformance,"
                    + "response_schema_conformance,response_headers_conformance",
                "--phases",
                "examples,coverage,fuzzing,stateful",
                "--max-examples",
                System.getProperty("renderowl.fuzz.examples", "15"),
                "--max-time",
                Integer.toString(MAX_SECONDS),
                "--workers",
                "2",
                "--request-timeout",
                "30",
                "--seed",
                "20261203",
                "--no-color",
                "--report",
                "junit",
                "--report-dir",
                report.toString()));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(report.resolve("output.txt").toFile())
            .start();
    boolean ended = process.waitFor(MAX_SECONDS + 240, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly();
    }
    String output = read(report.resolve("output.txt"));
    System.out.println(output);
    assertThat(ended).as("Schemathesis ended within its bound").isTrue();
    assertThat(process.exitValue()).as(output).isZero();

    ApiClient.Reply after =
        new ApiClient(port).get("/api/v1/timelines", "Authorization", "Bearer " + token);
    assertThat(after.status()).as("the server answers after the fuzzing").isEqualTo(200);
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }
}

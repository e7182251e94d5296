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

  /** Examples, coverage and fuzzing; then the stateful phase: 240 s in all (CI: about 6 min). */
  private static final int STATELESS_SECONDS = 160;

  private static final int STATEFUL_SECONDS = 80;

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
    // Two runs with their own time budgets: in one run the fuzzing phase spent most of the budget
    // and left the stateful phase (which follows the contract's links from the operations that
    // create something to those that take its id) about 20 s.
    String stateless = schemathesis(token, "examples,coverage,fuzzing", STATELESS_SECONDS);
    String stateful = schemathesis(token, "stateful", STATEFUL_SECONDS);
    assertThat(stateful).as("the stateful phase ran and passed").contains("\u2705  Stateful");
    java.util.regex.Matcher links =
        java.util.regex.Pattern.compile("API Links:\\s+(\\d+) covered").matcher(stateful);
    assertThat(links.find() && Integer.parseInt(links.group(1)) > 0)
        .as("the stateful phase followed links: " + stateful)
        .isTrue();
    System.out.println("fuzz figures: " + figures(stateless) + " | " + figures(stateful));

    ApiClient.Reply after =
        new ApiClient(port).get("/api/v1/timelines", "Authorization", "Bearer " + token);
    assertThat(after.status()).as("the server answers after the fuzzing").isEqualTo(200);
  }

  /** Runs Schemathesis' {@code phases} for at most {@code seconds}; its output. */
  private String schemathesis(String token, String phases, int seconds) throws Exception {
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
                phases,
                "--max-examples",
                System.getProperty("renderowl.fuzz.examples", "15"),
                "--max-time",
                Integer.toString(seconds),
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
    boolean ended = process.waitFor(seconds + 120L, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly();
    }
    String output = read(report.resolve("output.txt"));
    System.out.println(output);
    assertThat(ended).as("Schemathesis (%s) ended within its bound", phases).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  /** "77 operations, 13768 test cases, 0 failures, 13 links covered" from a run's summary. */
  static String figures(String output) {
    java.util.regex.Matcher tested =
        java.util.regex.Pattern.compile("Tested: (\\d+)").matcher(output);
    java.util.regex.Matcher cases =
        java.util.regex.Pattern.compile("(\\d+) generated").matcher(output);
    java.util.regex.Matcher links =
        java.util.regex.Pattern.compile("API Links:\\s+(\\d+) covered").matcher(output);
    return (tested.find() ? tested.group(1) : "?")
        + " operations, "
        + (cases.find() ? cases.group(1) : "?")
        + " test cases, "
        + (output.contains("No issues found") || !output.contains("FAILURES") ? 0 : "some")
        + " failures"
        + (links.find() ? ", " + links.group(1) + " links covered" : "");
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }
}

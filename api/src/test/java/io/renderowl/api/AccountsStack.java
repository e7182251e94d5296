package io.renderowl.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.renderowl.apibatch.BatchApiTestApplication;
import io.renderowl.infra.users.Accounts;
import io.renderowl.infra.users.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The API over the real engine (instant stages) with sign-in configured: an external identity
 * provider whose JWKS a WireMock server on loopback serves (a key generated here), and a rate limit
 * high enough for the isolation matrix. The test classes extending it share one application.
 */
@Tag("system")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@SpringBootTest(
    classes = BatchApiTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class AccountsStack {

  static final String IDP_ISSUER = "https://clerk.idp.test";
  static final String IDP_AZP = "https://app.renderowl.test";
  static final int RATE_BURST = 1000;

  /** The identity provider's signing key, generated for this JVM. */
  static final RSAKey IDP_KEY = rsaKey("idp-key-1");

  static final WireMockServer IDP = startIdp();

  /** A state folder of its own: BatchApiSystemTest's application (same classes) locks its own. */
  static final Path HOME = createHome();

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    registry.add("RENDEROWL_HOME", HOME::toString);
    registry.add("RENDEROWL_TEMPORAL_SERVER", () -> "test");
    registry.add("RENDEROWL_SCHEDULER", () -> "false");
    registry.add("spring.batch.job.enabled", () -> "false");
    registry.add("RENDEROWL_AUTH_JWKS_URL", () -> IDP.baseUrl() + "/.well-known/jwks.json");
    registry.add("RENDEROWL_AUTH_JWT_ISSUER", () -> IDP_ISSUER);
    registry.add("RENDEROWL_AUTH_AUTHORIZED_PARTIES", () -> IDP_AZP + ",https://other.test");
    registry.add("RENDEROWL_AUTH_CLOCK_SKEW_SECONDS", () -> "30");
    registry.add("RENDEROWL_API_RATE_BURST", () -> Integer.toString(RATE_BURST));
    registry.add("RENDEROWL_API_RATE_PER_MINUTE", () -> "60");
    // X's OAuth endpoints, stubbed on the same WireMock server: the isolation matrix connects an
    // account through /social/auth and /social/callback.
    registry.add("X_CLIENT_ID", () -> "x-client");
    registry.add("X_CLIENT_SECRET", () -> "x-secret");
    registry.add("X_AUTHORIZE_URL", () -> IDP.baseUrl() + "/i/oauth2/authorize");
    registry.add("X_TOKEN_URL", () -> IDP.baseUrl() + "/2/oauth2/token");
    registry.add("X_API_URL", IDP::baseUrl);
  }

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  ApiClient api;

  @BeforeEach
  void connect() {
    api = new ApiClient(port);
  }

  /** A new local user (password "correct horse battery") and one of its API keys. */
  record TestUser(UUID id, String email, String key) {
    static final String PASSWORD = "correct horse battery";

    String[] auth() {
      return new String[] {"Authorization", "Bearer " + key, "Content-Type", "application/json"};
    }
  }

  TestUser newUser(String label, Role role) {
    String email = label + "-" + UUID.randomUUID() + "@accounts.test";
    UUID id = accounts.register(email, TestUser.PASSWORD, label, role).id();
    return new TestUser(id, email, accounts.createApiKey(id, label + " key").secret());
  }

  private static Path createHome() {
    try {
      return Files.createTempDirectory("renderowl-api-accounts-test-home-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RSAKey rsaKey(String kid) {
    try {
      return new RSAKeyGenerator(2048)
          .keyID(kid)
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.RS256)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static WireMockServer startIdp() {
    WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    server.stubFor(
        get("/.well-known/jwks.json")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(new JWKSet(IDP_KEY.toPublicJWK()).toString())));
    server.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.post("/2/oauth2/token")
            .willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.okJson(
                    "{\"token_type\":\"bearer\",\"expires_in\":7200,\"access_token\":\"x-at\","
                        + "\"scope\":\"tweet.write users.read offline.access\","
                        + "\"refresh_token\":\"x-rt\"}")));
    server.stubFor(
        get("/2/users/me")
            .willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.okJson(
                    "{\"data\":{\"id\":\"99\",\"name\":\"Owl\",\"username\":\"owl_iso\"}}")));
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    return server;
  }
}

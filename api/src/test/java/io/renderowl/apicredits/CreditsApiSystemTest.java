package io.renderowl.apicredits;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.renderowl.infra.credits.internal.StripeSignature;
import io.renderowl.infra.persistence.CreditRepository;
import io.renderowl.infra.persistence.UserRepository;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * /api/v1/credits over HTTP on the real engine: balance, transactions (the seed's list format, the
 * user's own rows only), prices, 402 INSUFFICIENT_CREDITS with the amounts, AI calls charged,
 * Stripe Checkout (the request Stripe receives, against a WireMock stub of {@code POST
 * /v1/checkout/sessions}) and the signed webhook: valid, tampered, replayed, stale.
 */
@Tag("system")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@SpringBootTest(
    classes = CreditsApiTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CreditsApiSystemTest {

  static final String STRIPE_KEY = "sk_test_renderowl_secret";
  static final String WEBHOOK_SECRET = "whsec_renderowl_test";
  static final WireMockServer STRIPE =
      new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    if (!STRIPE.isRunning()) {
      STRIPE.start();
    }
    CreditsApiTestApplication.properties(registry, STRIPE.baseUrl());
  }

  @AfterAll
  static void stopStripe() {
    STRIPE.stop();
  }

  @LocalServerPort int port;
  @Autowired UserRepository users;
  @Autowired CreditRepository credits;

  private final HttpClient http = HttpClient.newHttpClient();
  private final StripeSignature signer =
      new StripeSignature(WEBHOOK_SECRET, Duration.ofMinutes(5), Clock.systemUTC());
  private UUID user;
  private String token;

  @BeforeEach
  void aUserWithATokenAndFiftyCredits() {
    String clerkId = "api_credits_" + UUID.randomUUID();
    user = users.ensureUser(clerkId, clerkId + "@example.test", "Credits user", 50);
    token = "owl_token-" + UUID.randomUUID(); // an API key: "owl_" (the auth branch)
    users.ensureApiToken(user, "test", token);
    STRIPE.resetAll();
  }

  @Test
  void theBalanceTheLedgerAndThePricesAreTheUsers() throws Exception {
    String other = "api_credits_other_" + UUID.randomUUID();
    users.ensureUser(other, other + "@example.test", "Other", 77);

    Reply balance = get("/api/v1/credits/balance");
    assertThat(balance.status()).isEqualTo(200);
    assertThat(balance.json().at("/data/balance").asInt()).isEqualTo(50);
    assertThat(balance.json().at("/data/reserved").asInt()).isZero();
    assertThat(balance.json().at("/data/available").asInt()).isEqualTo(50);

    Reply page = get("/api/v1/credits/transactions?page=1&limit=10");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.json().at("/data")).hasSize(1);
    assertThat(page.json().at("/data/0/type").asString()).isEqualTo("grant");
    assertThat(page.json().at("/data/0/amount").asInt()).isEqualTo(50);
    assertThat(page.json().at("/pagination/total").asLong()).isEqualTo(1);
    assertThat(page.json().at("/pagination/total_pages").asLong()).isEqualTo(1);
    assertThat(get("/api/v1/credits/transactions?limit=101").status()).isEqualTo(400);

    Reply prices = get("/api/v1/credits/prices");
    assertThat(prices.status()).isEqualTo(200);
    assertThat(prices.json().at("/data/prices/render_full_per_30s").asDouble()).isEqualTo(1.0);
    assertThat(prices.json().at("/data/prices/ai_call").asDouble()).isEqualTo(1.0);
    assertThat(prices.json().at("/data/packs/0/id").asString()).isEqualTo("starter");
    assertThat(prices.json().at("/data/packs/0/currency").asString()).isEqualTo("usd");
    assertThat(prices.json().at("/data/purchases").asBoolean()).isTrue();
  }

  @Test
  void aRunTheCreditsDoNotCoverIsRefusedWith402AndTheAmounts() throws Exception {
    credits.chargeOnce(user, 48, "spent elsewhere", "test-spend:" + user, null);

    Reply refused =
        postApi(
            "/api/v1/pipelines",
            "{\"topic\": \"Too dear\", \"aspect\": \"1:1\", \"duration\": 60}",
            "Content-Type",
            "application/json");

    assertThat(refused.status()).as(refused.body()).isEqualTo(402);
    assertThat(refused.json().at("/error/code").asString()).isEqualTo("INSUFFICIENT_CREDITS");
    assertThat(refused.json().at("/error/details/0/field").asString()).isEqualTo("required");
    assertThat(refused.json().at("/error/details/0/message").asString()).isEqualTo("5");
    assertThat(refused.json().at("/error/details/1/field").asString()).isEqualTo("available");
    assertThat(refused.json().at("/error/details/1/message").asString()).isEqualTo("2");
    assertThat(credits.balance(user).balance()).isEqualTo(2);
    assertThat(credits.ledgerSum(user)).isEqualTo(2);
  }

  @Test
  void anAiCallIsChargedOnceAndRefusedWithoutCredits() throws Exception {
    Reply script =
        postApi(
            "/api/v1/ai/script",
            "{\"topic\": \"Owls\", \"durationSeconds\": 20}",
            "Content-Type",
            "application/json");
    assertThat(script.status()).as(script.body()).isEqualTo(200);
    assertThat(credits.balance(user).balance()).isEqualTo(49);

    credits.chargeOnce(user, 49, "spent elsewhere", "test-spend:" + user, null);
    Reply refused =
        postApi(
            "/api/v1/ai/script",
            "{\"topic\": \"Owls\", \"durationSeconds\": 20}",
            "Content-Type",
            "application/json");
    assertThat(refused.status()).isEqualTo(402);
    assertThat(refused.json().at("/error/code").asString()).isEqualTo("INSUFFICIENT_CREDITS");
    assertThat(credits.balance(user).balance()).isZero();
    assertThat(credits.ledgerSum(user)).isZero();
  }

  @Test
  void aPurchaseCreatesACheckoutSessionWithTheDocumentedFormParameters() throws Exception {
    STRIPE.stubFor(
        post(urlEqualTo("/v1/checkout/sessions"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"id": "cs_test_123", "object": "checkout.session",
                         "url": "https://checkout.stripe.com/c/pay/cs_test_123",
                         "mode": "payment", "status": "open", "payment_status": "unpaid"}
                        """)));

    Reply created =
        postApi(
            "/api/v1/credits/purchase",
            "{\"pack\": \"starter\"}",
            "Content-Type",
            "application/json");

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().at("/data/url").asString())
        .isEqualTo("https://checkout.stripe.com/c/pay/cs_test_123");
    assertThat(created.json().at("/data/session_id").asString()).isEqualTo("cs_test_123");
    assertThat(created.json().at("/data/credits").asInt()).isEqualTo(100);
    STRIPE.verify(
        postRequestedFor(urlEqualTo("/v1/checkout/sessions"))
            .withHeader("Authorization", equalTo("Bearer " + STRIPE_KEY))
            .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded")));
    LoggedRequest sent =
        STRIPE.findAll(postRequestedFor(urlEqualTo("/v1/checkout/sessions"))).get(0);
    assertThat(sent.getHeader("Idempotency-Key")).isNotBlank();
    assertThat(form(sent.getBodyAsString()))
        .containsEntry("mode", "payment")
        .containsEntry("success_url", "https://owl.example/paid")
        .containsEntry("cancel_url", "https://owl.example/cancelled")
        .containsEntry("client_reference_id", user.toString())
        .containsEntry("line_items[0][quantity]", "1")
        .containsEntry("line_items[0][price_data][currency]", "usd")
        .containsEntry("line_items[0][price_data][unit_amount]", "500")
        .containsEntry(
            "line_items[0][price_data][product_data][name]", "100 Renderowl credits (starter)")
        .containsEntry("metadata[user_id]", user.toString())
        .containsEntry("metadata[pack]", "starter")
        .containsEntry("metadata[credits]", "100");

    Reply unknown =
        postApi(
            "/api/v1/credits/purchase", "{\"pack\": \"gold\"}", "Content-Type", "application/json");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().at("/error/details/0/field").asString()).isEqualTo("pack");
  }

  @Test
  void stripeRefusingTheSessionIsA502ThatNamesStripesReasonButNotTheKey() throws Exception {
    STRIPE.stubFor(
        post(urlEqualTo("/v1/checkout/sessions"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\": {\"message\": \"Invalid currency: usd\"}}")));

    Reply failed =
        postApi(
            "/api/v1/credits/purchase",
            "{\"pack\": \"starter\"}",
            "Content-Type",
            "application/json");

    assertThat(failed.status()).isEqualTo(502);
    assertThat(failed.body()).contains("Invalid currency").doesNotContain(STRIPE_KEY);
  }

  @Test
  void aSignedCompletedCheckoutGrantsThePackOncePerEvent() throws Exception {
    String eventId = "evt_" + UUID.randomUUID().toString().replace("-", "");
    String body = completedEvent(eventId, user, 100);
    long now = Instant.now().getEpochSecond();

    Reply valid = webhook(body, "t=" + now + ",v1=" + signer.sign(now, body));
    assertThat(valid.status()).as(valid.body()).isEqualTo(200);
    assertThat(valid.json().at("/data/granted").asInt()).isEqualTo(100);
    assertThat(credits.balance(user).balance()).isEqualTo(150);

    // The same event delivered again (Stripe retries) grants nothing more.
    long later = now + 30;
    Reply replayed = webhook(body, "t=" + later + ",v1=" + signer.sign(later, body));
    assertThat(replayed.status()).isEqualTo(200);
    assertThat(replayed.json().at("/data/granted").asInt()).isZero();

    // A body changed after signing is refused, and so is a signature made with another secret.
    String tampered = body.replace("\"100\"", "\"100000\"");
    Reply forged = webhook(tampered, "t=" + now + ",v1=" + signer.sign(now, body));
    assertThat(forged.status()).isEqualTo(400);
    assertThat(forged.json().at("/error/code").asString()).isEqualTo("INVALID_SIGNATURE");
    StripeSignature other =
        new StripeSignature("whsec_other", Duration.ofMinutes(5), Clock.systemUTC());
    assertThat(webhook(body, "t=" + now + ",v1=" + other.sign(now, body)).status()).isEqualTo(400);

    // A delivery signed outside the tolerance window (10 minutes ago) is refused.
    String fresh = completedEvent("evt_stale_" + UUID.randomUUID(), user, 100);
    long stale = now - 600;
    Reply old = webhook(fresh, "t=" + stale + ",v1=" + signer.sign(stale, fresh));
    assertThat(old.status()).isEqualTo(400);
    assertThat(old.json().at("/error/message").asString()).contains("tolerance");

    // No signature at all.
    assertThat(webhook(body, null).status()).isEqualTo(400);

    assertThat(credits.balance(user).balance()).isEqualTo(150);
    assertThat(credits.ledgerSum(user)).isEqualTo(150);
    assertThat(credits.page(user, 10, 0).stream().filter(t -> t.type().equals("purchase")).count())
        .isEqualTo(1);
  }

  @Test
  void otherEventsAreAcknowledgedAndGrantNothing() throws Exception {
    String body =
        "{\"id\": \"evt_other_"
            + UUID.randomUUID()
            + "\", \"type\": \"payment_intent.created\","
            + " \"data\": {\"object\": {}}}";
    long now = Instant.now().getEpochSecond();

    Reply reply = webhook(body, "t=" + now + ",v1=" + signer.sign(now, body));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().at("/data/granted").asInt()).isZero();
    assertThat(credits.balance(user).balance()).isEqualTo(50);
  }

  private static String completedEvent(String eventId, UUID user, int credits) {
    return """
    {"id": "%s", "object": "event", "type": "checkout.session.completed",
     "data": {"object": {"id": "cs_test_paid", "object": "checkout.session",
       "client_reference_id": "%s", "payment_status": "paid",
       "metadata": {"user_id": "%s", "pack": "starter", "credits": "%d"}}}}\
    """
        .formatted(eventId, user, user, credits);
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      form.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return form;
  }

  record Reply(int status, JsonNode json, String body) {}

  private Reply get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).GET().header("Authorization", "Bearer " + token));
  }

  private Reply postApi(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Authorization", "Bearer " + token);
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request);
  }

  /** Stripe's call: no bearer token, the signature header instead. */
  private Reply webhook(String body, String signature) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri("/api/v1/credits/webhook"))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (signature != null) {
      request.header("Stripe-Signature", signature);
    }
    return send(request);
  }

  private Reply send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> response =
        http.send(
            request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), JSON.readTree(response.body()), response.body());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}

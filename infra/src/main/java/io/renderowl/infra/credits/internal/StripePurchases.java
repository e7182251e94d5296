package io.renderowl.infra.credits.internal;

import io.renderowl.infra.config.CreditSettings;
import io.renderowl.infra.credits.Purchases;
import io.renderowl.infra.json.Json;
import io.renderowl.infra.net.LazyHttpClient;
import io.renderowl.infra.persistence.CreditRepository;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Credit packs sold through Stripe Checkout (API reference: "Create a Checkout Session", {@code
 * POST /v1/checkout/sessions}, form-encoded, the secret key as bearer token) and granted by the
 * {@code checkout.session.completed} webhook event, once per event id (the event id is the grant's
 * idempotency key).
 */
public final class StripePurchases implements Purchases {
  static final String COMPLETED = "checkout.session.completed";

  private final CreditSettings.Stripe settings;
  private final CreditRepository ledger;
  private final StripeSignature signature;

  /** Built on the first Checkout call; closed with the bean. */
  private final LazyHttpClient http;

  public StripePurchases(CreditSettings.Stripe settings, CreditRepository ledger, Clock clock) {
    this.settings = settings;
    this.ledger = ledger;
    this.signature =
        new StripeSignature(
            settings.webhookSecret(), Duration.ofSeconds(settings.toleranceSeconds()), clock);
    this.http =
        new LazyHttpClient(
            () -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
  }

  @Override
  public boolean enabled() {
    return settings.checkoutEnabled();
  }

  @Override
  public String currency() {
    return settings.currency();
  }

  @Override
  public List<Pack> packs() {
    return settings.packList().stream().map(p -> new Pack(p.id(), p.credits(), p.price())).toList();
  }

  @Override
  public Checkout checkout(UUID userId, String packId) {
    CreditSettings.Pack pack =
        settings
            .pack(packId)
            .orElseThrow(() ->
                new IllegalArgumentException(
                    "no credit pack '"
                        + packId
                        + "' (packs: "
                        + packs().stream().map(Pack::id).collect(Collectors.joining(", "))
                        + ")"));
    if (!enabled()) {
      throw new IllegalStateException(
          "purchases are not configured (STRIPE_SECRET_KEY is not set); an operator can grant"
              + " credits with 'owl credits grant'");
    }
    Map<String, String> form = new LinkedHashMap<>();
    form.put("mode", "payment");
    form.put("success_url", settings.successUrl());
    form.put("cancel_url", settings.cancelUrl());
    form.put("client_reference_id", userId.toString());
    form.put("line_items[0][quantity]", "1");
    form.put("line_items[0][price_data][currency]", settings.currency());
    form.put("line_items[0][price_data][unit_amount]", Long.toString(pack.price()));
    form.put(
        "line_items[0][price_data][product_data][name]",
        pack.credits() + " Renderowl credits (" + pack.id() + ")");
    form.put("metadata[user_id]", userId.toString());
    form.put("metadata[pack]", pack.id());
    form.put("metadata[credits]", Integer.toString(pack.credits()));
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(stripTrailingSlash(settings.baseUrl()) + "/v1/checkout/sessions"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + settings.secretKey())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Idempotency-Key", "checkout:" + userId + ":" + UUID.randomUUID())
            .POST(HttpRequest.BodyPublishers.ofString(formEncode(form)))
            .build();
    HttpResponse<String> response;
    try {
      response = http.get().send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new PaymentProviderException(
          "Stripe could not be reached to create a Checkout Session: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PaymentProviderException("interrupted while creating a Checkout Session", e);
    }
    JsonNode body = parse(response.body());
    if (response.statusCode() / 100 != 2) {
      String why =
          body == null
              ? "HTTP " + response.statusCode()
              : body.path("error").path("message").asString("");
      throw new PaymentProviderException(
          "Stripe refused the Checkout Session (HTTP " + response.statusCode() + "): " + why);
    }
    if (body == null
        || body.path("url").asString("").isBlank()
        || body.path("id").asString("").isBlank()) {
      throw new PaymentProviderException("Stripe answered a Checkout Session without id or url");
    }
    return new Checkout(
        body.path("id").asString(), body.path("url").asString(), pack.id(), pack.credits());
  }

  @Override
  public WebhookOutcome webhook(String rawBody, String signatureHeader) {
    if (!settings.webhookEnabled()) {
      throw new WebhookSignatureException(
          "webhooks are not configured (STRIPE_WEBHOOK_SECRET is not set)");
    }
    signature.verify(rawBody, signatureHeader);
    JsonNode event = parse(rawBody);
    if (event == null || event.path("id").asString("").isBlank()) {
      throw new IllegalArgumentException("the webhook body is not a Stripe event");
    }
    String eventId = event.path("id").asString();
    String type = event.path("type").asString("");
    if (!type.equals(COMPLETED)) {
      return new WebhookOutcome(eventId, type, 0);
    }
    JsonNode session = event.path("data").path("object");
    String paid = session.path("payment_status").asString("");
    if (!paid.equals("paid") && !paid.equals("no_payment_required")) {
      return new WebhookOutcome(eventId, type, 0); // async payment: granted on its success event
    }
    JsonNode metadata = session.path("metadata");
    UUID userId;
    int credits;
    try {
      userId = UUID.fromString(metadata.path("user_id").asString(""));
      credits = Integer.parseInt(metadata.path("credits").asString(""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "checkout session " + session.path("id").asString("?") + " has no Renderowl metadata", e);
    }
    String pack = metadata.path("pack").asString("");
    String sessionId = session.path("id").asString("");
    boolean granted =
        ledger.add(
            userId,
            "purchase",
            credits,
            "credit pack " + pack + " (Stripe " + sessionId + ")",
            "stripe-event:" + eventId,
            Json.MAPPER.writeValueAsString(
                Map.of("stripe_event", eventId, "checkout_session", sessionId, "pack", pack)));
    return new WebhookOutcome(eventId, type, granted ? credits : 0);
  }

  private static JsonNode parse(String body) {
    try {
      return Json.MAPPER.readTree(body);
    } catch (JacksonException e) {
      return null;
    }
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  static String formEncode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(e ->
            URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /** Shuts down the HTTP client, if a Checkout call built one (Spring calls it with the bean). */
  public void close() {
    http.close();
  }
}

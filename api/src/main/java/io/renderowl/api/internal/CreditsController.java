package io.renderowl.api.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.renderowl.infra.credits.Credits;
import io.renderowl.infra.credits.Purchases;
import io.renderowl.workflows.FieldError;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The seed's {@code /credits}: balance (available and reserved), the ledger (paginated), the price
 * list, buying a credit pack through Stripe Checkout, and Stripe's webhook (signed, no bearer
 * token) that grants a paid pack once per event.
 */
@RestController
@RequestMapping(path = CreditsController.PATH, produces = MediaType.APPLICATION_JSON_VALUE)
final class CreditsController {
  static final String PATH = "/api/v1/credits";

  /** The webhook Stripe calls; authenticated by its signature, not by a bearer token. */
  static final String WEBHOOK = PATH + "/webhook";

  private final ObjectProvider<Credits> credits;
  private final ObjectProvider<Purchases> purchases;

  CreditsController(ObjectProvider<Credits> credits, ObjectProvider<Purchases> purchases) {
    this.credits = credits;
    this.purchases = purchases;
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record BalanceView(int balance, int reserved, int available) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record TransactionView(
      UUID id,
      String type,
      int amount,
      @Nullable String description,
      @Nullable String runId,
      Instant createdAt) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record PackView(String id, int credits, long price, String currency) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record PricesView(Map<String, Double> prices, List<PackView> packs, boolean purchases) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record CheckoutView(String sessionId, String url, String pack, int credits) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record WebhookView(String eventId, String type, int granted) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record PurchaseBody(@NotBlank(message = "is required") @Nullable String pack) {}

  @GetMapping("/balance")
  Envelope<BalanceView> balance(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId) {
    Credits.Balance b = credits().balance(UUID.fromString(userId));
    return Envelope.of(new BalanceView(b.balance(), b.reserved(), b.available()), requestId);
  }

  @GetMapping("/transactions")
  Paged<TransactionView> transactions(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestParam(required = false) @Nullable Integer page,
      @RequestParam(required = false) @Nullable Integer limit) {
    PageRequest pageRequest = PageRequest.of(page, limit);
    UUID user = UUID.fromString(userId);
    List<TransactionView> rows =
        credits().transactions(user, pageRequest.limit(), pageRequest.offset()).stream()
            .map(t ->
                new TransactionView(
                    t.id(), t.type(), t.amount(), t.description(), t.runId(), t.createdAt()))
            .toList();
    return Paged.of(rows, pageRequest, credits().transactionCount(user), requestId);
  }

  @GetMapping("/prices")
  Envelope<PricesView> prices(@RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId) {
    Purchases p = purchases();
    String currency = p.currency();
    List<PackView> packs =
        p.packs().stream()
            .map(pack -> new PackView(pack.id(), pack.credits(), pack.price(), currency))
            .toList();
    return Envelope.of(new PricesView(credits().prices().asMap(), packs, p.enabled()), requestId);
  }

  @ResponseStatus(HttpStatus.CREATED) // the answer's status, also in the OpenAPI contract
  @PostMapping(path = "/purchase", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Envelope<CheckoutView>> purchase(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @Valid @RequestBody PurchaseBody body) {
    Purchases.Checkout checkout;
    try {
      checkout = purchases().checkout(UUID.fromString(userId), body.pack());
    } catch (IllegalArgumentException e) {
      throw new ApiException(
          ApiError.invalidInput(List.of(new FieldError("pack", e.getMessage()))));
    } catch (IllegalStateException e) {
      throw new ApiException(ApiError.ofStatus(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage()));
    } catch (Purchases.PaymentProviderException e) {
      throw new ApiException(ApiError.ofStatus(HttpStatus.BAD_GATEWAY, e.getMessage()));
    }
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(
            Envelope.of(
                new CheckoutView(
                    checkout.sessionId(), checkout.url(), checkout.pack(), checkout.credits()),
                requestId));
  }

  /** Stripe's webhook: the raw body, exactly as sent, is what the signature covers. */
  @PostMapping(path = "/webhook")
  Envelope<WebhookView> webhook(
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestHeader(name = "Stripe-Signature", required = false) @Nullable String signature,
      @RequestBody(required = false) @Nullable String rawBody) {
    try {
      Purchases.WebhookOutcome outcome =
          purchases().webhook(rawBody == null ? "" : rawBody, signature);
      return Envelope.of(
          new WebhookView(outcome.eventId(), outcome.type(), outcome.granted()), requestId);
    } catch (Purchases.WebhookSignatureException e) {
      throw new ApiException(
          new ApiError(HttpStatus.BAD_REQUEST, "INVALID_SIGNATURE", e.getMessage(), List.of()));
    } catch (IllegalArgumentException e) {
      throw new ApiException(ApiError.validation(e.getMessage(), List.of()));
    }
  }

  private Credits credits() {
    Credits c = credits.getIfAvailable();
    if (c == null) {
      throw new ApiException(
          ApiError.ofStatus(
              HttpStatus.SERVICE_UNAVAILABLE, "credits are not kept in this process"));
    }
    return c;
  }

  private Purchases purchases() {
    Purchases p = purchases.getIfAvailable();
    if (p == null) {
      throw new ApiException(
          ApiError.ofStatus(
              HttpStatus.SERVICE_UNAVAILABLE, "purchases are not offered in this process"));
    }
    return p;
  }
}

package io.renderowl.infra.credits;

import java.util.List;
import java.util.UUID;

/** Buying credit packs through Stripe Checkout, and the webhook that grants them. */
public interface Purchases {

  /** Whether purchases are offered (STRIPE_SECRET_KEY set). */
  boolean enabled();

  /** The currency the packs are priced in (ISO code, lower case). */
  String currency();

  /** The packs for sale, cheapest first. */
  List<Pack> packs();

  /**
   * Creates a Checkout Session for the pack.
   *
   * @throws IllegalArgumentException for an unknown pack
   * @throws IllegalStateException when purchases are not configured
   * @throws PaymentProviderException when Stripe refuses or cannot be reached
   */
  Checkout checkout(UUID userId, String packId);

  /**
   * Verifies and handles a webhook delivery: grants the pack of a paid {@code
   * checkout.session.completed} once per event id; other events are acknowledged and ignored.
   *
   * @param rawBody the body exactly as received (the signature covers its bytes)
   * @param signatureHeader the {@code Stripe-Signature} header
   * @throws WebhookSignatureException when the signature is missing, wrong or stale
   */
  WebhookOutcome webhook(String rawBody, String signatureHeader);

  /**
   * A credit pack for sale (RENDEROWL_CREDIT_PACKS).
   *
   * @param price in the currency's smallest unit (cents)
   */
  record Pack(String id, int credits, long price) {}

  /**
   * A Checkout Session to send the buyer to.
   *
   * @param sessionId Stripe's id (cs_...)
   * @param url the hosted payment page
   */
  record Checkout(String sessionId, String url, String pack, int credits) {}

  /**
   * What a webhook delivery did.
   *
   * @param eventId Stripe's event id
   * @param type the event type
   * @param granted credits granted by this delivery (0 for a replay or another event type)
   */
  record WebhookOutcome(String eventId, String type, int granted) {}

  /** The signature of a webhook delivery did not verify; nothing was done. */
  @SuppressWarnings("serial") // never Java-serialized
  final class WebhookSignatureException extends RuntimeException {
    public WebhookSignatureException(String message) {
      super(message);
    }
  }

  /** Stripe refused a request or could not be reached. */
  @SuppressWarnings("serial") // never Java-serialized
  final class PaymentProviderException extends RuntimeException {
    public PaymentProviderException(String message, Throwable cause) {
      super(message, cause);
    }

    public PaymentProviderException(String message) {
      super(message);
    }
  }
}

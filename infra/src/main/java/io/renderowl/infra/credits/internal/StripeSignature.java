package io.renderowl.infra.credits.internal;

import io.renderowl.infra.credits.Purchases.WebhookSignatureException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe's webhook signature ("Verify signatures manually" in Stripe's webhook docs): the {@code
 * Stripe-Signature} header is {@code t=<unix seconds>,v1=<hex>[,v1=<hex>...]}; each {@code v1} is
 * the HMAC-SHA256, keyed with the endpoint's signing secret, of {@code <t>.<raw body>}. A delivery
 * verifies when one {@code v1} matches (compared in constant time) and {@code t} is within the
 * tolerance of now.
 */
public final class StripeSignature {
  private final byte[] secret;
  private final Duration tolerance;
  private final Clock clock;

  public StripeSignature(String secret, Duration tolerance, Clock clock) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.tolerance = tolerance;
    this.clock = clock;
  }

  /**
   * @throws WebhookSignatureException saying what is wrong: no header, no timestamp, no v1
   *     signature, a timestamp outside the tolerance, or no signature that matches
   */
  public void verify(String rawBody, String header) {
    if (header == null || header.isBlank()) {
      throw new WebhookSignatureException("missing Stripe-Signature header");
    }
    Long timestamp = null;
    List<String> signatures = new ArrayList<>();
    for (String element : header.split(",")) {
      int eq = element.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = element.substring(0, eq).strip();
      String value = element.substring(eq + 1).strip();
      if (key.equals("t")) {
        try {
          timestamp = Long.parseLong(value);
        } catch (NumberFormatException e) {
          throw new WebhookSignatureException("Stripe-Signature timestamp is not a number");
        }
      } else if (key.equals("v1")) {
        signatures.add(value);
      }
    }
    if (timestamp == null) {
      throw new WebhookSignatureException("Stripe-Signature has no timestamp (t=)");
    }
    if (signatures.isEmpty()) {
      throw new WebhookSignatureException("Stripe-Signature has no v1 signature");
    }
    long age = clock.instant().getEpochSecond() - timestamp;
    if (Math.abs(age) > tolerance.toSeconds()) {
      throw new WebhookSignatureException(
          "Stripe-Signature timestamp is "
              + age
              + " s from now, outside the tolerance of "
              + tolerance.toSeconds()
              + " s");
    }
    byte[] expected = sign(timestamp, rawBody).getBytes(StandardCharsets.US_ASCII);
    for (String candidate : signatures) {
      if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII))) {
        return;
      }
    }
    throw new WebhookSignatureException("Stripe-Signature does not match the body");
  }

  /** The hex v1 signature of {@code body} sent at {@code timestamp} (unix seconds). */
  public String sign(long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }
}

package io.renderowl.infra.net;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a completion callback, in the {@value #HEADER} header: {@code t=<unix
 * seconds>,v1=<hex HMAC-SHA256 of "t.body" under the user's secret>}. Receivers recompute it over
 * the raw body and the timestamp, compare in constant time and reject old timestamps (replays).
 */
public final class WebhookSignature {
  /** The header that carries the signature. */
  public static final String HEADER = "X-Renderowl-Signature";

  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookSignature() {}

  /** A new secret: 32 random bytes, hex, prefixed {@code whsec_}. */
  public static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return "whsec_" + HexFormat.of().formatHex(bytes);
  }

  /** The header value for {@code body} sent at {@code epochSeconds}. */
  public static String sign(String secret, long epochSeconds, byte[] body) {
    return "t=" + epochSeconds + ",v1=" + HexFormat.of().formatHex(mac(secret, epochSeconds, body));
  }

  /**
   * Whether {@code header} is a valid signature of {@code body} under {@code secret}, made at most
   * {@code toleranceSeconds} before or after {@code nowEpochSeconds}.
   */
  public static boolean verify(
      String secret, String header, byte[] body, long nowEpochSeconds, long toleranceSeconds) {
    long t = -1;
    byte[] given = null;
    for (String part : header.split(",")) {
      String p = part.strip();
      try {
        if (p.startsWith("t=")) {
          t = Long.parseLong(p.substring(2));
        } else if (p.startsWith("v1=")) {
          given = HexFormat.of().parseHex(p.substring(3));
        }
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    if (t < 0 || given == null || Math.abs(nowEpochSeconds - t) > toleranceSeconds) {
      return false;
    }
    return MessageDigest.isEqual(given, mac(secret, t, body));
  }

  private static byte[] mac(String secret, long epochSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((epochSeconds + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}

package io.renderowl.infra.credits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderowl.infra.credits.Purchases.WebhookSignatureException;
import io.renderowl.infra.credits.internal.StripeSignature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StripeSignatureTest {

  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  private static final String SECRET = "whsec_test_secret";
  private static final String BODY = "{\"id\":\"evt_1\",\"type\":\"checkout.session.completed\"}";

  private final StripeSignature signature =
      new StripeSignature(SECRET, Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));

  private String header(long t, String body) {
    return "t=" + t + ",v1=" + signature.sign(t, body);
  }

  @Test
  void theSignatureIsTheHexHmacSha256OfTimestampDotBody() {
    // printf '1700000000.{}' | openssl dgst -sha256 -hmac whsec_test_secret
    assertThat(signature.sign(1700000000L, "{}"))
        .isEqualTo("ceb8863f7208fa249a6cd8f951e993c7563412aca65866f6272283debe143ab3");
  }

  @Test
  void aFreshCorrectSignatureVerifiesAmongOthers() {
    long t = NOW.getEpochSecond() - 10;
    String good = signature.sign(t, BODY);
    assertThatCode(() -> signature.verify(BODY, "t=" + t + ",v0=abc,v1=00ff,v1=" + good))
        .doesNotThrowAnyException();
    assertThatCode(() -> signature.verify(BODY, header(t, BODY))).doesNotThrowAnyException();
  }

  @Test
  void aTamperedBodyIsRefused() {
    long t = NOW.getEpochSecond();
    assertThatThrownBy(() -> signature.verify(BODY.replace("evt_1", "evt_2"), header(t, BODY)))
        .isInstanceOf(WebhookSignatureException.class)
        .hasMessageContaining("does not match");
  }

  @Test
  void aStaleOrFutureTimestampIsRefusedEvenWhenSigned() {
    long stale = NOW.getEpochSecond() - 301;
    long future = NOW.getEpochSecond() + 301;
    assertThatThrownBy(() -> signature.verify(BODY, header(stale, BODY)))
        .isInstanceOf(WebhookSignatureException.class)
        .hasMessageContaining("tolerance");
    assertThatThrownBy(() -> signature.verify(BODY, header(future, BODY)))
        .isInstanceOf(WebhookSignatureException.class)
        .hasMessageContaining("tolerance");
  }

  @Test
  void aMissingOrMalformedHeaderIsRefused() {
    long t = NOW.getEpochSecond();
    assertThatThrownBy(() -> signature.verify(BODY, null)).hasMessageContaining("missing");
    assertThatThrownBy(() -> signature.verify(BODY, "v1=" + signature.sign(t, BODY)))
        .hasMessageContaining("no timestamp");
    assertThatThrownBy(() -> signature.verify(BODY, "t=" + t)).hasMessageContaining("no v1");
    assertThatThrownBy(() -> signature.verify(BODY, "t=soon,v1=00"))
        .hasMessageContaining("not a number");
    StripeSignature otherSecret =
        new StripeSignature("whsec_other", Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));
    assertThatThrownBy(() -> signature.verify(BODY, "t=" + t + ",v1=" + otherSecret.sign(t, BODY)))
        .hasMessageContaining("does not match");
  }
}

package io.renderowl.infra.social.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCipherTest {
  private static final String KEY_A = Base64.getEncoder().encodeToString(new byte[32]);
  private static final String KEY_B;

  static {
    byte[] b = new byte[32];
    b[0] = 7;
    KEY_B = Base64.getEncoder().encodeToString(b);
  }

  @TempDir Path home;

  @Test
  void aSealedTokenOpensOnlyForItsRowAndIsNotThePlainText() {
    TokenCipher c = TokenCipher.configured(KEY_A, "a", "", home);

    String sealed = c.seal("ya29.secret", "row-1");

    assertThat(sealed).doesNotContain("ya29").doesNotContain("secret");
    assertThat(c.seal("ya29.secret", "row-1")).isNotEqualTo(sealed); // fresh nonce
    assertThat(c.open(sealed, "a", "row-1")).isEqualTo("ya29.secret");
    assertThatThrownBy(() -> c.open(sealed, "a", "row-2"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a stored token does not open with key 'a' (wrong key or altered value)");
  }

  @Test
  void aRetiredKeyStillOpensWhatItSealedAfterARotation() {
    String sealedByA = TokenCipher.configured(KEY_A, "a", "", home).seal("t", "row");

    TokenCipher rotated = TokenCipher.configured(KEY_B, "b", "a=" + KEY_A, home);

    assertThat(rotated.currentKeyId()).isEqualTo("b");
    assertThat(rotated.open(sealedByA, "a", "row")).isEqualTo("t");
    assertThat(rotated.open(rotated.seal("t", "row"), "b", "row")).isEqualTo("t");
    assertThatThrownBy(
            () -> TokenCipher.configured(KEY_B, "b", "", home).open(sealedByA, "a", "row"))
        .hasMessageContaining("sealed with key 'a', which is not configured");
  }

  @Test
  void withoutAConfiguredKeyOneIsGeneratedOnceIntoTheStateFolderForTheOwnerOnly() throws Exception {
    TokenCipher first = TokenCipher.configured("", "", "", home.resolve("secrets"));
    String sealed = first.seal("t", "row");

    TokenCipher second = TokenCipher.configured("", "", "", home.resolve("secrets"));

    Path file = home.resolve("secrets/token-key");
    assertThat(file).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(second.currentKeyId()).isEqualTo(first.currentKeyId()).startsWith("k");
    assertThat(second.open(sealed, first.currentKeyId(), "row")).isEqualTo("t");
  }

  @Test
  void aMalformedKeyIsNamedButNeverEchoed() {
    assertThatThrownBy(() -> TokenCipher.configured("not*base64-super-secret", "", "", home))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RENDEROWL_TOKEN_KEY must be base64 (of a 16, 24 or 32 byte key)");
    assertThatThrownBy(() -> TokenCipher.configured(KEY_A, "", "old=c2hvcnQ=", home))
        .hasMessage("RENDEROWL_TOKEN_OLD_KEYS must be a 16, 24 or 32 byte key (got 5 bytes)");
  }
}

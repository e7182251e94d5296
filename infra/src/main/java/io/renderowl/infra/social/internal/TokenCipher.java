package io.renderowl.infra.social.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals tokens at rest with AES-GCM (a fresh 96-bit nonce per value, 128-bit tag). The row's id is
 * the associated data, so a ciphertext copied into another row does not open. The ciphertext is
 * stored as base64 of nonce + sealed bytes, with the id of the key that sealed it beside it: old
 * keys stay readable after a rotation and rows are re-sealed with the current key.
 */
public final class TokenCipher {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String currentId;
  private final Map<String, SecretKey> keys;

  TokenCipher(String currentId, SecretKey current, Map<String, SecretKey> retired) {
    this.currentId = currentId;
    Map<String, SecretKey> all = new LinkedHashMap<>(retired);
    all.put(currentId, current);
    this.keys = Map.copyOf(all);
  }

  /**
   * The cipher from configuration: the key given (base64 of 16, 24 or 32 bytes), else the one
   * generated into {@code secretsDir/token-key} (created, owner-only, on first use).
   *
   * @param keyId the name to store beside ciphertexts; blank = derived from the key
   * @param oldKeys {@code id=base64} pairs, comma separated, of retired keys
   * @throws IllegalArgumentException naming the variable when a key is malformed (never its value)
   */
  public static TokenCipher configured(String key, String keyId, String oldKeys, Path secretsDir) {
    byte[] current =
        key.isBlank() ? generatedKey(secretsDir) : decodeKey(key, "RENDEROWL_TOKEN_KEY");
    Map<String, SecretKey> retired = new LinkedHashMap<>();
    for (String pair : oldKeys.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "RENDEROWL_TOKEN_OLD_KEYS must be id=base64 pairs separated by commas");
      }
      retired.put(
          pair.substring(0, eq).strip(),
          aes(decodeKey(pair.substring(eq + 1).strip(), "RENDEROWL_TOKEN_OLD_KEYS")));
    }
    String id = keyId.isBlank() ? derivedId(current) : keyId.strip();
    return new TokenCipher(id, aes(current), retired);
  }

  /** The id of the key new values are sealed with. */
  public String currentKeyId() {
    return currentId;
  }

  /** The plain text sealed with the current key, bound to {@code rowId}. */
  public String seal(String plain, String rowId) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(rowId.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[nonce.length + sealed.length];
      System.arraycopy(nonce, 0, out, 0, nonce.length);
      System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
      return Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM", e);
    }
  }

  /**
   * Opens a value sealed by {@link #seal} for {@code rowId} with key {@code keyId}.
   *
   * @throws IllegalStateException when the key is unknown or the value was tampered with (the
   *     message names the key id only)
   */
  public String open(String sealed, String keyId, String rowId) {
    SecretKey key = keys.get(keyId);
    if (key == null) {
      throw new IllegalStateException(
          "token sealed with key '"
              + keyId
              + "', which is not configured (RENDEROWL_TOKEN_KEY / RENDEROWL_TOKEN_OLD_KEYS)");
    }
    try {
      byte[] in = Base64.getDecoder().decode(sealed);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
      c.updateAAD(rowId.getBytes(StandardCharsets.UTF_8));
      return new String(
          c.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "a stored token does not open with key '" + keyId + "' (wrong key or altered value)");
    }
  }

  private static byte[] generatedKey(Path dir) {
    Path file = dir.resolve("token-key");
    try {
      if (Files.exists(file)) {
        return decodeKey(Files.readString(file).strip(), file.toString());
      }
      Files.createDirectories(dir);
      byte[] key = new byte[32];
      RANDOM.nextBytes(key);
      Path tmp = Files.createTempFile(dir, "token-key", ".tmp");
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // Windows: the folder's own permissions apply.
      }
      Files.writeString(tmp, Base64.getEncoder().encodeToString(key) + "\n");
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the token key in " + file, e);
    }
  }

  private static byte[] decodeKey(String base64, String variable) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(variable + " must be base64 (of a 16, 24 or 32 byte key)");
    }
    if (key.length != 16 && key.length != 24 && key.length != 32) {
      throw new IllegalArgumentException(
          variable + " must be a 16, 24 or 32 byte key (got " + key.length + " bytes)");
    }
    return key;
  }

  private static String derivedId(byte[] key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
      return "k" + HexFormat.of().formatHex(digest, 0, 4);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SecretKey aes(byte[] key) {
    return new SecretKeySpec(key, "AES");
  }
}

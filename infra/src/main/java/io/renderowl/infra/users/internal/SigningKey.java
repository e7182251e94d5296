package io.renderowl.infra.users.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.UUID;

/**
 * The RSA key the built-in issuer signs access tokens with: read from a JWK set file, or generated
 * into it (readable by its owner only) when the file does not exist.
 */
public final class SigningKey {

  private SigningKey() {}

  /**
   * @throws IllegalStateException when the file exists but holds no RSA private key
   */
  public static RSAKey loadOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        return load(file);
      }
      RSAKey key =
          new RSAKeyGenerator(2048)
              .keyID(UUID.randomUUID().toString())
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.RS256)
              .generate();
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path partial = file.resolveSibling(file.getFileName() + ".partial");
      Files.deleteIfExists(partial);
      Files.createFile(
          partial,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(partial, new JWKSet(key).toString(false), StandardCharsets.UTF_8);
      Files.move(partial, file);
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read or write the signing key " + file, e);
    } catch (JOSEException e) {
      throw new IllegalStateException("could not generate an RSA signing key", e);
    }
  }

  private static RSAKey load(Path file) throws IOException {
    try {
      for (JWK jwk : JWKSet.load(file.toFile()).getKeys()) {
        if (jwk instanceof RSAKey rsa && rsa.isPrivate()) {
          return rsa.getKeyID() == null
              ? new RSAKey.Builder(rsa).keyID(UUID.randomUUID().toString()).build()
              : rsa;
        }
      }
    } catch (ParseException e) {
      throw new IllegalStateException(
          "RENDEROWL_AUTH_SIGNING_KEY " + file + " is not a JWK set: " + e.getMessage(), e);
    }
    throw new IllegalStateException(
        "RENDEROWL_AUTH_SIGNING_KEY " + file + " holds no RSA private key");
  }
}

package io.renderowl.infra.users.internal;

import java.util.Map;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * How passwords are hashed: Argon2id (Spring Security's recommended parameters: 16 MiB, 2
 * iterations) for every new hash, stored as {@code {argon2}...}. Hashes written before, bcrypt
 * without an id prefix, still verify; {@link PasswordEncoder#upgradeEncoding} tells the sign-in to
 * rehash them with Argon2id once the password has been proven.
 */
public final class PasswordHashing {
  static final String ARGON2 = "argon2";

  private PasswordHashing() {}

  public static PasswordEncoder encoder() {
    BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
    DelegatingPasswordEncoder encoder =
        new DelegatingPasswordEncoder(
            ARGON2,
            Map.of(
                ARGON2, Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(), "bcrypt", bcrypt));
    // Hashes stored before the prefix existed are plain bcrypt ("$2a$...").
    encoder.setDefaultPasswordEncoderForMatches(bcrypt);
    return encoder;
  }
}

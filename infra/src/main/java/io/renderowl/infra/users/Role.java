package io.renderowl.infra.users;

import java.util.Locale;

/** What a user may do: {@link #ADMIN}s also run system jobs and see operator views. */
public enum Role {
  USER,
  ADMIN;

  /** The value stored in users.role ({@code user}, {@code admin}). */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException for anything but user or admin
   */
  public static Role of(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "user" -> USER;
      case "admin" -> ADMIN;
      default ->
          throw new IllegalArgumentException("role must be user or admin, was '" + value + "'");
    };
  }
}

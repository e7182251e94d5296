package io.renderowl.infra.users;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Users, their roles, passwords and API keys. Every per-user method is scoped to that user. */
public interface Accounts {

  /** The user with this id, active or not. */
  Optional<Account> find(UUID userId);

  /** The user with this email, active or not. */
  Optional<Account> findByEmail(String email);

  /**
   * Creates a local account that signs in with {@code password} (stored as a bcrypt hash).
   *
   * @throws IllegalArgumentException for a malformed email, a password of fewer than 8 or more than
   *     72 bytes, or an email already taken
   */
  Account register(String email, String password, @Nullable String name, Role role);

  /** Every user, oldest first (an operator view). */
  List<Account> list();

  /** Disables the user with this email; false when there is none. Its keys stop working. */
  boolean disable(String email);

  /** Sets a user's role; false when there is no such user. */
  boolean changeRole(UUID userId, Role role);

  /**
   * Changes a user's name and avatar (a null leaves the value as it is).
   *
   * @throws IllegalArgumentException for a name over 255 characters or an avatar that is not an
   *     http(s) URL
   */
  Optional<Account> update(UUID userId, @Nullable String name, @Nullable String avatarUrl);

  /**
   * Creates an API key for the user; only its hash is kept.
   *
   * @throws IllegalArgumentException for a blank name or one over 100 characters
   */
  NewApiKey createApiKey(UUID userId, String name);

  /**
   * Registers a key made elsewhere (the local user's key file); doing it again changes nothing.
   *
   * @throws IllegalArgumentException when the key is registered for another user
   */
  void registerApiKey(UUID userId, String name, String secret);

  /** The user's keys, newest first, revoked ones included. */
  List<ApiKey> apiKeys(UUID userId, int offset, int limit);

  /** How many keys the user has. */
  long countApiKeys(UUID userId);

  /** Revokes one of the user's keys; false when the user has no such key. */
  boolean revokeApiKey(UUID userId, UUID keyId);
}

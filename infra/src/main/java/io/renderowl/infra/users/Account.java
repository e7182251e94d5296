package io.renderowl.infra.users;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A user as sign-in and the user endpoints see it.
 *
 * @param id users.id
 * @param email users.email
 * @param name display name, if any
 * @param avatarUrl picture, if any
 * @param role user or admin
 * @param local whether the user signs in with a password here (else through an identity provider or
 *     API keys only)
 * @param disabledAt when an operator disabled the user (null while active)
 * @param createdAt when the user was created
 */
public record Account(
    UUID id,
    String email,
    @Nullable String name,
    @Nullable String avatarUrl,
    Role role,
    boolean local,
    @Nullable Instant disabledAt,
    Instant createdAt) {

  public boolean active() {
    return disabledAt == null;
  }
}

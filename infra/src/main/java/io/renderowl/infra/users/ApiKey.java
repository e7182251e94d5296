package io.renderowl.infra.users;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An API key as listed: never the key itself, only its first characters.
 *
 * @param id api_tokens.id
 * @param name what the user called it
 * @param prefix the key's first characters ({@code owl_AbCd})
 * @param createdAt when it was created
 * @param lastUsedAt when a request last carried it
 * @param revokedAt when it was revoked (null while active)
 */
public record ApiKey(
    UUID id,
    String name,
    String prefix,
    Instant createdAt,
    @Nullable Instant lastUsedAt,
    @Nullable Instant revokedAt) {

  /** The prefix every key this installation creates starts with. */
  public static final String KEY_PREFIX = "owl_";
}

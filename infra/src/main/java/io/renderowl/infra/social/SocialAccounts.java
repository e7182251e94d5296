package io.renderowl.infra.social;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Connected social accounts (the {@code social_accounts} table) as the publishers see them: who
 * owns an account, and a valid access token for it. Tokens are stored encrypted; only this
 * interface hands out the plain access token, and only to the code that calls the platform.
 */
public interface SocialAccounts {

  /** The account when it exists and belongs to the user; empty otherwise. */
  Optional<SocialAccount> find(UUID userId, UUID accountId);

  /** The user's active accounts, oldest first. */
  List<SocialAccount> list(UUID userId);

  /**
   * A valid access token for the account, refreshed through the platform's token endpoint first
   * when it expires within a minute.
   *
   * @throws AccountNeedsReconnect when the platform refused the refresh (the account is marked)
   */
  String accessToken(UUID accountId);

  /**
   * A new access token after the platform refused {@code refused} (HTTP 401): refreshed through the
   * platform's token endpoint whatever its stored expiry says, unless another caller already
   * replaced the refused token (then that one). The default reads {@link #accessToken} again.
   *
   * @throws AccountNeedsReconnect when the platform refused the refresh (the account is marked)
   */
  default String refreshedAccessToken(UUID accountId, String refused) {
    return accessToken(accountId);
  }

  /** A connected account, without its tokens. */
  record SocialAccount(
      UUID id,
      UUID userId,
      String platform,
      String platformUserId,
      String username,
      String channelName,
      boolean active) {}

  /** The platform refused the stored credentials; the user has to connect the account again. */
  final class AccountNeedsReconnect extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AccountNeedsReconnect(String message) {
      super(message);
    }
  }
}

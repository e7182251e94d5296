package io.renderowl.infra.social;

import io.renderowl.infra.social.SocialAccounts.SocialAccount;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Connecting accounts over OAuth 2.0 (authorization code grant, PKCE S256 for X and TikTok) and
 * keeping their tokens fresh. The counterpart of {@link SocialAccounts}, which only reads.
 */
public interface SocialConnections {

  /**
   * Starts an authorization: a single-use {@code state} (and PKCE verifier) is stored for the user
   * and the platform's authorize URL returned.
   *
   * @throws IllegalArgumentException when the platform has no client id configured
   */
  AuthorizeLink authorize(UUID userId, SocialPlatform platform);

  /**
   * Finishes an authorization: checks the state, exchanges the code at the platform's token
   * endpoint, reads who the account is, and stores it (updating the same account when it was
   * connected before; a refresh token the platform did not resend is kept).
   *
   * @throws IllegalArgumentException for an unknown, used or expired state, or a state of another
   *     user or platform
   * @throws ConnectionFailed when the platform refused the code or the identity read
   */
  ConnectedAccount complete(UUID userId, SocialPlatform platform, String code, String state);

  /** Disconnects the user's account (tokens wiped); false when it is not theirs. */
  boolean disconnect(UUID userId, UUID accountId);

  /** The user's connected accounts with their token state, oldest first (never the tokens). */
  List<ConnectedAccount> accounts(UUID userId, int offset, int limit);

  /** How many connected accounts the user has. */
  long count(UUID userId);

  /**
   * Refreshes, through each platform's token endpoint, the tokens of active accounts that expire
   * within {@code ahead}; an account the platform refuses is marked as needing reconnection.
   *
   * @return one line per account and a summary (no secrets)
   */
  List<String> refreshDue(Duration ahead);

  /**
   * Refreshes one account's token now (after a 401 from the platform).
   *
   * @throws SocialAccounts.AccountNeedsReconnect when the platform refused the refresh
   */
  void refreshNow(UUID accountId);

  /** An authorize URL to send the user to. */
  record AuthorizeLink(SocialPlatform platform, String url, String state, Instant expiresAt) {}

  /** A connected account and the state of its tokens, as users see it. */
  record ConnectedAccount(
      SocialAccount account,
      Instant connectedAt,
      Instant tokenExpiresAt,
      boolean hasRefreshToken,
      boolean needsReconnect,
      String lastError,
      String scopes) {}

  /** The platform answered with an error; the message quotes it (never a token). */
  final class ConnectionFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConnectionFailed(String message) {
      super(message);
    }
  }
}

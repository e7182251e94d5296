package io.renderowl.activities.publish;

import io.renderowl.activities.provider.ProviderFailures;
import io.renderowl.infra.social.SocialAccounts;
import java.util.UUID;

/**
 * An account's access token for one activity: read from {@link SocialAccounts} (which refreshes an
 * expiring one), and refreshed for real once when the platform answers 401. The token never leaves
 * this object except into an Authorization header.
 */
public final class AccessToken {
  private final SocialAccounts accounts;
  private final UUID accountId;
  private String token;
  private boolean refreshed;

  public AccessToken(SocialAccounts accounts, UUID accountId) {
    this.accounts = accounts;
    this.accountId = accountId;
  }

  /** A token that does not change (benchmarks, tests of one publisher). */
  public static AccessToken fixed(String token) {
    AccessToken t = new AccessToken(null, null);
    t.token = token;
    t.refreshed = true;
    return t;
  }

  public synchronized String current() {
    if (token == null) {
      token = read();
    }
    return token;
  }

  /**
   * The token after the platform refused the current one: the accounts service refreshes it through
   * the platform's token endpoint (whatever its stored expiry says), once per activity.
   */
  public synchronized String refreshed() {
    if (refreshed || accounts == null) {
      throw ProviderFailures.nonRetryable(
          ProviderFailures.REJECTED,
          "the platform refused the refreshed access token of account "
              + accountId
              + "; connect the account again");
    }
    refreshed = true;
    String refused = token;
    try {
      token =
          refused == null
              ? accounts.accessToken(accountId)
              : accounts.refreshedAccessToken(accountId, refused);
    } catch (SocialAccounts.AccountNeedsReconnect e) {
      throw ProviderFailures.nonRetryable(
          ProviderFailures.REJECTED,
          "account " + accountId + " needs to be connected again: " + e.getMessage());
    }
    return token;
  }

  private String read() {
    try {
      return accounts.accessToken(accountId);
    } catch (SocialAccounts.AccountNeedsReconnect e) {
      throw ProviderFailures.nonRetryable(
          ProviderFailures.REJECTED,
          "account " + accountId + " needs to be connected again: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "AccessToken[account " + accountId + "]"; // never the token
  }
}

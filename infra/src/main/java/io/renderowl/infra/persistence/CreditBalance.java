package io.renderowl.infra.persistence;

/**
 * A user's credits.
 *
 * @param balance users.credits_balance: the sum of the user's ledger
 * @param reserved held by running work and not captured yet
 */
public record CreditBalance(int balance, int reserved) {

  /** What new work may reserve. */
  public int available() {
    return balance - reserved;
  }
}

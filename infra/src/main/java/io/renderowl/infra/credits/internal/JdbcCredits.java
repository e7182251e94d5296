package io.renderowl.infra.credits.internal;

import io.renderowl.infra.credits.Credits;
import io.renderowl.infra.credits.PriceList;
import io.renderowl.infra.persistence.CreditBalance;
import io.renderowl.infra.persistence.CreditRepository;
import io.renderowl.infra.persistence.CreditTransactionRow;
import io.renderowl.infra.persistence.ReserveOutcome;
import io.renderowl.infra.pipeline.InsufficientCreditsException;
import io.renderowl.workflows.CostItem;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@link Credits} over the credit ledger in PostgreSQL. */
public final class JdbcCredits implements Credits {
  private final CreditRepository ledger;
  private final PriceList prices;

  public JdbcCredits(CreditRepository ledger, PriceList prices) {
    this.ledger = ledger;
    this.prices = prices;
  }

  @Override
  public Optional<UUID> findUser(String emailOrId) {
    return ledger.findUser(emailOrId);
  }

  @Override
  public Balance balance(UUID userId) {
    CreditBalance b = ledger.balance(userId);
    return new Balance(b.balance(), b.reserved(), b.available());
  }

  @Override
  public List<Transaction> transactions(UUID userId, int limit, long offset) {
    return ledger.page(userId, limit, offset).stream().map(JdbcCredits::transaction).toList();
  }

  @Override
  public long transactionCount(UUID userId) {
    return ledger.count(userId);
  }

  @Override
  public PriceList prices() {
    return prices;
  }

  @Override
  public boolean grant(UUID userId, int amount, String reason, String idempotencyKey) {
    return ledger.add(userId, "grant", amount, reason, idempotencyKey, null);
  }

  @Override
  public void chargeAiCalls(UUID userId, int calls, String what, String idempotencyKey) {
    int credits = prices.creditsFor(CostItem.AI_CALL, calls, false);
    ReserveOutcome outcome = ledger.chargeNow(userId, credits, what, idempotencyKey);
    if (!outcome.reserved()) {
      throw new InsufficientCreditsException(outcome.required(), outcome.available());
    }
  }

  @Override
  public void refund(String idempotencyKey, String reason) {
    ledger.refundCharge(idempotencyKey, reason);
  }

  private static Transaction transaction(CreditTransactionRow row) {
    return new Transaction(
        row.id(), row.type(), row.amount(), row.description(), row.runId(), row.createdAt());
  }
}

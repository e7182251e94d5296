package io.renderowl.infra.persistence;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Credit charges, recorded once per idempotency key, and the ledger behind the balance. */
public class CreditRepository {

  private static final RowMapper<CreditTransactionRow> TRANSACTION =
      (rs, n) ->
          new CreditTransactionRow(
              Columns.uuid(rs, "id"),
              Columns.uuid(rs, "user_id"),
              rs.getString("type"),
              rs.getInt("amount"),
              rs.getString("description"),
              rs.getString("metadata"),
              rs.getString("idempotency_key"),
              Columns.instant(rs, "created_at"));

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;

  public CreditRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
    this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }

  /**
   * Deducts {@code amount} credits from the user unless a transaction with {@code idempotencyKey}
   * exists: records a 'deduction' of -amount and lowers the balance in one transaction. The key is
   * unique across all users, so it should name what is paid for (e.g. "run:" + runId). The balance
   * may go below zero; checking it beforehand is the caller's business.
   *
   * @return true when this call charged, false when the key had been charged before
   */
  public boolean chargeOnce(
      UUID userId, int amount, String description, String idempotencyKey, String metadataJson) {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    if (amount < 0) {
      throw new IllegalArgumentException("amount must be >= 0, was " + amount);
    }
    return transaction.execute(status -> {
      boolean recorded =
          jdbc.sql(
                      """
                      INSERT INTO credit_transactions
                          (user_id, type, amount, description, metadata, idempotency_key)
                      VALUES (:userId, 'deduction', :amount, :description,
                              CAST(:metadata AS jsonb), :key)
                      ON CONFLICT (idempotency_key) DO NOTHING
                      """)
                  .param("userId", userId)
                  .param("amount", -amount)
                  .param("description", description)
                  .param("metadata", metadataJson)
                  .param("key", idempotencyKey)
                  .update()
              == 1;
      if (recorded) {
        jdbc.sql(
                """
                UPDATE users
                SET credits_balance = COALESCE(credits_balance, 0) - :amount, updated_at = NOW()
                WHERE id = :userId
                """)
            .param("userId", userId)
            .param("amount", amount)
            .update();
      }
      return recorded;
    });
  }

  /** The user's credit transactions, newest first. */
  public List<CreditTransactionRow> findByUser(UUID userId) {
    return jdbc.sql(
            "SELECT * FROM credit_transactions WHERE user_id = :userId ORDER BY created_at DESC, id")
        .param("userId", userId)
        .query(TRANSACTION)
        .list();
  }
}

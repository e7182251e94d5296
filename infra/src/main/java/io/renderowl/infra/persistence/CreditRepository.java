package io.renderowl.infra.persistence;

import io.renderowl.infra.metrics.RenderowlMeters;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The credit ledger and the reservations behind the available balance. Every change of a balance is
 * a ledger line recorded once per idempotency key in the same transaction, so the ledger of a user
 * always sums to the balance; reservations hold credits for running work without touching either.
 */
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
              Columns.instant(rs, "created_at"),
              rs.getString("run_id"));

  private static final String HELD = "held";
  private static final String SETTLED = "settled";

  private static final RowMapper<ReservationRow> RESERVATION =
      (rs, n) ->
          new ReservationRow(
              Columns.uuid(rs, "user_id"),
              rs.getString("run_id"),
              rs.getInt("amount"),
              rs.getInt("captured"),
              rs.getString("state"));

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;
  private final TransactionTemplate newTransaction;
  private final RenderowlMeters meters;

  public CreditRepository(DataSource dataSource) {
    this(dataSource, RenderowlMeters.global());
  }

  /**
   * @param meters counts the credits moved ({@code renderowl_credits_total} by kind: reserved,
   *     captured, charged, refunded, released, granted, purchased) as each movement is written
   */
  public CreditRepository(DataSource dataSource, RenderowlMeters meters) {
    this.meters = meters;
    this.jdbc = JdbcClient.create(dataSource);
    DataSourceTransactionManager manager = new DataSourceTransactionManager(dataSource);
    this.transaction = new TransactionTemplate(manager);
    this.newTransaction = new TransactionTemplate(manager);
    this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /**
   * Deducts {@code amount} credits from the user unless a transaction with {@code idempotencyKey}
   * exists: records a 'deduction' and lowers the balance in one transaction. Used for runs started
   * before reservations existed; such a charge takes at most what the balance holds, so the balance
   * never goes below zero. The key is unique across all users, so it should name what is paid for
   * (e.g. "run:" + runId).
   *
   * @return true when this call charged, false when the key had been charged before
   */
  public boolean chargeOnce(
      UUID userId, int amount, String description, String idempotencyKey, String metadataJson) {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    if (amount < 0) {
      throw new IllegalArgumentException("amount must be >= 0, was " + amount);
    }
    return inTransaction(() -> {
      int balance = lockBalance(userId);
      int charge = Math.min(amount, Math.max(0, balance));
      boolean charged =
          record(userId, "deduction", -charge, description, metadataJson, idempotencyKey, null);
      if (charged) {
        meters.credits("charged", charge);
      }
      return charged;
    });
  }

  /**
   * Runs {@code work} in one database transaction, which the methods of this repository (and any
   * other JDBC repository on the same DataSource) called inside it join.
   */
  public <T> T inTransaction(Supplier<T> work) {
    return transaction.execute(status -> work.get());
  }

  /**
   * Runs {@code work} in a transaction of its own, whatever transaction the caller is in: a run is
   * recorded and its credits reserved (or refused) on their own, not with the caller's work (a
   * channel fire's step), and a refusal does not roll the caller's transaction back.
   */
  public <T> T inNewTransaction(Supplier<T> work) {
    return newTransaction.execute(status -> work.get());
  }

  /**
   * Reserves {@code amount} credits for the run unless it has a reservation: locks the user's row,
   * and refuses when the available credits (balance minus what held reservations have not captured)
   * are fewer than {@code amount}. Concurrent reservations of one user are serialised by the row
   * lock, so together they never reserve more than the balance.
   */
  public ReserveOutcome reserve(UUID userId, String runId, int amount, String description) {
    if (amount < 0) {
      throw new IllegalArgumentException("amount must be >= 0, was " + amount);
    }
    return inTransaction(() -> {
      int balance = lockBalance(userId);
      int available = balance - heldCredits(userId);
      boolean exists =
          jdbc.sql("SELECT count(*) FROM credit_reservations WHERE run_id = :runId")
                  .param("runId", runId)
                  .query(Integer.class)
                  .single()
              > 0;
      if (exists) {
        return new ReserveOutcome(true, amount, available);
      }
      if (available < amount) {
        return new ReserveOutcome(false, amount, available);
      }
      jdbc.sql(
              """
              INSERT INTO credit_reservations (user_id, run_id, amount, description)
              VALUES (:userId, :runId, :amount, :description)
              """)
          .param("userId", userId)
          .param("runId", runId)
          .param("amount", amount)
          .param("description", description)
          .update();
      meters.credits("reserved", amount);
      return new ReserveOutcome(true, amount, available - amount);
    });
  }

  /**
   * Charges one step of a run against its held reservation, once per (run, step): records a
   * 'deduction' under the key {@code run:<runId>:<step>} and lowers the balance. The charge is at
   * most what the reservation has left, so it is always covered. Nothing happens when the run has
   * no held reservation (it ended, or it was started before reservations existed) or the step was
   * charged before (a retried activity, a restarted worker).
   *
   * @return the credits this call charged
   */
  public int capture(String runId, String step, int credits, String description) {
    if (credits < 0) {
      throw new IllegalArgumentException("credits must be >= 0, was " + credits);
    }
    return inTransaction(() -> {
      Optional<ReservationRow> held = lockReservation(runId).filter(r -> r.state().equals(HELD));
      if (held.isEmpty() || credits == 0) {
        return 0;
      }
      ReservationRow r = held.get();
      int charge = Math.min(credits, r.amount() - r.captured());
      String metadata =
          "{\"run_id\":\"" + runId + "\",\"step\":\"" + step + "\",\"price\":" + credits + "}";
      if (charge <= 0
          || !record(
              r.userId(),
              "deduction",
              -charge,
              description,
              metadata,
              stepKey(runId, step),
              runId)) {
        return 0;
      }
      jdbc.sql(
              """
              UPDATE credit_reservations SET captured = captured + :charge, updated_at = NOW()
              WHERE run_id = :runId
              """)
          .param("charge", charge)
          .param("runId", runId)
          .update();
      meters.credits("captured", charge);
      return charge;
    });
  }

  /**
   * Ends a delivered run's reservation: what it captured stays charged, the rest is released. Only
   * the first call changes anything.
   *
   * @return the credits released, or empty when the run had no held reservation
   */
  public Optional<Integer> settle(String runId) {
    Optional<Integer> released = settleReservation(runId);
    released.ifPresent(credits -> meters.credits("released", credits));
    return released;
  }

  private Optional<Integer> settleReservation(String runId) {
    return jdbc.sql(
            """
            UPDATE credit_reservations SET state = 'settled', updated_at = NOW()
            WHERE run_id = :runId AND state = 'held'
            RETURNING amount - captured
            """)
        .param("runId", runId)
        .query(Integer.class)
        .optional();
  }

  /**
   * Ends an undelivered (failed or cancelled) run's reservation: refunds every step charged for it,
   * once each (key {@code refund:run:<runId>:<step>}), and releases the rest. A run whose
   * reservation was settled (it delivered) is left alone.
   *
   * @return the credits refunded by this call
   */
  public int refundAndRelease(String runId, String reason) {
    return inTransaction(() -> {
      Optional<ReservationRow> found = lockReservation(runId);
      if (found.isEmpty() || found.get().state().equals(SETTLED)) {
        return 0;
      }
      UUID userId = found.get().userId();
      int refunded = 0;
      for (CreditTransactionRow charge :
          jdbc.sql(
                  """
                  SELECT * FROM credit_transactions
                  WHERE run_id = :runId AND type = 'deduction' ORDER BY created_at, id
                  """)
              .param("runId", runId)
              .query(TRANSACTION)
              .list()) {
        if (record(
            userId,
            "refund",
            -charge.amount(),
            "refund: " + charge.description() + " (" + reason + ")",
            null,
            "refund:" + charge.idempotencyKey(),
            runId)) {
          refunded += -charge.amount();
        }
      }
      jdbc.sql(
              """
              UPDATE credit_reservations SET state = 'released', updated_at = NOW()
              WHERE run_id = :runId AND state = 'held'
              """)
          .param("runId", runId)
          .update();
      meters.credits("refunded", refunded);
      return refunded;
    });
  }

  /**
   * Charges {@code credits} at once (an AI call), once per key, when the user's available credits
   * cover it.
   *
   * @return the outcome; {@code reserved} is false when the credits did not cover it
   */
  public ReserveOutcome chargeNow(
      UUID userId, int credits, String description, String idempotencyKey) {
    return inTransaction(() -> {
      int balance = lockBalance(userId);
      int available = balance - heldCredits(userId);
      if (credits == 0) {
        return new ReserveOutcome(true, 0, available);
      }
      boolean charged =
          jdbc.sql("SELECT count(*) FROM credit_transactions WHERE idempotency_key = :key")
                  .param("key", idempotencyKey)
                  .query(Integer.class)
                  .single()
              > 0;
      if (charged) {
        return new ReserveOutcome(true, credits, available);
      }
      if (available < credits) {
        return new ReserveOutcome(false, credits, available);
      }
      if (record(userId, "deduction", -credits, description, null, idempotencyKey, null)) {
        meters.credits("charged", credits);
      }
      return new ReserveOutcome(true, credits, available - credits);
    });
  }

  /**
   * Refunds the charge recorded under {@code idempotencyKey} (work that did not deliver), once.
   *
   * @return the credits refunded by this call
   */
  public int refundCharge(String idempotencyKey, String reason) {
    return inTransaction(() -> {
      Optional<CreditTransactionRow> charge =
          jdbc.sql(
                  """
                  SELECT * FROM credit_transactions
                  WHERE idempotency_key = :key AND type = 'deduction'
                  """)
              .param("key", idempotencyKey)
              .query(TRANSACTION)
              .optional();
      if (charge.isEmpty() || charge.get().amount() == 0) {
        return 0;
      }
      CreditTransactionRow c = charge.get();
      lockBalance(c.userId());
      boolean refunded =
          record(
              c.userId(),
              "refund",
              -c.amount(),
              "refund: " + c.description() + " (" + reason + ")",
              null,
              "refund:" + idempotencyKey,
              c.runId());
      if (refunded) {
        meters.credits("refunded", -c.amount());
      }
      return refunded ? -c.amount() : 0;
    });
  }

  /**
   * Adds credits ('grant' or 'purchase'), once per key.
   *
   * @return true when this call added them, false when the key had been used before
   */
  public boolean add(
      UUID userId,
      String type,
      int amount,
      String description,
      String idempotencyKey,
      String metadataJson) {
    if (!type.equals("grant") && !type.equals("purchase")) {
      throw new IllegalArgumentException("type must be grant or purchase, was " + type);
    }
    if (amount < 1) {
      throw new IllegalArgumentException("amount must be at least 1, was " + amount);
    }
    return inTransaction(() -> {
      lockBalance(userId);
      boolean added = record(userId, type, amount, description, metadataJson, idempotencyKey, null);
      if (added) {
        meters.credits(type.equals("grant") ? "granted" : "purchased", amount);
      }
      return added;
    });
  }

  /** The user's balance and the credits held by reservations. */
  public CreditBalance balance(UUID userId) {
    int balance =
        jdbc.sql("SELECT COALESCE(credits_balance, 0) FROM users WHERE id = :id")
            .param("id", userId)
            .query(Integer.class)
            .optional()
            .orElseThrow(() -> new NoSuchElementException("no user " + userId));
    return new CreditBalance(balance, heldCredits(userId));
  }

  /** The sum of the user's ledger; equal to the balance when the books are straight. */
  public int ledgerSum(UUID userId) {
    return jdbc.sql(
            "SELECT COALESCE(SUM(amount), 0) FROM credit_transactions WHERE user_id = :userId")
        .param("userId", userId)
        .query(Integer.class)
        .single();
  }

  /** One page of the user's transactions, newest first. */
  public List<CreditTransactionRow> page(UUID userId, int limit, long offset) {
    return jdbc.sql(
            """
            SELECT * FROM credit_transactions WHERE user_id = :userId
            ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset
            """)
        .param("userId", userId)
        .param("limit", limit)
        .param("offset", offset)
        .query(TRANSACTION)
        .list();
  }

  public long count(UUID userId) {
    return jdbc.sql("SELECT count(*) FROM credit_transactions WHERE user_id = :userId")
        .param("userId", userId)
        .query(Long.class)
        .single();
  }

  /** The id of the user with this email, or with this id. */
  public Optional<UUID> findUser(String emailOrId) {
    return jdbc.sql(
            "SELECT id FROM users WHERE lower(email) = lower(:ref) OR CAST(id AS TEXT) = :ref")
        .param("ref", emailOrId.strip())
        .query(UUID.class)
        .optional();
  }

  /** The run's reservation, if it has one. */
  public Optional<ReservationRow> reservation(String runId) {
    return jdbc.sql("SELECT * FROM credit_reservations WHERE run_id = :runId")
        .param("runId", runId)
        .query(RESERVATION)
        .optional();
  }

  static String stepKey(String runId, String step) {
    return "run:" + runId + ":" + step;
  }

  /**
   * Locks the user's row for the rest of the transaction and reads the balance. NO KEY UPDATE:
   * serialises the user's credit changes without conflicting with the key-share locks that rows
   * referencing the user (a run recorded in the same transaction) take, which FOR UPDATE would turn
   * into deadlocks between concurrent submissions.
   */
  private int lockBalance(UUID userId) {
    return jdbc.sql(
            "SELECT COALESCE(credits_balance, 0) FROM users WHERE id = :id FOR NO KEY UPDATE")
        .param("id", userId)
        .query(Integer.class)
        .optional()
        .orElseThrow(() -> new NoSuchElementException("no user " + userId));
  }

  private int heldCredits(UUID userId) {
    return jdbc.sql(
            """
            SELECT COALESCE(SUM(amount - captured), 0) FROM credit_reservations
            WHERE user_id = :userId AND state = 'held'
            """)
        .param("userId", userId)
        .query(Integer.class)
        .single();
  }

  private Optional<ReservationRow> lockReservation(String runId) {
    return jdbc.sql("SELECT * FROM credit_reservations WHERE run_id = :runId FOR UPDATE")
        .param("runId", runId)
        .query(RESERVATION)
        .optional();
  }

  /** Inserts a ledger line once per key and moves the balance by its amount. */
  private boolean record(
      UUID userId,
      String type,
      int amount,
      String description,
      String metadataJson,
      String key,
      String runId) {
    boolean recorded =
        jdbc.sql(
                    """
                    INSERT INTO credit_transactions
                        (user_id, type, amount, description, metadata, idempotency_key, run_id)
                    VALUES (:userId, :type, :amount, :description,
                            CAST(:metadata AS jsonb), :key, :runId)
                    ON CONFLICT (idempotency_key) DO NOTHING
                    """)
                .param("userId", userId)
                .param("type", type)
                .param("amount", amount)
                .param("description", description)
                .param("metadata", metadataJson)
                .param("key", key)
                .param("runId", runId)
                .update()
            == 1;
    if (recorded && amount != 0) {
      jdbc.sql(
              """
              UPDATE users
              SET credits_balance = COALESCE(credits_balance, 0) + :amount, updated_at = NOW()
              WHERE id = :userId
              """)
          .param("userId", userId)
          .param("amount", amount)
          .update();
    }
    return recorded;
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

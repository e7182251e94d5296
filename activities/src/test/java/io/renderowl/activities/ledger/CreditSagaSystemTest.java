package io.renderowl.activities.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.renderowl.infra.credits.PriceList;
import io.renderowl.infra.persistence.CreditBalance;
import io.renderowl.infra.persistence.CreditRepository;
import io.renderowl.infra.persistence.CreditTransactionRow;
import io.renderowl.infra.persistence.PipelineRunRepository;
import io.renderowl.infra.persistence.UserRepository;
import io.renderowl.infra.pipeline.InsufficientCreditsException;
import io.renderowl.infra.pipeline.PipelineRuns;
import io.renderowl.infra.pipeline.RunStatus;
import io.renderowl.infra.temporal.TemporalConnection;
import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.CostItem;
import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.PipelineRequests;
import io.renderowl.workflows.RunState;
import io.renderowl.workflows.StepCost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The credit saga on the embedded stack with real workflows (instant stages, prices on every step):
 * a run's estimate is reserved when it is recorded, each step is charged once, a completed run
 * releases the rest, a failed or cancelled run is refunded, a crashing ledger charges nothing
 * twice, and concurrent submissions never reserve more than the balance. After every scenario the
 * user's ledger sums to the balance.
 *
 * <p>With the test prices (AI call 1, picture 1, speech 0.1/s, render 2 per 30 s, publish 1) a 20 s
 * instant run (one scene, 1 s of video) costs 2 + 1 + 2 + 2 + 1 = 8 credits and reserves 13 (25 s
 * at most: 2 AI calls, 5 pictures, 3 for speech, 2 for the video, 1 publish).
 */
@Tag("system")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@SpringBootTest(classes = CreditSagaTestApplication.class)
class CreditSagaSystemTest {

  static final int RUN_COST = 8;
  static final int ESTIMATE = 13;

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    CreditSagaTestApplication.properties(registry);
  }

  @Autowired PipelineRuns runs;
  @Autowired CreditRepository credits;
  @Autowired UserRepository users;
  @Autowired PipelineRunRepository runRows;
  @Autowired TemporalConnection temporal;
  @Autowired PriceList prices;

  @AfterAll
  static void releaseHeldPublishes() {
    CreditSagaTestApplication.RELEASE.countDown();
  }

  @Test
  void theEstimateIsWhatTheTestPricesSay() {
    assertThat(prices.estimate(request(UUID.randomUUID(), "any"))).isEqualTo(ESTIMATE);
  }

  @Test
  void aCompletedRunIsChargedItsStepsOnceAndReleasesTheRest() {
    UUID user = newUser(100);
    PipelineRequest request = request(user, "Completed run");

    String runId = runs.start(request).runId();
    assertThat(credits.reservation(runId).orElseThrow().amount()).isEqualTo(ESTIMATE);
    RunStatus end = awaitEnd(runId);

    assertThat(end.state()).isEqualTo(RunState.COMPLETED);
    assertThat(credits.balance(user)).isEqualTo(new CreditBalance(100 - RUN_COST, 0));
    assertThat(credits.reservation(runId).orElseThrow().state()).isEqualTo("settled");
    assertThat(deductions(user))
        .extracting(CreditTransactionRow::idempotencyKey)
        .containsExactlyInAnyOrder(
            "run:" + runId + ":script",
            "run:" + runId + ":visuals",
            "run:" + runId + ":voice",
            "run:" + runId + ":render",
            "run:" + runId + ":publish");
    assertBooksBalance(user);
  }

  @Test
  void aFailedRunIsRefundedEveryStepAndReleased() {
    UUID user = newUser(100);
    String runId =
        runs.start(request(user, "Failing run " + CreditSagaTestApplication.FAIL)).runId();
    RunStatus end = awaitEnd(runId);

    assertThat(end.state()).isEqualTo(RunState.FAILED);
    assertThat(end.message()).contains("the platform refused the video");
    assertThat(credits.balance(user)).isEqualTo(new CreditBalance(100, 0));
    assertThat(credits.reservation(runId).orElseThrow().state()).isEqualTo("released");
    List<CreditTransactionRow> charged = deductions(user);
    List<CreditTransactionRow> refunded = ofType(user, "refund");
    assertThat(charged).hasSize(4); // script, visuals, voice, render: publish never finished
    assertThat(refunded)
        .extracting(CreditTransactionRow::idempotencyKey)
        .containsExactlyInAnyOrderElementsOf(
            charged.stream().map(c -> "refund:" + c.idempotencyKey()).toList());
    assertBooksBalance(user);

    // Refunding again (a retried activity, the reaper) changes nothing.
    assertThat(credits.refundAndRelease(runId, "again")).isZero();
    assertThat(credits.balance(user)).isEqualTo(new CreditBalance(100, 0));
    assertBooksBalance(user);
  }

  @Test
  void aCancelledRunIsRefundedAndReleased() {
    UUID user = newUser(100);
    String runId =
        runs.start(request(user, "Cancelled run " + CreditSagaTestApplication.HOLD)).runId();
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> credits.reservation(runId).orElseThrow().captured() == RUN_COST - 1);

    temporal.client().newUntypedWorkflowStub(runId).cancel();
    RunStatus end = awaitEnd(runId);

    assertThat(end.state()).isEqualTo(RunState.FAILED);
    assertThat(end.message()).contains("cancelled");
    assertThat(credits.balance(user)).isEqualTo(new CreditBalance(100, 0));
    assertThat(ofType(user, "refund")).hasSize(4);
    assertBooksBalance(user);
  }

  @Test
  void aLedgerThatCrashesAfterEveryCommitIsRetriedAndChargesEachStepOnce() {
    UUID user = newUser(100);
    PipelineRequest request = request(user, "Crashing ledger");
    CreditSagaTestApplication.CRASHING_RUNS.add(PipelineRequests.runId(request));

    String runId = runs.start(request).runId();
    RunStatus end = awaitEnd(runId);

    assertThat(end.state()).isEqualTo(RunState.COMPLETED);
    assertThat(CreditSagaTestApplication.CRASHED)
        .contains(runId + ":script", runId + ":render", runId + ":completed");
    assertThat(credits.balance(user)).isEqualTo(new CreditBalance(100 - RUN_COST, 0));
    assertThat(deductions(user)).hasSize(5);
    assertBooksBalance(user);

    // A killed worker's activity delivered again, after the run ended, charges nothing.
    new RunLedgerActivitiesImpl(runRows, credits, prices)
        .chargeStep(runId, new StepCost("render", CostItem.RENDER, 1, false));
    assertThat(credits.balance(user)).isEqualTo(new CreditBalance(100 - RUN_COST, 0));
    assertBooksBalance(user);
  }

  @Test
  void tooFewCreditsRefuseTheRunWithTheAmountsAndRecordNothing() {
    UUID user = newUser(ESTIMATE - 1);
    PipelineRequest request = request(user, "Too expensive");

    assertThatThrownBy(() -> runs.start(request))
        .isInstanceOfSatisfying(
            InsufficientCreditsException.class,
            e -> {
              assertThat(e.required()).isEqualTo(ESTIMATE);
              assertThat(e.available()).isEqualTo(ESTIMATE - 1);
            })
        .hasMessageContaining("INSUFFICIENT_CREDITS");
    assertThat(runRows.find(PipelineRequests.runId(request))).isEmpty();
    assertThat(credits.reservation(PipelineRequests.runId(request))).isEmpty();
    assertThat(credits.balance(user)).isEqualTo(new CreditBalance(ESTIMATE - 1, 0));
    assertBooksBalance(user);
  }

  @Test
  void manyRunsSubmittedAtOnceNeverReserveMoreThanTheBalance() throws Exception {
    int balance = 3 * ESTIMATE + 5; // room for three runs
    UUID user = newUser(balance);
    int submissions = 12;
    ExecutorService pool = Executors.newFixedThreadPool(submissions);
    List<Future<String>> results = new ArrayList<>();
    try {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      for (int i = 0; i < submissions; i++) {
        PipelineRequest request = request(user, "Concurrent run " + i);
        Callable<String> submit =
            () -> {
              go.await();
              try {
                return runs.start(request).runId();
              } catch (InsufficientCreditsException e) {
                return "refused";
              }
            };
        results.add(pool.submit(submit));
      }
      go.countDown();
      List<String> started = new ArrayList<>();
      for (Future<String> f : results) {
        String r = f.get(2, TimeUnit.MINUTES);
        if (!r.equals("refused")) {
          started.add(r);
        }
      }

      assertThat(started).hasSize(3);
      for (String runId : started) {
        assertThat(awaitEnd(runId).state()).isEqualTo(RunState.COMPLETED);
      }
      assertThat(credits.balance(user)).isEqualTo(new CreditBalance(balance - 3 * RUN_COST, 0));
      assertBooksBalance(user);
    } finally {
      pool.shutdownNow();
    }
  }

  private UUID newUser(int credits) {
    String clerkId = "saga_" + UUID.randomUUID();
    return users.ensureUser(clerkId, clerkId + "@example.test", "Saga user", credits);
  }

  private static PipelineRequest request(UUID user, String topic) {
    return new PipelineRequest(
        user.toString(), topic, Aspect.LANDSCAPE, 20, "en", List.of("local-folder"), "");
  }

  private RunStatus awaitEnd(String runId) {
    return await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> runs.status(runId).orElseThrow(), RunStatus::finished);
  }

  private List<CreditTransactionRow> deductions(UUID user) {
    return ofType(user, "deduction");
  }

  private List<CreditTransactionRow> ofType(UUID user, String type) {
    return credits.page(user, 100, 0).stream().filter(t -> t.type().equals(type)).toList();
  }

  /** The ledger sums to the balance, nothing is held, and the balance is not negative. */
  private void assertBooksBalance(UUID user) {
    CreditBalance b = credits.balance(user);
    assertThat(credits.ledgerSum(user)).as("ledger sum").isEqualTo(b.balance());
    assertThat(b.balance()).isNotNegative();
    assertThat(b.available()).isNotNegative();
  }
}

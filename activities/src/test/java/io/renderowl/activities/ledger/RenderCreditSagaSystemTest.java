package io.renderowl.activities.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.renderowl.infra.persistence.CreditBalance;
import io.renderowl.infra.persistence.CreditRepository;
import io.renderowl.infra.persistence.CreditTransactionRow;
import io.renderowl.infra.persistence.TimelineRepository;
import io.renderowl.infra.persistence.UserRepository;
import io.renderowl.infra.pipeline.InsufficientCreditsException;
import io.renderowl.infra.pipeline.RenderOrder;
import io.renderowl.infra.pipeline.RenderRuns;
import io.renderowl.infra.pipeline.Renders;
import io.renderowl.infra.pipeline.StartedRender;
import io.renderowl.infra.temporal.TemporalConnection;
import io.renderowl.workflows.RenderResult;
import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TrackDocument;
import io.temporal.client.WorkflowFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Standalone renders ({@code owl render} through {@link RenderRuns}, {@code POST /render} through
 * {@link Renders}) pay like pipeline runs, on the embedded stack with the real render workflow: the
 * estimate is reserved with the render's rows, the video is charged once when the render delivers
 * and the rest released, a failed or cancelled render is released, too few credits refuse it with
 * nothing recorded, and concurrent renders never reserve more than the balance. After every
 * scenario the user's ledger sums to the balance.
 *
 * <p>With the test prices (render 2 credits per started 30 s of full video) a 20 s timeline
 * reserves 2 credits and its instant render (1 s of video) is charged 2.
 */
@Tag("system")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@SpringBootTest(classes = CreditSagaTestApplication.class)
class RenderCreditSagaSystemTest {

  static final int RENDER_COST = 2;

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    CreditSagaTestApplication.properties(registry);
  }

  @Autowired RenderRuns renderRuns;
  @Autowired Renders renders;
  @Autowired CreditRepository credits;
  @Autowired UserRepository users;
  @Autowired TimelineRepository timelines;
  @Autowired TemporalConnection temporal;
  @Autowired DataSource dataSource;

  @AfterAll
  static void releaseHeldRenders() {
    CreditSagaTestApplication.RENDER_RELEASE.countDown();
  }

  @Test
  void aCompletedRenderIsChargedOnceAndReleasesTheRest() {
    UUID user = newUser(100);

    String runId = renderRuns.start(user.toString(), timeline(20), 0, 1, false);
    assertThat(credits.reservation(runId).orElseThrow().amount()).isEqualTo(RENDER_COST);
    awaitResult(runId);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> credits.reservation(runId).orElseThrow().state().equals("settled"));
    assertThat(credits.balance(user)).isEqualTo(new CreditBalance(100 - RENDER_COST, 0));
    assertThat(ofType(user, "deduction"))
        .singleElement()
        .satisfies(d -> {
          assertThat(d.idempotencyKey()).isEqualTo("run:" + runId + ":render");
          assertThat(d.amount()).isEqualTo(-RENDER_COST);
        });
    assertBooksBalance(user);
  }

  @Test
  void aFailedRenderChargesNothingAndReleasesItsReservation() {
    UUID user = newUser(100);
    CreditSagaTestApplication.FAILING_RENDER_USERS.add(user.toString());

    String runId = renderRuns.start(user.toString(), timeline(20), 0, 1, false);
    assertThatThrownBy(() -> awaitResult(runId))
        .isInstanceOf(WorkflowFailedException.class)
        .hasStackTraceContaining("the timeline cannot be rendered");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> credits.reservation(runId).orElseThrow().state().equals("released"));
    assertThat(credits.balance(user)).isEqualTo(new CreditBalance(100, 0));
    assertThat(ofType(user, "deduction")).isEmpty();
    assertBooksBalance(user);
  }

  @Test
  void aRenderCancelledOverTheApiIsReleased() {
    UUID user = newUser(100);
    CreditSagaTestApplication.HELD_RENDER_USERS.add(user.toString());
    UUID timelineId = timelines.save(user, timeline(20));

    StartedRender started =
        renders.start(
            new RenderOrder(
                user.toString(), timelineId.toString(), null, 1, null, "cancel-" + user));
    String runId = started.render().runId();
    assertThat(credits.balance(user)).isEqualTo(new CreditBalance(100, RENDER_COST));

    renders.cancel(user.toString(), started.render().id());
    assertThatThrownBy(() -> awaitResult(runId)).isInstanceOf(WorkflowFailedException.class);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> credits.reservation(runId).orElseThrow().state().equals("released"));
    assertThat(credits.balance(user)).isEqualTo(new CreditBalance(100, 0));
    assertThat(ofType(user, "deduction")).isEmpty();
    assertBooksBalance(user);
  }

  @Test
  void theSameIdempotencyKeyIsOneRenderAndOneReservation() {
    UUID user = newUser(100);
    UUID timelineId = timelines.save(user, timeline(20));
    RenderOrder order =
        new RenderOrder(user.toString(), timelineId.toString(), null, 1, null, "twice-" + user);

    StartedRender first = renders.start(order);
    StartedRender second = renders.start(order);
    awaitResult(first.render().runId());

    assertThat(second.created()).isFalse();
    assertThat(second.render().id()).isEqualTo(first.render().id());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> credits.balance(user).equals(new CreditBalance(100 - RENDER_COST, 0)));
    assertThat(ofType(user, "deduction")).hasSize(1);
    assertBooksBalance(user);
  }

  @Test
  void tooFewCreditsRefuseTheRenderWithTheAmountsAndRecordNothing() {
    UUID user = newUser(RENDER_COST - 1);
    UUID timelineId = timelines.save(user, timeline(20));

    assertThatThrownBy(() ->
            renders.start(
                new RenderOrder(
                    user.toString(), timelineId.toString(), null, 1, null, "poor-" + user)))
        .isInstanceOfSatisfying(
            InsufficientCreditsException.class,
            e -> {
              assertThat(e.required()).isEqualTo(RENDER_COST);
              assertThat(e.available()).isEqualTo(RENDER_COST - 1);
            })
        .hasMessageContaining("INSUFFICIENT_CREDITS");
    assertThatThrownBy(() -> renderRuns.start(user.toString(), timeline(20), 0, 1, false))
        .isInstanceOf(InsufficientCreditsException.class);

    assertThat(renders.list(user.toString(), null, 0, 10).total()).isZero();
    // Only the timeline saved above: the refused owl render stored nothing.
    assertThat(
            JdbcClient.create(dataSource)
                .sql("SELECT count(*) FROM timelines WHERE user_id = :user")
                .param("user", user)
                .query(Integer.class)
                .single())
        .isEqualTo(1);
    assertThat(credits.balance(user)).isEqualTo(new CreditBalance(RENDER_COST - 1, 0));
    assertBooksBalance(user);
  }

  @Test
  void manyRendersSubmittedAtOnceNeverReserveMoreThanTheBalance() throws Exception {
    int balance = 3 * RENDER_COST + 1; // room for three renders
    UUID user = newUser(balance);
    int submissions = 10;
    ExecutorService pool = Executors.newFixedThreadPool(submissions);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < submissions; i++) {
        Callable<String> submit =
            () -> {
              go.await();
              try {
                return renderRuns.start(user.toString(), timeline(20), 0, 1, false);
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
      started.forEach(this::awaitResult);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> credits.balance(user).equals(new CreditBalance(balance - 3 * RENDER_COST, 0)));
      assertBooksBalance(user);
    } finally {
      pool.shutdownNow();
    }
  }

  private UUID newUser(int balance) {
    String clerkId = "render_saga_" + UUID.randomUUID();
    return users.ensureUser(clerkId, clerkId + "@example.test", "Render saga user", balance);
  }

  /** A valid timeline of {@code seconds} with one caption. */
  private static TimelineDocument timeline(double seconds) {
    ClipDocument caption =
        new ClipDocument(
            "c1", "text", 0, seconds, null, Map.of("text", "Owls pay for renders", "fontSize", 40));
    return new TimelineDocument(
        null,
        "Render saga",
        1280,
        720,
        30,
        "#000000",
        "fade",
        seconds,
        List.of(new TrackDocument("captions", "Captions", "text", 0, true, List.of(caption))));
  }

  private RenderResult awaitResult(String runId) {
    try {
      return temporal
          .client()
          .newUntypedWorkflowStub(runId)
          .getResult(2, TimeUnit.MINUTES, RenderResult.class);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("render " + runId + " did not end in 2 minutes", e);
    }
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

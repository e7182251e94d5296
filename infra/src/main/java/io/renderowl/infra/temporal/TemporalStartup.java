package io.renderowl.infra.temporal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first calls a process makes to Temporal (starting the run-permit gate, the workers' namespace
 * check) outlast a Temporal frontend that is slow to come up: a step that fails is retried in the
 * background with a bounded exponential backoff, one log line per attempt, instead of ending the
 * process. Steps run in the order they were given; one given while an earlier one still waits waits
 * behind it (the run-permit gate starts after the workers). {@link #waiting()} feeds the readiness
 * group: the process is not ready while a step waits.
 */
public final class TemporalStartup implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TemporalStartup.class);

  /** The pause before the first retry, doubled after each failure up to {@code max}. */
  public record Backoff(Duration first, Duration max) {
    /** 1 s, 2 s, 4 s ... at most 30 s between two tries. */
    public static final Backoff DEFAULT =
        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    public Backoff {
      if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
        throw new IllegalArgumentException(
            "backoff needs 0 < first <= max (got " + first + ", " + max + ")");
      }
    }

    /** The pause after the {@code failures}-th failure (1-based). */
    public Duration after(int failures) {
      Duration pause = first;
      for (int i = 1; i < failures && pause.compareTo(max) < 0; i++) {
        pause = pause.multipliedBy(2);
      }
      return pause.compareTo(max) > 0 ? max : pause;
    }
  }

  /** A step that has not succeeded yet: what it does, how often it failed, the last reason. */
  public record Waiting(String what, int failures, String lastError, Duration nextTry) {}

  private static final class Step {
    final String what;
    final Runnable call;
    volatile int failures;
    volatile String lastError = "";
    volatile Duration nextTry = Duration.ZERO;

    Step(String what, Runnable call) {
      this.what = what;
      this.call = call;
    }
  }

  private final String address;
  private final Backoff backoff;
  private final Deque<Step> pending = new ArrayDeque<>();
  private @Nullable ScheduledExecutorService retries;
  private boolean closed;

  /**
   * @param address the Temporal frontend, for the log lines
   */
  public TemporalStartup(String address, Backoff backoff) {
    this.address = address;
    this.backoff = backoff;
  }

  /**
   * Runs {@code call} now when no earlier step waits; when it fails (or an earlier step waits), it
   * is retried in the background until it succeeds or this is closed.
   */
  public void run(String what, Runnable call) {
    Step step = new Step(what, call);
    synchronized (this) {
      if (closed) {
        return;
      }
      if (!pending.isEmpty()) {
        pending.addLast(step);
        return;
      }
    }
    if (attempt(step)) {
      return;
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      pending.addLast(step);
      if (pending.size() == 1) {
        schedule(step.nextTry);
      }
    }
  }

  /** The first step still waiting, if any: while there is one, the process is not ready. */
  public synchronized Optional<Waiting> waiting() {
    Step head = pending.peekFirst();
    return head == null
        ? Optional.empty()
        : Optional.of(new Waiting(head.what, head.failures, head.lastError, head.nextTry));
  }

  /** Stops retrying; steps still waiting are dropped (the process is shutting down). */
  @Override
  public synchronized void close() {
    closed = true;
    pending.clear();
    if (retries != null) {
      retries.shutdownNow();
      retries = null;
    }
  }

  /** One try; on failure logs what failed and when the next try comes. */
  private boolean attempt(Step step) {
    try {
      step.call.run();
      if (step.failures > 0) {
        LOG.info(
            "Temporal at {} answered: {} done after {} failed attempt(s)",
            address,
            step.what,
            step.failures);
      }
      return true;
    } catch (RuntimeException e) {
      step.failures++;
      step.lastError = reason(e);
      step.nextTry = backoff.after(step.failures);
      LOG.warn(
          "Temporal at {} not ready for {} (attempt {}: {}); next try in {} s",
          address,
          step.what,
          step.failures,
          step.lastError,
          step.nextTry.toMillis() / 1000.0);
      return false;
    }
  }

  @SuppressWarnings("FutureReturnValueIgnored") // a failure is logged by the step itself
  private void schedule(Duration delay) {
    if (retries == null) {
      retries =
          Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "renderowl-temporal-startup");
            t.setDaemon(true);
            return t;
          });
    }
    retries.schedule(this::retry, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Tries the waiting steps in order, without holding the lock (a try can take seconds). */
  private void retry() {
    while (true) {
      Step head;
      synchronized (this) {
        head = pending.peekFirst();
        if (closed || head == null) {
          return;
        }
      }
      boolean done = attempt(head);
      synchronized (this) {
        if (closed) {
          return;
        }
        if (!done) {
          schedule(head.nextTry);
          return;
        }
        pending.removeFirst();
      }
    }
  }

  /**
   * gRPC's status when there is one ("UNAVAILABLE: io exception", "DEADLINE_EXCEEDED") and the
   * innermost cause ("Connection refused").
   */
  private static String reason(Throwable e) {
    String status = null;
    String root = null;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (status == null && t instanceof io.grpc.StatusRuntimeException) {
        status = t.getMessage();
      }
      if (t.getMessage() != null) {
        root = t.getMessage();
      }
    }
    if (root == null) {
      return e.getClass().getSimpleName();
    }
    return status == null || status.equals(root) ? root : status + " (" + root + ")";
  }
}

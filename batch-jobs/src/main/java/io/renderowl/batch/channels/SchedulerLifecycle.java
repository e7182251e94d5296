package io.renderowl.batch.channels;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts this process's member of the Quartz cluster when RENDEROWL_SCHEDULER is true (serve,
 * worker) and stops it with the context, letting running fires finish. Jobs and triggers are
 * written to the JDBC store either way, so a channel added from a one-shot command is fired by
 * whichever scheduler runs.
 */
public final class SchedulerLifecycle implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerLifecycle.class);
  private final Scheduler scheduler;
  private final boolean enabled;
  private final Runnable beforeStart;
  private volatile boolean running;

  public SchedulerLifecycle(Scheduler scheduler, boolean enabled, Runnable beforeStart) {
    this.scheduler = scheduler;
    this.enabled = enabled;
    this.beforeStart = beforeStart;
  }

  @Override
  public void start() {
    try {
      beforeStart.run();
      scheduler.start();
      running = true;
      LOG.info(
          "Quartz scheduler {} ({}) started, clustered on PostgreSQL",
          scheduler.getSchedulerName(),
          scheduler.getSchedulerInstanceId());
    } catch (SchedulerException e) {
      throw new IllegalStateException("Quartz scheduler did not start: " + e.getMessage(), e);
    }
  }

  @Override
  public void stop() {
    try {
      scheduler.shutdown(true);
    } catch (SchedulerException e) {
      LOG.warn("Quartz scheduler did not stop cleanly: {}", e.getMessage());
    }
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public boolean isAutoStartup() {
    return enabled;
  }

  /** After the workers (default phase), before them on shutdown. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 100;
  }
}

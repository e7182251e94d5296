package io.renderowl.activities.worker;

import io.renderowl.workflows.PublishActivities;
import io.renderowl.workflows.RenderJobActivities;
import io.renderowl.workflows.ScriptActivities;
import io.renderowl.workflows.TimelineActivities;
import io.renderowl.workflows.VisualActivities;
import io.renderowl.workflows.VoiceActivities;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.client.ActivityCompletionException;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.metadata.POJOActivityInterfaceMetadata;
import io.temporal.common.metadata.POJOActivityMethodMetadata;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats, while they run, for the stage activities that can take minutes and report no progress
 * of their own: writing the script and planning scenes (a model call), sourcing a visual, narrating
 * a scene, assembling the timeline (music, captions), preparing and joining a render, publishing.
 * The workflows give them a heartbeat timeout ({@code STAGE_HEARTBEAT}); so when this process dies
 * (SIGKILL, OOM killer, lost machine) Temporal notices after that timeout and retries the activity
 * on another worker, instead of waiting for its start-to-close timeout (3 to 30 min).
 *
 * <p>The heartbeat says that the process is alive, not that the activity makes progress: a hung
 * call is still ended by its start-to-close timeout. Activities that heartbeat with details of
 * their own (render chunks, social uploads) are not touched: an empty heartbeat would overwrite
 * their checkpoint. Activities scheduled without a heartbeat timeout (histories from before this
 * change) get none.
 */
final class HeartbeatingActivities extends WorkerInterceptorBase {
  private static final Logger LOG = LoggerFactory.getLogger(HeartbeatingActivities.class);

  /** Activity types this interceptor heartbeats for. */
  static final Set<String> TYPES =
      types(
          ScriptActivities.class,
          VisualActivities.class,
          VoiceActivities.class,
          RenderJobActivities.class,
          TimelineActivities.class,
          PublishActivities.class);

  private static final ScheduledExecutorService TICKER =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("activity-heartbeats").factory());

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new Heartbeating(next);
  }

  /** A third of the heartbeat timeout, at least 1 s: two heartbeats may be lost in a row. */
  static Duration interval(Duration heartbeatTimeout) {
    Duration third = heartbeatTimeout.dividedBy(3);
    return third.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : third;
  }

  private static final class Heartbeating extends ActivityInboundCallsInterceptorBase {
    private ActivityExecutionContext context;

    Heartbeating(ActivityInboundCallsInterceptor next) {
      super(next);
    }

    @Override
    public void init(ActivityExecutionContext context) {
      this.context = context;
      super.init(context);
    }

    @Override
    public ActivityOutput execute(ActivityInput input) {
      ActivityInfo info = context.getInfo();
      Duration timeout = info.getHeartbeatTimeout();
      if (info.isLocal()
          || timeout == null
          || timeout.isZero()
          || !TYPES.contains(info.getActivityType())) {
        return super.execute(input);
      }
      long every = interval(timeout).toMillis();
      ActivityExecutionContext beating = context;
      ScheduledFuture<?> ticks =
          TICKER.scheduleAtFixedRate(
              () -> beat(beating, info), every, every, TimeUnit.MILLISECONDS);
      try {
        return super.execute(input);
      } finally {
        ticks.cancel(false);
      }
    }

    private static void beat(ActivityExecutionContext context, ActivityInfo info) {
      try {
        context.heartbeat(null);
      } catch (ActivityCompletionException e) {
        // cancelled or timed out on the server: the activity's own code learns it at its end
        LOG.debug("heartbeat of {} not sent: {}", info.getActivityType(), e.toString());
      } catch (RuntimeException e) {
        LOG.warn("heartbeat of {} failed: {}", info.getActivityType(), e.toString());
      }
    }
  }

  private static Set<String> types(Class<?>... interfaces) {
    Set<String> types = new HashSet<>();
    for (Class<?> activities : interfaces) {
      for (POJOActivityMethodMetadata m :
          POJOActivityInterfaceMetadata.newInstance(activities).getMethodsMetadata()) {
        types.add(m.getActivityTypeName());
      }
    }
    return Set.copyOf(types);
  }
}

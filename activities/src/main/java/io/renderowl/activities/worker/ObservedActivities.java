package io.renderowl.activities.worker;

import io.renderowl.infra.metrics.RenderowlMeters;
import io.renderowl.infra.storage.StorageRefusedException;
import io.renderowl.workflows.ChunkActivities;
import io.renderowl.workflows.PublishActivities;
import io.renderowl.workflows.RenderActivities;
import io.renderowl.workflows.RenderJobActivities;
import io.renderowl.workflows.RenderRoutingActivities;
import io.renderowl.workflows.RunLedgerActivities;
import io.renderowl.workflows.ScriptActivities;
import io.renderowl.workflows.TimelineActivities;
import io.renderowl.workflows.VisualActivities;
import io.renderowl.workflows.VoiceActivities;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.metadata.POJOActivityInterfaceMetadata;
import io.temporal.common.metadata.POJOActivityMethodMetadata;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Around every activity execution of this process: puts {@code run_id}, {@code stage}, {@code
 * activity} and {@code attempt} into the logging MDC (the JSON log lines carry them), and times the
 * execution into {@link RenderowlMeters#STAGE_DURATION} by stage, activity and outcome. The SDK's
 * own metrics add the queue wait ({@code temporal_activity_schedule_to_start_latency}).
 *
 * <p>An activity the object store refused for good (a {@link StorageRefusedException}: HTTP 401 or
 * 403) fails as a non-retryable {@value #STORAGE_REFUSED} failure with the store's reason, instead
 * of being retried up to its attempts with the same answer each time.
 */
final class ObservedActivities extends WorkerInterceptorBase {
  public static final String RUN_ID = "run_id";
  public static final String STAGE = "stage";
  public static final String ACTIVITY = "activity";
  public static final String ATTEMPT = "attempt";

  /** The failure type of an activity the object store refused for good (not retried). */
  public static final String STORAGE_REFUSED = "StorageRefused";

  /** Activity type name -> the stage it belongs to. */
  static final Map<String, String> STAGES = stages();

  private final RenderowlMeters meters;

  ObservedActivities(RenderowlMeters meters) {
    this.meters = meters;
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new Observed(next);
  }

  /** The run an activity works for: the pipeline's id, without the render child's suffix. */
  static String runIdOf(String workflowId) {
    return workflowId.endsWith("-render")
        ? workflowId.substring(0, workflowId.length() - "-render".length())
        : workflowId;
  }

  private final class Observed extends ActivityInboundCallsInterceptorBase {
    private ActivityInfo info;

    Observed(ActivityInboundCallsInterceptor next) {
      super(next);
    }

    @Override
    public void init(ActivityExecutionContext context) {
      info = context.getInfo();
      super.init(context);
    }

    @Override
    public ActivityOutput execute(ActivityInput input) {
      String type = info.getActivityType();
      String stage = STAGES.getOrDefault(type, "other");
      Map<String, String> before = MDC.getCopyOfContextMap();
      MDC.put(RUN_ID, runIdOf(info.getWorkflowId()));
      MDC.put(STAGE, stage);
      MDC.put(ACTIVITY, type);
      MDC.put(ATTEMPT, Integer.toString(info.getAttempt()));
      long start = System.nanoTime();
      String outcome = "failure";
      try {
        ActivityOutput output = super.execute(input);
        outcome = "success";
        return output;
      } catch (RuntimeException e) {
        StorageRefusedException refused = refusedCause(e);
        boolean alreadyFinal = e instanceof ApplicationFailure f && f.isNonRetryable();
        if (refused != null && !alreadyFinal) {
          // Credentials or a bucket policy do not change between attempts: fail now, saying so.
          throw ApplicationFailure.newNonRetryableFailureWithCause(
              refused.getMessage(), STORAGE_REFUSED, refused);
        }
        throw e;
      } finally {
        meters.stageDuration(stage, type, outcome, Duration.ofNanos(System.nanoTime() - start));
        if (before == null) {
          MDC.clear();
        } else {
          MDC.setContextMap(before);
        }
      }
    }
  }

  /** The first {@link StorageRefusedException} among {@code e} and its causes, else null. */
  private static @Nullable StorageRefusedException refusedCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StorageRefusedException refused) {
        return refused;
      }
    }
    return null;
  }

  private static Map<String, String> stages() {
    Map<String, String> stages = new HashMap<>();
    add(stages, "script", ScriptActivities.class);
    add(stages, "scenes", VisualActivities.class);
    add(stages, "voice", VoiceActivities.class);
    add(stages, "timeline", TimelineActivities.class);
    add(stages, "render", RenderActivities.class);
    add(stages, "render", RenderJobActivities.class);
    add(stages, "render", RenderRoutingActivities.class);
    add(stages, "render", ChunkActivities.class);
    add(stages, "publish", PublishActivities.class);
    add(stages, "ledger", RunLedgerActivities.class);
    return Map.copyOf(stages);
  }

  private static void add(Map<String, String> stages, String stage, Class<?> activities) {
    for (POJOActivityMethodMetadata m :
        POJOActivityInterfaceMetadata.newInstance(activities).getMethodsMetadata()) {
      stages.putIfAbsent(m.getActivityTypeName(), stage.toLowerCase(Locale.ROOT));
    }
  }
}

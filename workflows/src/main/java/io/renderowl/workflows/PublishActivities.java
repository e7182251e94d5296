package io.renderowl.workflows;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * Publishes a rendered video to the requested platforms.
 *
 * <p>Implemented in the activities module's {@code io.renderowl.activities.publish} package ({@code
 * PublishActivitiesImpl}).
 */
@ActivityInterface
public interface PublishActivities {

  /** Publishes once per run and platform; a repeated call returns the earlier publications. */
  List<Publication> publish(
      String runId, PipelineRequest request, String title, RenderResult render);
}

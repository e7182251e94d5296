package io.renderowl.workflows;

import io.temporal.activity.ActivityInterface;

/**
 * The steps of posting one video to one account, run by {@code PublishWorkflow}. {@link #resolve}
 * runs on the pipeline queue; the others on the platform's own queue ({@link
 * TaskQueues#publish(String)}), so each platform's concurrency is capped by its workers.
 *
 * <p>Implemented in the activities module's {@code io.renderowl.activities.publish} package.
 */
@ActivityInterface(namePrefix = "Social")
public interface SocialPublishActivities {

  /**
   * Checks that the account belongs to the user and names its platform.
   *
   * @throws io.temporal.failure.ApplicationFailure {@code InvalidInput} for an unknown account or a
   *     platform without a publisher
   */
  PublishJob resolve(PublishJob job);

  /**
   * Uploads the video, resumably: it heartbeats its progress (upload session and byte offset) and a
   * retry carries on from the last heartbeat instead of byte 0.
   */
  UploadedVideo upload(PublishJob job);

  /**
   * Whether the platform has finished processing the upload: {@code PROCESSING} (ask again), {@code
   * FAILED}, or any other state when it can be posted.
   */
  PlatformStatus ready(PublishJob job, UploadedVideo upload);

  /**
   * The posting mutation. Run at most once: a lost answer leaves the publication unconfirmed and
   * {@link #status} asks the platform instead of posting again.
   */
  PlatformStatus post(PublishJob job, UploadedVideo upload);

  /** The platform's status of the post (after posting, or to confirm an unknown outcome). */
  PlatformStatus status(PublishJob job, UploadedVideo upload);

  /** Records a state in {@code publications} and returns the publication. */
  Publication record(PublishJob job, PlatformStatus status);
}

package io.renderowl.activities.publish;

import io.renderowl.workflows.PlatformStatus;
import io.renderowl.workflows.UploadedVideo;

/**
 * One platform's documented publishing contract, free of Temporal: the activity adapter ({@link
 * SocialPublishActivitiesImpl}) calls these steps in the order of {@code PublishWorkflow}.
 *
 * <p>Failures are Temporal application failures built by {@link PlatformHttp}: retryable ones (rate
 * limits with their delay, 5xx, cut connections) and non-retryable refusals with the platform's
 * message.
 */
public interface Publisher {

  /** The platform name ("youtube", "tiktok", ...), as in {@code social_accounts.platform}. */
  String platform();

  /**
   * Uploads the video, resuming from {@code progress}'s last checkpoint when there is one, and
   * saving a checkpoint after each chunk.
   */
  UploadedVideo upload(PublishContext ctx, UploadProgress progress);

  /** Whether the upload is processed and can be posted (PROCESSING: ask again). */
  PlatformStatus ready(PublishContext ctx, UploadedVideo upload);

  /** The posting mutation; the workflow runs it once. */
  PlatformStatus post(PublishContext ctx, UploadedVideo upload);

  /** The post's status on the platform; UNCONFIRMED when the platform cannot tell. */
  PlatformStatus status(PublishContext ctx, UploadedVideo upload);
}

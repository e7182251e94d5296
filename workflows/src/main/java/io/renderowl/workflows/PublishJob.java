package io.renderowl.workflows;

import java.util.List;

/**
 * One video to post on one connected account.
 *
 * @param runId the pipeline run whose render is posted
 * @param userId the owner of the run and the account
 * @param renderId renders.id of the video
 * @param storageKey the video's object key in S3
 * @param title the post's title
 * @param description the post's text
 * @param tags hashtags or keywords, without '#'
 * @param accountId social_accounts.id
 * @param platform the account's platform ("youtube", "tiktok", "instagram", "facebook", "x",
 *     "linkedin"); empty until the account is resolved
 * @param privacy "public", "private" or "unlisted" (each platform maps it to its own levels)
 * @param madeForKids YouTube's selfDeclaredMadeForKids (always sent)
 * @param publishAt ISO-8601 instant of a scheduled post, empty to post now
 * @param category the platform's category id (YouTube categoryId), empty for the publisher's
 *     default
 */
public record PublishJob(
    String runId,
    String userId,
    String renderId,
    String storageKey,
    String title,
    String description,
    List<String> tags,
    String accountId,
    String platform,
    String privacy,
    boolean madeForKids,
    String publishAt,
    String category) {

  public PublishJob {
    tags = tags == null ? List.of() : List.copyOf(tags);
    description = description == null ? "" : description;
    platform = platform == null ? "" : platform;
    privacy = privacy == null || privacy.isBlank() ? "public" : privacy;
    publishAt = publishAt == null ? "" : publishAt;
    category = category == null ? "" : category.strip();
  }

  /** A job in the publisher's default category. */
  public PublishJob(
      String runId,
      String userId,
      String renderId,
      String storageKey,
      String title,
      String description,
      List<String> tags,
      String accountId,
      String platform,
      String privacy,
      boolean madeForKids,
      String publishAt) {
    this(
        runId,
        userId,
        renderId,
        storageKey,
        title,
        description,
        tags,
        accountId,
        platform,
        privacy,
        madeForKids,
        publishAt,
        "");
  }

  /** The same job on a resolved platform. */
  public PublishJob onPlatform(String resolved) {
    return new PublishJob(
        runId,
        userId,
        renderId,
        storageKey,
        title,
        description,
        tags,
        accountId,
        resolved,
        privacy,
        madeForKids,
        publishAt,
        category);
  }

  /** The publishing workflow's id: one per run and account. */
  public String workflowId() {
    return runId + "-publish-" + accountId;
  }
}

package io.renderowl.infra.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Posting a finished run's video to connected social accounts (cross-posting), now or at a time
 * (scheduled), and the scheduled posts of a user. Each account gets its own publishing workflow:
 * one succeeds or fails without the others. Everything is scoped to the user.
 */
public interface SocialPosts {

  /**
   * Starts one publishing workflow per account (again for an account already posted to returns the
   * earlier one: a run is posted once per account).
   *
   * @param at when to post, null for now
   * @throws InvalidRequestException for bad ids, a run that is not the user's or not completed, a
   *     time in the past
   */
  List<Post> post(UUID userId, String runId, List<String> accountIds, Instant at);

  /** The user's scheduled posts, soonest first. */
  List<Post> scheduled(UUID userId, int offset, int limit);

  long countScheduled(UUID userId);

  /** One of the user's posts; empty for another user's or an unknown id. */
  Optional<Post> find(UUID userId, UUID publicationId);

  /**
   * Cancels a scheduled post that has not fired.
   *
   * @return false when it is not the user's or is not scheduled (any more)
   */
  boolean cancel(UUID userId, UUID publicationId);

  /**
   * A post of a run's video on one account.
   *
   * @param id publications.id, empty until the workflow opened it
   * @param runId the run whose video is posted
   * @param accountId social_accounts.id
   * @param platform the account's platform, empty until resolved
   * @param state a {@code PublishState} label
   * @param url the post's address once published
   * @param reason why it failed or is unconfirmed
   * @param publishAt when it is scheduled for, else null
   * @param workflowId the publishing workflow
   */
  record Post(
      String id,
      String runId,
      String accountId,
      String platform,
      String state,
      String url,
      String reason,
      Instant publishAt,
      String workflowId) {}
}

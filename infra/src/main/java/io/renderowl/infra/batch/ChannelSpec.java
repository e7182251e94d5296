package io.renderowl.infra.batch;

import io.renderowl.workflows.AccountPost;
import java.util.List;

/**
 * What a channel produces and when.
 *
 * @param userId owner
 * @param name channel name
 * @param cron Quartz cron expression (seconds first, e.g. "0 0 9 * * ?"), or a 5-field Unix cron
 *     ("0 9 * * *") which is converted
 * @param timezone IANA zone the cron is read in, e.g. "Europe/Berlin"
 * @param topicSource "list", "rss" or "ideas"
 * @param topics the fixed list (source "list"), used in order
 * @param feedUrl RSS or Atom feed URL (source "rss")
 * @param videosPerRun videos started per fire
 * @param aspect "9:16", "16:9" or "1:1"
 * @param durationSeconds target length
 * @param voice voice name
 * @param platforms where to publish
 * @param style script style
 * @param language language tag
 * @param quality "full" or "preview"
 * @param accounts the connected accounts each fire's videos are posted to, in order, with each
 *     post's platform metadata (the owner's connected accounts only)
 */
public record ChannelSpec(
    String userId,
    String name,
    String cron,
    String timezone,
    String topicSource,
    List<String> topics,
    String feedUrl,
    int videosPerRun,
    String aspect,
    int durationSeconds,
    String voice,
    List<String> platforms,
    String style,
    String language,
    String quality,
    List<AccountPost> accounts) {

  public ChannelSpec {
    topics = topics == null ? List.of() : List.copyOf(topics);
    platforms = platforms == null ? List.of() : List.copyOf(platforms);
    accounts = accounts == null ? List.of() : List.copyOf(accounts);
  }

  /** A channel that posts to no connected account. */
  public ChannelSpec(
      String userId,
      String name,
      String cron,
      String timezone,
      String topicSource,
      List<String> topics,
      String feedUrl,
      int videosPerRun,
      String aspect,
      int durationSeconds,
      String voice,
      List<String> platforms,
      String style,
      String language,
      String quality) {
    this(
        userId,
        name,
        cron,
        timezone,
        topicSource,
        topics,
        feedUrl,
        videosPerRun,
        aspect,
        durationSeconds,
        voice,
        platforms,
        style,
        language,
        quality,
        List.of());
  }

  /** The same channel posting to {@code posts}. */
  public ChannelSpec withAccounts(List<AccountPost> posts) {
    return new ChannelSpec(
        userId,
        name,
        cron,
        timezone,
        topicSource,
        topics,
        feedUrl,
        videosPerRun,
        aspect,
        durationSeconds,
        voice,
        platforms,
        style,
        language,
        quality,
        posts);
  }
}

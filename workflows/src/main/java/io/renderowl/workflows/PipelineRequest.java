package io.renderowl.workflows;

import java.util.List;

/**
 * What one pipeline run should produce.
 *
 * @param userId the user the run belongs to (users.id); every run has one
 * @param topic what the video is about
 * @param aspect output aspect (and resolution)
 * @param durationSeconds length of the video in seconds, {@link #MIN_DURATION} to {@link
 *     #MAX_DURATION}; the script, the scenes and the speaking pace are fitted so that the video
 *     lasts it within 15% from {@link #FITTED_FROM} s up (shorter targets come out a little longer)
 * @param voice voice name understood by the voice provider (espeak-ng: a language/voice such as
 *     "en")
 * @param platforms where to publish ("local-folder" offline)
 * @param requestKey idempotency key: the same user, options and key give the same run id
 * @param style script style ("educational", "storytelling", "listicle", "news", "motivational")
 * @param language script and voice language as a BCP 47 tag ("en", "de", "pt-BR")
 * @param quality "full" (the aspect's full resolution) or "preview" (fast, low resolution)
 * @param accounts connected social accounts (social_accounts.id) to post the video to, each by its
 *     own publishing workflow
 * @param publishAt ISO-8601 instant to post at (a scheduled post), empty to post when rendered
 * @param posts per-account posting settings (privacy, made-for-kids, tags, templates, timing) of
 *     some of {@code accounts}; an account without one is posted public, not made for kids, without
 *     tags, when rendered
 * @param templateId a template (id or built-in key) the timeline stage fills with the scenes
 *     instead of the default layout; empty for the default layout
 * @param callbackUrl where the run's end (completed, failed, cancelled) is POSTed as a signed
 *     completion callback; empty for none
 */
public record PipelineRequest(
    String userId,
    String topic,
    Aspect aspect,
    int durationSeconds,
    String voice,
    List<String> platforms,
    String requestKey,
    String style,
    String language,
    String quality,
    List<String> accounts,
    String publishAt,
    List<AccountPost> posts,
    String templateId,
    String callbackUrl) {

  public static final int MIN_DURATION = 10;
  public static final int MAX_DURATION = 600;

  /**
   * Shortest duration the video is fitted to within 15%: below it the fewest scenes (three
   * sentences) take longer to say than the target, even spoken fast.
   */
  public static final int FITTED_FROM = 15;

  public static final int MAX_TOPIC_LENGTH = 500;

  public static final String DEFAULT_STYLE = "educational";
  public static final String DEFAULT_LANGUAGE = "en";
  public static final String QUALITY_FULL = "full";
  public static final String QUALITY_PREVIEW = "preview";

  /** Script styles every script writer understands (the seed's {@code /ai/script-styles}). */
  public static final List<String> STYLES =
      List.of("educational", "storytelling", "listicle", "news", "motivational");

  public PipelineRequest {
    platforms = platforms == null ? List.of() : List.copyOf(platforms);
    requestKey = requestKey == null ? "" : requestKey;
    style = style == null || style.isBlank() ? DEFAULT_STYLE : style.strip();
    language = language == null || language.isBlank() ? DEFAULT_LANGUAGE : language.strip();
    quality = quality == null || quality.isBlank() ? QUALITY_FULL : quality.strip();
    accounts = accounts == null ? List.of() : List.copyOf(accounts);
    publishAt = publishAt == null ? "" : publishAt.strip();
    posts = posts == null ? List.of() : List.copyOf(posts);
    templateId = templateId == null ? "" : templateId.strip();
    callbackUrl = callbackUrl == null ? "" : callbackUrl.strip();
  }

  /** A request that posts to no social account, without a template or a completion callback. */
  public PipelineRequest(
      String userId,
      String topic,
      Aspect aspect,
      int durationSeconds,
      String voice,
      List<String> platforms,
      String requestKey,
      String style,
      String language,
      String quality) {
    this(
        userId,
        topic,
        aspect,
        durationSeconds,
        voice,
        platforms,
        requestKey,
        style,
        language,
        quality,
        null,
        null,
        null,
        null,
        null);
  }

  /** A request with the default style, language and quality. */
  public PipelineRequest(
      String userId,
      String topic,
      Aspect aspect,
      int durationSeconds,
      String voice,
      List<String> platforms,
      String requestKey) {
    this(userId, topic, aspect, durationSeconds, voice, platforms, requestKey, null, null, null);
  }

  /** The same request, posting to {@code accountIds} at {@code at} (empty: when rendered). */
  public PipelineRequest withAccounts(List<String> accountIds, String at) {
    return toBuilder().accounts(accountIds).publishAt(at).build();
  }

  /**
   * The same request posting to each of {@code accountPosts}' accounts with its settings (the
   * accounts replace the request's).
   */
  public PipelineRequest withPosts(List<AccountPost> accountPosts) {
    return toBuilder()
        .accounts(accountPosts.stream().map(AccountPost::accountId).toList())
        .posts(accountPosts)
        .build();
  }

  /**
   * The same request, its timeline filled into the template {@code id} (an id or a built-in key;
   * empty: the default layout).
   */
  public PipelineRequest withTemplate(String id) {
    return toBuilder().templateId(id).build();
  }

  /**
   * The same request, its end POSTed to {@code url} as a signed completion callback (empty: none).
   */
  public PipelineRequest withCallback(String url) {
    return toBuilder().callbackUrl(url).build();
  }

  /** A builder holding this request's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Changes some values of a request; the others stay. {@link #build} applies the record's defaults
   * (null lists are empty, a blank style the default style, ...).
   */
  public static final class Builder {
    private final PipelineRequest from;
    private List<String> accounts;
    private String publishAt;
    private List<AccountPost> posts;
    private String templateId;
    private String callbackUrl;

    private Builder(PipelineRequest from) {
      this.from = from;
      this.accounts = from.accounts;
      this.publishAt = from.publishAt;
      this.posts = from.posts;
      this.templateId = from.templateId;
      this.callbackUrl = from.callbackUrl;
    }

    public Builder accounts(List<String> value) {
      accounts = value;
      return this;
    }

    public Builder publishAt(String value) {
      publishAt = value;
      return this;
    }

    public Builder posts(List<AccountPost> value) {
      posts = value;
      return this;
    }

    public Builder templateId(String value) {
      templateId = value;
      return this;
    }

    public Builder callbackUrl(String value) {
      callbackUrl = value;
      return this;
    }

    public PipelineRequest build() {
      return new PipelineRequest(
          from.userId,
          from.topic,
          from.aspect,
          from.durationSeconds,
          from.voice,
          from.platforms,
          from.requestKey,
          from.style,
          from.language,
          from.quality,
          accounts,
          publishAt,
          posts,
          templateId,
          callbackUrl);
    }
  }

  /** Whether the run's end is POSTed to a callback URL. */
  public boolean hasCallback() {
    return !callbackUrl.isEmpty();
  }

  /** Whether the timeline stage fills a template instead of the default layout. */
  public boolean fromTemplate() {
    return !templateId.isEmpty();
  }

  /** How to post on {@code accountId}: its settings, else the plain defaults. */
  public AccountPost postOn(String accountId) {
    return posts.stream()
        .filter(p -> p.accountId().equalsIgnoreCase(accountId))
        .findFirst()
        .orElse(AccountPost.plain(accountId));
  }

  public boolean preview() {
    return QUALITY_PREVIEW.equals(quality);
  }
}

package io.renderowl.workflows;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a run's video is posted on one connected account: the platform metadata an autopilot channel
 * keeps per account. Deterministic (no clock, no I/O): the workflow expands the templates and
 * computes the posting time from its own clock.
 *
 * @param accountId social_accounts.id
 * @param privacy "public", "private" or "unlisted" ("draft": a TikTok inbox draft)
 * @param madeForKids YouTube's selfDeclaredMadeForKids
 * @param tags keywords or hashtags, without '#'
 * @param category YouTube category id (e.g. "27" Education), empty for the default
 * @param titleTemplate the post's title, with {@link #PLACEHOLDERS}; empty: the script's title
 * @param descriptionTemplate the post's text, with {@link #PLACEHOLDERS}; empty: title and topic
 * @param delayMinutes post this long after the video is rendered (0: at once)
 * @param postAt a time of day "HH:mm" to post at (the next one after the render), empty for none
 * @param timezone the IANA zone {@code postAt} is read in (the channel's), empty for UTC
 */
public record AccountPost(
    String accountId,
    String privacy,
    boolean madeForKids,
    List<String> tags,
    String category,
    String titleTemplate,
    String descriptionTemplate,
    int delayMinutes,
    String postAt,
    String timezone) {

  /** Privacy levels a post can ask for. */
  public static final List<String> PRIVACY = List.of("public", "private", "unlisted", "draft");

  /** What templates may name: the script's title, the run's topic, the channel, the narration. */
  public static final Set<String> PLACEHOLDERS = Set.of("title", "topic", "channel", "script");

  public static final int MAX_TAGS = 30;
  public static final int MAX_TAG_LENGTH = 100;
  public static final int MAX_TEMPLATE_LENGTH = 5000;

  /** A week: longer delays are a schedule, not a channel's posting rhythm. */
  public static final int MAX_DELAY_MINUTES = 7 * 24 * 60;

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");
  private static final Pattern TIME_OF_DAY = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");

  public AccountPost {
    accountId = accountId == null ? "" : accountId.strip().toLowerCase(Locale.ROOT);
    privacy =
        privacy == null || privacy.isBlank() ? "public" : privacy.strip().toLowerCase(Locale.ROOT);
    tags =
        tags == null
            ? List.of()
            : tags.stream()
                .filter(t -> t != null && !t.isBlank())
                .map(t -> t.strip().replaceFirst("^#+", ""))
                .toList();
    category = category == null ? "" : category.strip();
    titleTemplate = titleTemplate == null ? "" : titleTemplate;
    descriptionTemplate = descriptionTemplate == null ? "" : descriptionTemplate;
    postAt = postAt == null ? "" : postAt.strip();
    timezone = timezone == null ? "" : timezone.strip();
  }

  /** Public, not made for kids, no tags, posted when rendered: what a bare account id means. */
  public static AccountPost plain(String accountId) {
    return new AccountPost(accountId, "public", false, List.of(), "", "", "", 0, "", "");
  }

  /** The same settings for another account. */
  public AccountPost forAccount(String otherAccountId) {
    return new AccountPost(
        otherAccountId,
        privacy,
        madeForKids,
        tags,
        category,
        titleTemplate,
        descriptionTemplate,
        delayMinutes,
        postAt,
        timezone);
  }

  /** The same settings with the time of day read in {@code zone}. */
  public AccountPost inZone(String zone) {
    return new AccountPost(
        accountId,
        privacy,
        madeForKids,
        tags,
        category,
        titleTemplate,
        descriptionTemplate,
        delayMinutes,
        postAt,
        zone);
  }

  /**
   * What is wrong with these settings, each error naming its field as {@code prefix + name} (e.g.
   * "accounts[0].privacy"); empty when they are fine.
   */
  public List<FieldError> problems(String prefix) {
    List<FieldError> errors = new ArrayList<>();
    if (!PRIVACY.contains(privacy)) {
      errors.add(
          new FieldError(
              prefix + "privacy", "'" + privacy + "' is not one of " + String.join(", ", PRIVACY)));
    }
    if (tags.size() > MAX_TAGS) {
      errors.add(new FieldError(prefix + "tags", "at most " + MAX_TAGS + " tags"));
    }
    for (String t : tags) {
      if (t.length() > MAX_TAG_LENGTH || t.isEmpty() || t.contains(",") || t.contains("<")) {
        errors.add(
            new FieldError(
                prefix + "tags",
                "'" + t + "' is not a tag (1-" + MAX_TAG_LENGTH + " characters, no ',' or '<')"));
      }
    }
    if (!category.isEmpty() && !category.matches("\\d{1,3}")) {
      errors.add(
          new FieldError(prefix + "category", "'" + category + "' is not a category id (e.g. 27)"));
    }
    templateProblems(prefix + "title_template", titleTemplate, errors);
    templateProblems(prefix + "description_template", descriptionTemplate, errors);
    if (delayMinutes < 0 || delayMinutes > MAX_DELAY_MINUTES) {
      errors.add(
          new FieldError(prefix + "delay_minutes", "must be between 0 and " + MAX_DELAY_MINUTES));
    }
    if (!postAt.isEmpty() && !TIME_OF_DAY.matcher(postAt).matches()) {
      errors.add(
          new FieldError(prefix + "post_at", "'" + postAt + "' is not a time of day (HH:mm)"));
    }
    if (!postAt.isEmpty() && delayMinutes > 0) {
      errors.add(
          new FieldError(prefix + "post_at", "give either a delay or a time of day, not both"));
    }
    return errors;
  }

  private static void templateProblems(String field, String template, List<FieldError> errors) {
    if (template.length() > MAX_TEMPLATE_LENGTH) {
      errors.add(new FieldError(field, "at most " + MAX_TEMPLATE_LENGTH + " characters"));
    }
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      if (!PLACEHOLDERS.contains(m.group(1))) {
        errors.add(
            new FieldError(
                field,
                "unknown placeholder {"
                    + m.group(1)
                    + "} (known: {title}, {topic}, {channel}, {script})"));
      }
    }
  }

  /**
   * The template with its placeholders replaced by {@code values}; {@code fallback} when the
   * template is empty.
   */
  public static String expand(String template, Map<String, String> values, String fallback) {
    if (template.isEmpty()) {
      return fallback;
    }
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
    }
    m.appendTail(out);
    return out.toString().strip();
  }

  /**
   * When to post a video rendered at {@code renderedAt}: after the delay, at the next time of day,
   * or empty (at once).
   */
  public String publishAt(Instant renderedAt) {
    if (delayMinutes > 0) {
      return renderedAt.plusSeconds(60L * delayMinutes).toString();
    }
    if (!postAt.isEmpty()) {
      try {
        ZoneId zone = timezone.isEmpty() ? ZoneId.of("UTC") : ZoneId.of(timezone);
        ZonedDateTime now = renderedAt.atZone(zone);
        ZonedDateTime at = now.with(LocalTime.parse(postAt));
        if (!at.isAfter(now)) {
          at = at.plusDays(1).with(LocalTime.parse(postAt));
        }
        return at.toInstant().toString();
      } catch (DateTimeException e) {
        return "";
      }
    }
    return "";
  }
}

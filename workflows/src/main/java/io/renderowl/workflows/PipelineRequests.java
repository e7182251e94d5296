package io.renderowl.workflows;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/** Validation of pipeline requests and the run id derived from them. Pure functions. */
public final class PipelineRequests {

  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern PLATFORM = Pattern.compile("[a-z][a-z0-9-]{1,31}");
  private static final Pattern VOICE = Pattern.compile("[A-Za-z0-9_+\\-]{1,40}");
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");

  private PipelineRequests() {}

  /** Every problem with the request, empty when it is valid. */
  public static List<FieldError> validate(PipelineRequest r) {
    List<FieldError> errors = new ArrayList<>();
    if (r.userId() == null || !UUID.matcher(r.userId()).matches()) {
      errors.add(new FieldError("user_id", "must be a user id (UUID)"));
    }
    if (r.topic() == null || r.topic().isBlank()) {
      errors.add(new FieldError("topic", "is required"));
    } else if (r.topic().length() > PipelineRequest.MAX_TOPIC_LENGTH) {
      errors.add(
          new FieldError(
              "topic", "must be at most " + PipelineRequest.MAX_TOPIC_LENGTH + " characters"));
    } else if (r.topic().codePoints().noneMatch(Character::isLetterOrDigit)) {
      errors.add(new FieldError("topic", "must contain letters or digits"));
    }
    if (r.aspect() == null) {
      errors.add(new FieldError("aspect", "is required (9:16, 16:9 or 1:1)"));
    }
    if (r.durationSeconds() < PipelineRequest.MIN_DURATION
        || r.durationSeconds() > PipelineRequest.MAX_DURATION) {
      errors.add(
          new FieldError(
              "duration",
              "must be between "
                  + PipelineRequest.MIN_DURATION
                  + " and "
                  + PipelineRequest.MAX_DURATION
                  + " seconds"));
    }
    if (r.voice() == null || !VOICE.matcher(r.voice()).matches()) {
      errors.add(new FieldError("voice", "must be a voice name such as 'en' or 'en-us'"));
    }
    if (r.platforms().isEmpty() && r.accounts().isEmpty()) {
      errors.add(new FieldError("platforms", "must name at least one platform or account"));
    }
    for (String a : r.accounts()) {
      if (a == null || !UUID.matcher(a).matches()) {
        errors.add(new FieldError("accounts", "'" + a + "' is not an account id (UUID)"));
      }
    }
    if (r.accounts().stream().distinct().count() < r.accounts().size()) {
      errors.add(new FieldError("accounts", "names an account twice"));
    }
    for (int i = 0; i < r.posts().size(); i++) {
      AccountPost post = r.posts().get(i);
      errors.addAll(post.problems("posts[" + i + "]."));
      if (!r.accounts().contains(post.accountId())) {
        errors.add(
            new FieldError(
                "posts[" + i + "].account_id",
                "'" + post.accountId() + "' is not one of the request's accounts"));
      }
    }
    if (!r.publishAt().isEmpty()) {
      if (r.accounts().isEmpty()) {
        errors.add(new FieldError("publish_at", "needs at least one account to post to"));
      }
      try {
        Instant.parse(r.publishAt());
      } catch (DateTimeParseException e) {
        errors.add(
            new FieldError(
                "publish_at", "must be an ISO-8601 instant such as 2026-12-24T18:00:00Z"));
      }
    }
    for (String p : r.platforms()) {
      if (p == null || !PLATFORM.matcher(p).matches()) {
        errors.add(new FieldError("platforms", "'" + p + "' is not a platform name"));
      }
    }
    if (!PipelineRequest.STYLES.contains(r.style())) {
      errors.add(
          new FieldError("style", "must be one of " + String.join(", ", PipelineRequest.STYLES)));
    }
    if (!LANGUAGE.matcher(r.language()).matches()) {
      errors.add(new FieldError("language", "must be a language tag such as 'en' or 'pt-BR'"));
    }
    if (!PipelineRequest.QUALITY_FULL.equals(r.quality())
        && !PipelineRequest.QUALITY_PREVIEW.equals(r.quality())) {
      errors.add(new FieldError("quality", "must be 'full' or 'preview'"));
    }
    if (r.requestKey().length() > 200) {
      errors.add(new FieldError("request_key", "must be at most 200 characters"));
    }
    return errors;
  }

  /**
   * The run (workflow) id for a request: the same user, topic, options and request key always give
   * the same id, so submitting the same request twice does not start two runs.
   */
  public static String runId(PipelineRequest r) {
    // Options added after the first release join the hash only when they differ from their
    // defaults, so run ids of earlier requests stay the same.
    String extra = "";
    if (!PipelineRequest.DEFAULT_STYLE.equals(r.style())
        || !PipelineRequest.DEFAULT_LANGUAGE.equals(r.language())
        || !PipelineRequest.QUALITY_FULL.equals(r.quality())) {
      extra = "\u0000" + r.style() + "\u0000" + r.language() + "\u0000" + r.quality();
    }
    String canonical =
        String.join(
                "\u0000",
                r.userId(),
                r.topic().strip(),
                String.valueOf(r.aspect()),
                Integer.toString(r.durationSeconds()),
                r.voice(),
                String.join(",", r.platforms()),
                r.requestKey())
            + extra
            + (r.accounts().isEmpty() && r.publishAt().isEmpty()
                ? ""
                : "\u0000" + String.join(",", r.accounts()) + "\u0000" + r.publishAt())
            + (r.templateId().isEmpty() ? "" : "\u0000template:" + r.templateId());
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return "run-" + HexFormat.of().formatHex(hash, 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}

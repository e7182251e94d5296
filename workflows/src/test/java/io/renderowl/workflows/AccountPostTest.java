package io.renderowl.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountPostTest {
  static final String ACCOUNT = "0b7f3c2e-1111-4222-8333-444455556666";

  static AccountPost post(int delay, String at, String zone) {
    return new AccountPost(
        ACCOUNT, "Unlisted", true, List.of("#owls", " night ", ""), "27", "", "", delay, at, zone);
  }

  @Test
  void tagsLoseTheirHashAndBlanksAndPrivacyIsLowerCase() {
    AccountPost p = post(0, "", "");

    assertThat(p.tags()).containsExactly("owls", "night");
    assertThat(p.privacy()).isEqualTo("unlisted");
    assertThat(p.problems("accounts[0].")).isEmpty();
  }

  @Test
  void templatesFillTheirPlaceholdersAndAnEmptyOneGivesTheFallback() {
    Map<String, String> values = Map.of("title", "Barn owls", "topic", "owls", "channel", "Birds");

    assertThat(AccountPost.expand("{title} | {channel} $1 \\n", values, "x"))
        .isEqualTo("Barn owls | Birds $1 \\n");
    assertThat(AccountPost.expand("", values, "fallback")).isEqualTo("fallback");
    assertThat(AccountPost.expand("{script}", values, "x")).isEqualTo("{script}");
  }

  @Test
  void aDelayOrATimeOfDayInTheChannelsZoneGivesThePublishTime() {
    Instant rendered = Instant.parse("2026-12-03T17:10:00Z");

    assertThat(post(0, "", "").publishAt(rendered)).isEmpty();
    assertThat(post(90, "", "").publishAt(rendered)).isEqualTo("2026-12-03T18:40:00Z");
    // 18:30 in Berlin (UTC+1 in December) is 17:30Z, still ahead today
    assertThat(post(0, "18:30", "Europe/Berlin").publishAt(rendered))
        .isEqualTo("2026-12-03T17:30:00Z");
    // 09:00 UTC has passed: tomorrow's
    assertThat(post(0, "09:00", "").publishAt(rendered)).isEqualTo("2026-12-04T09:00:00Z");
  }

  @Test
  void everyBadFieldIsNamedWithItsPrefix() {
    AccountPost bad =
        new AccountPost(
            ACCOUNT, "friends", false, List.of("a,b"), "music", "{nope}", "{title}", -5, "7pm", "");
    AccountPost both = post(10, "18:00", "");

    assertThat(bad.problems("accounts[2]."))
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder(
            "accounts[2].privacy",
            "accounts[2].tags",
            "accounts[2].category",
            "accounts[2].title_template",
            "accounts[2].delay_minutes",
            "accounts[2].post_at");
    assertThat(both.problems(""))
        .containsExactly(
            new FieldError("post_at", "give either a delay or a time of day, not both"));
  }

  @Test
  void aRequestPostsWithTheSettingsOfEachAccountAndPlainDefaultsOtherwise() {
    PipelineRequest request =
        new PipelineRequest(
                ACCOUNT, "Owls", Aspect.VERTICAL, 12, "en", List.of(), "k", null, null, null)
            .withPosts(List.of(post(0, "", "")));
    String other = "9b7f3c2e-1111-4222-8333-444455556666";

    assertThat(request.accounts()).containsExactly(ACCOUNT);
    assertThat(request.postOn(ACCOUNT).madeForKids()).isTrue();
    assertThat(request.postOn(other)).isEqualTo(AccountPost.plain(other));
    assertThat(PipelineRequests.validate(request)).isEmpty();
    assertThat(PipelineRequests.validate(request.withAccounts(List.of(other), "")))
        .extracting(FieldError::field)
        .containsExactly("posts[0].account_id");
  }
}

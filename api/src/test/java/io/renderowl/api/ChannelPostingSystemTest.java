package io.renderowl.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.api.ApiClient.Reply;
import io.renderowl.workflows.PipelineResult;
import io.renderowl.workflows.Publication;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Autopilot channels that post: a channel names connected accounts with per-platform metadata, and
 * each fire's videos are posted there through the publishing workflows, to YouTube and TikTok stubs
 * on loopback that record what they were sent.
 */
class ChannelPostingSystemTest extends PostingStack {

  @Test
  void aChannelFirePostsToBothAccountsWithTheChannelsMetadata() throws Exception {
    UUID youtube = account(localUser.id(), "youtube", "yt-fire-token");
    UUID tiktok = account(localUser.id(), "tiktok", "tt-fire-token");

    Reply created =
        createChannel(
            DEV,
            "Owls",
            "[{\"account_id\":\""
                + youtube
                + "\",\"privacy\":\"unlisted\",\"made_for_kids\":true,\"tags\":[\"owls\",\"#night\"],"
                + "\"category\":\"27\",\"title_template\":\"{title} | {channel}\","
                + "\"description_template\":\"{topic}, from {channel}\"},"
                + "{\"account_id\":\""
                + tiktok
                + "\",\"privacy\":\"private\",\"tags\":[\"birds\"]}]");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.text("/data/id");
    Reply shown = api.get("/api/v1/channels/" + id, "Authorization", DEV);
    assertThat(shown.text("/data/accounts/0/account_id")).isEqualTo(youtube.toString());
    assertThat(shown.text("/data/accounts/0/privacy")).isEqualTo("unlisted");
    assertThat(shown.json().at("/data/accounts/0/made_for_kids").asBoolean()).isTrue();
    assertThat(shown.json().at("/data/accounts/0/tags").toString())
        .isEqualTo("[\"owls\",\"night\"]");
    assertThat(shown.text("/data/accounts/1/privacy")).isEqualTo("private");
    assertThat(shown.json().at("/data/accounts/1/made_for_kids").asBoolean()).isFalse();

    PipelineResult result = fireAndWait(id);

    assertThat(result.publications())
        .filteredOn(p -> !p.platform().equals("local-folder"))
        .extracting(Publication::platform, Publication::state)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("youtube", "published"),
            org.assertj.core.groups.Tuple.tuple("tiktok", "published"));
    List<JsonNode> videos = sent("/upload/youtube/v3/videos", "yt-fire-token");
    assertThat(videos).hasSize(1);
    JsonNode video = videos.getFirst();
    assertThat(video.at("/status/privacyStatus").asString()).isEqualTo("unlisted");
    assertThat(video.at("/status/selfDeclaredMadeForKids").asBoolean()).isTrue();
    assertThat(video.at("/snippet/tags").toString()).isEqualTo("[\"owls\",\"night\"]");
    assertThat(video.at("/snippet/categoryId").asString()).isEqualTo("27");
    assertThat(video.at("/snippet/title").asString()).isEqualTo("Owls at night | Owls");
    assertThat(video.at("/snippet/description").asString()).isEqualTo("Owls at night, from Owls");
    List<JsonNode> inits = sent("/v2/post/publish/video/init/", "tt-fire-token");
    assertThat(inits).hasSize(1);
    assertThat(inits.getFirst().at("/post_info/privacy_level").asString()).isEqualTo("SELF_ONLY");
    assertThat(inits.getFirst().at("/post_info/title").asString()).contains("#birds");
    assertThat(inits.getFirst().at("/source_info/source").asString()).isEqualTo("FILE_UPLOAD");
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM publications WHERE run_id = :r AND status = 'published'"
                        + " AND social_account_id IS NOT NULL")
                .param("r", result.runId())
                .query(Integer.class)
                .single())
        .isEqualTo(2);
  }

  @Test
  void anAccountThatNeedsReconnectingFailsItsOwnPostNotTheRun() throws Exception {
    UUID youtube = account(localUser.id(), "youtube", "yt-partial-token");
    UUID tiktok = account(localUser.id(), "tiktok", "tt-partial-token");
    Reply created =
        createChannel(
            DEV,
            "Moths",
            "[{\"account_id\":\"" + youtube + "\"},{\"account_id\":\"" + tiktok + "\"}]");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    // the platform refused the tiktok account's refresh after the channel was set up
    jdbc.sql("UPDATE social_accounts SET needs_reconnect = true WHERE id = :id")
        .param("id", tiktok)
        .update();

    PipelineResult result = fireAndWait(created.text("/data/id"));

    assertThat(result.publications())
        .filteredOn(p -> p.platform().equals("youtube"))
        .extracting(Publication::state)
        .containsExactly("published");
    assertThat(result.publications())
        .filteredOn(p -> p.platform().equals("account:" + tiktok))
        .singleElement()
        .satisfies(p -> {
          assertThat(p.state()).isEqualTo("failed");
          assertThat(p.reason()).contains("disconnected");
        });
    assertThat(sent("/v2/post/publish/video/init/", "tt-partial-token")).isEmpty();
    assertThat(sent("/v2/post/publish/creator_info/query/", "tt-partial-token")).isEmpty();
    // a YouTube default post: public, not made for kids, no tags
    JsonNode video = sent("/upload/youtube/v3/videos", "yt-partial-token").getFirst();
    assertThat(video.at("/status/privacyStatus").asString()).isEqualTo("public");
    assertThat(video.at("/status/selfDeclaredMadeForKids").asBoolean()).isFalse();
  }

  @Test
  void badAccountsAreRefusedNamingTheFieldAndNothingIsStored() {
    UUID mine = account(localUser.id(), "youtube", "yt-bad-token");
    UUID stale = account(localUser.id(), "tiktok", "tt-stale-token");
    jdbc.sql("UPDATE social_accounts SET needs_reconnect = true WHERE id = :id")
        .param("id", stale)
        .update();
    UUID theirs = account(otherUser(), "youtube", "yt-theirs-token");
    long before = jdbc.sql("SELECT count(*) FROM scheduled_jobs").query(Long.class).single();

    Reply foreign = createChannel(DEV, "Foreign", "[{\"account_id\":\"" + theirs + "\"}]");
    Reply reconnect = createChannel(DEV, "Stale", "[{\"account_id\":\"" + stale + "\"}]");
    Reply bad =
        createChannel(
            DEV,
            "Bad",
            "[{\"account_id\":\""
                + mine
                + "\",\"privacy\":\"friends\",\"tags\":[\"a,b\"],\"category\":\"music\","
                + "\"title_template\":\"{nope}\",\"delay_minutes\":-1,\"post_at\":\"25:00\"},"
                + "{\"account_id\":\"not-an-id\"}]");

    assertThat(foreign.status()).isEqualTo(400);
    assertThat(foreign.detailFor("accounts[0].account_id"))
        .contains("is not one of your connected accounts");
    assertThat(reconnect.status()).isEqualTo(400);
    assertThat(reconnect.detailFor("accounts[0].account_id")).contains("must be connected again");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.detailFor("accounts[0].privacy")).contains("'friends'");
    assertThat(bad.detailFor("accounts[0].tags")).contains("'a,b'");
    assertThat(bad.detailFor("accounts[0].category")).contains("'music'");
    assertThat(bad.detailFor("accounts[0].title_template")).contains("{nope}");
    assertThat(bad.detailFor("accounts[0].delay_minutes")).contains("between 0 and");
    assertThat(bad.detailFor("accounts[0].post_at")).contains("'25:00'");
    assertThat(bad.detailFor("accounts[1].account_id")).contains("not an account id");
    assertThat(jdbc.sql("SELECT count(*) FROM scheduled_jobs").query(Long.class).single())
        .isEqualTo(before);
  }

  @Test
  void aChannelsAccountsAreChangedByPatchAndAnotherUsersChannelIsNotFound() {
    UUID youtube = account(localUser.id(), "youtube", "yt-patch-token");
    UUID tiktok = account(localUser.id(), "tiktok", "tt-patch-token");
    Reply created = createChannel(DEV, "Bats", "[{\"account_id\":\"" + youtube + "\"}]");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.text("/data/id");
    otherUser();

    Reply patched =
        api.send(
            "PATCH",
            "/api/v1/channels/" + id,
            java.net.http.HttpRequest.BodyPublishers.ofString(
                "{\"accounts\":[{\"account_id\":\""
                    + tiktok
                    + "\",\"privacy\":\"draft\",\"post_at\":\"18:30\"}]}"),
            "Authorization",
            DEV,
            "Content-Type",
            "application/json");
    Reply stolen =
        api.send(
            "PATCH",
            "/api/v1/channels/" + id,
            java.net.http.HttpRequest.BodyPublishers.ofString("{\"accounts\":[]}"),
            "Authorization",
            OTHER,
            "Content-Type",
            "application/json");
    Reply draftOnYoutube =
        api.send(
            "PATCH",
            "/api/v1/channels/" + id,
            java.net.http.HttpRequest.BodyPublishers.ofString(
                "{\"accounts\":[{\"account_id\":\"" + youtube + "\",\"privacy\":\"draft\"}]}"),
            "Authorization",
            DEV,
            "Content-Type",
            "application/json");

    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    assertThat(patched.json().at("/data/accounts").size()).isEqualTo(1);
    assertThat(patched.text("/data/accounts/0/account_id")).isEqualTo(tiktok.toString());
    assertThat(patched.text("/data/accounts/0/post_at")).isEqualTo("18:30");
    assertThat(patched.text("/data/name")).isEqualTo("Bats");
    assertThat(stolen.status()).isEqualTo(404);
    assertThat(draftOnYoutube.status()).isEqualTo(400);
    assertThat(draftOnYoutube.detailFor("accounts[0].privacy")).contains("TikTok inbox draft");
    Reply listed = api.get("/api/v1/channels?limit=100", "Authorization", DEV);
    assertThat(listed.body()).contains(tiktok.toString());
  }

  @Test
  void aDelayedChannelPostWaitsAsAScheduledPostThatCanBeCancelled() throws Exception {
    UUID youtube = account(localUser.id(), "youtube", "yt-delay-token");
    Reply created =
        createChannel(DEV, "Larks", "[{\"account_id\":\"" + youtube + "\",\"delay_minutes\":90}]");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    java.time.Instant before = java.time.Instant.now();

    PipelineResult result = fireAndWait(created.text("/data/id"));

    Publication waiting =
        result.publications().stream()
            .filter(p -> p.platform().equals("account:" + youtube))
            .findFirst()
            .orElseThrow();
    assertThat(waiting.state()).isEqualTo("scheduled");
    java.time.Instant at = java.time.Instant.parse(waiting.reason().replace("posts at ", ""));
    assertThat(at).isBetween(before.plusSeconds(89 * 60), before.plusSeconds(95 * 60));
    String workflowId = waiting.location();
    Reply listed =
        org.awaitility.Awaitility.await()
            .atMost(java.time.Duration.ofSeconds(60))
            .pollInterval(java.time.Duration.ofMillis(200))
            .until(
                () -> api.get("/api/v1/social/scheduled?limit=100", "Authorization", DEV),
                r -> r.body().contains(workflowId));
    String id =
        listed
            .json()
            .at("/data")
            .valueStream()
            .filter(p -> workflowId.equals(p.at("/workflow_id").asString()))
            .findFirst()
            .orElseThrow()
            .at("/id")
            .asString();
    Reply cancelled =
        api.send(
            "DELETE",
            "/api/v1/social/scheduled/" + id,
            java.net.http.HttpRequest.BodyPublishers.noBody(),
            "Authorization",
            DEV);
    assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
    assertThat(publication(workflowId).state()).isEqualTo("cancelled");
    assertThat(sent("/upload/youtube/v3/videos", "yt-delay-token")).isEmpty();
  }
}

package io.renderowl.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.renderowl.api.ApiClient.Reply;
import io.renderowl.workflows.PipelineResult;
import io.renderowl.workflows.Publication;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Cross-posting and scheduling over HTTP: {@code POST /social/crosspost}, {@code POST
 * /social/schedule}, {@code GET /social/scheduled} and {@code DELETE /social/scheduled/{id}}, with
 * the YouTube and TikTok stubs recording what reached them.
 */
class SocialPostsSystemTest extends PostingStack {

  Reply post(String path, String body, String auth) {
    return api.post(path, body, "Authorization", auth, "Content-Type", "application/json");
  }

  Reply delete(String path, String auth) {
    return api.send("DELETE", path, HttpRequest.BodyPublishers.noBody(), "Authorization", auth);
  }

  @Test
  void aFinishedVideoIsCrossPostedOnceToEachAccount() throws Exception {
    UUID youtube = account(localUser.id(), "youtube", "yt-cross-token");
    UUID tiktok = account(localUser.id(), "tiktok", "tt-cross-token");
    PipelineResult run = finishedRun("Herons");

    Reply posted =
        post(
            "/api/v1/social/crosspost",
            "{\"run_id\":\""
                + run.runId()
                + "\",\"account_ids\":[\""
                + youtube
                + "\",\""
                + tiktok
                + "\"]}",
            DEV);
    Reply again =
        post(
            "/api/v1/social/crosspost",
            "{\"run_id\":\"" + run.runId() + "\",\"account_ids\":[\"" + youtube + "\"]}",
            DEV);

    assertThat(posted.status()).as(posted.body()).isEqualTo(202);
    assertThat(posted.json().at("/data").size()).isEqualTo(2);
    assertThat(posted.text("/data/0/state")).isEqualTo("uploading");
    Publication onYoutube = publication(posted.text("/data/0/workflow_id"));
    Publication onTiktok = publication(posted.text("/data/1/workflow_id"));
    assertThat(onYoutube.state()).as(onYoutube.reason()).isEqualTo("published");
    assertThat(onYoutube.location()).isEqualTo("https://www.youtube.com/watch?v=vid-1");
    assertThat(onTiktok.state()).as(onTiktok.reason()).isEqualTo("published");
    assertThat(again.status()).isEqualTo(202);
    assertThat(again.text("/data/0/workflow_id")).isEqualTo(posted.text("/data/0/workflow_id"));
    // a run is posted once per account: the repeated request started nothing new
    assertThat(sent("/upload/youtube/v3/videos", "yt-cross-token")).hasSize(1);
    assertThat(sent("/v2/post/publish/video/init/", "tt-cross-token")).hasSize(1);
  }

  @Test
  void anotherUsersAccountIsRefusedWithoutReachingThePlatform() throws Exception {
    UUID theirs = account(otherUser(), "youtube", "yt-foreign-token");
    PipelineResult run = finishedRun("Egrets");

    Reply posted =
        post(
            "/api/v1/social/crosspost",
            "{\"run_id\":\"" + run.runId() + "\",\"account_ids\":[\"" + theirs + "\"]}",
            DEV);
    Reply theirRun =
        post(
            "/api/v1/social/crosspost",
            "{\"run_id\":\"" + run.runId() + "\",\"account_ids\":[\"" + theirs + "\"]}",
            OTHER);

    assertThat(posted.status()).isEqualTo(202);
    Publication refused = publication(posted.text("/data/0/workflow_id"));
    assertThat(refused.state()).isEqualTo("failed");
    assertThat(refused.reason()).contains("is not one of the user's connected accounts");
    assertThat(sent("/upload/youtube/v3/videos", "yt-foreign-token")).isEmpty();
    assertThat(theirRun.status()).isEqualTo(400);
    assertThat(theirRun.detailFor("run_id")).isEqualTo("no such run");
  }

  @Test
  void badRequestsAre400sNamingTheField() throws Exception {
    PipelineResult run = finishedRun("Cranes");
    String future = Instant.now().plus(Duration.ofHours(2)).toString();

    Reply empty = post("/api/v1/social/crosspost", "{}", DEV);
    Reply badAccount =
        post(
            "/api/v1/social/crosspost",
            "{\"run_id\":\"" + run.runId() + "\",\"account_ids\":[\"nope\"]}",
            DEV);
    Reply twice =
        post(
            "/api/v1/social/crosspost",
            "{\"run_id\":\""
                + run.runId()
                + "\",\"account_ids\":[\"00000000-0000-0000-0000-000000000001\","
                + "\"00000000-0000-0000-0000-000000000001\"]}",
            DEV);
    Reply noTime =
        post(
            "/api/v1/social/schedule",
            "{\"run_id\":\"" + run.runId() + "\",\"account_ids\":[]}",
            DEV);
    Reply badTime =
        post(
            "/api/v1/social/schedule",
            "{\"run_id\":\"" + run.runId() + "\",\"publish_at\":\"tomorrow at six\"}",
            DEV);
    Reply past =
        post(
            "/api/v1/social/schedule",
            "{\"run_id\":\""
                + run.runId()
                + "\",\"account_ids\":[\"00000000-0000-0000-0000-000000000001\"],"
                + "\"publish_at\":\"2020-01-01T00:00:00Z\"}",
            DEV);
    Reply unknownRun =
        post(
            "/api/v1/social/schedule",
            "{\"run_id\":\"no-such-run\",\"account_ids\":[\"00000000-0000-0000-0000-000000000001\"],"
                + "\"publish_at\":\""
                + future
                + "\"}",
            DEV);

    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.detailFor("run_id")).isEqualTo("no such run");
    assertThat(empty.detailFor("accounts")).isEqualTo("must name at least one account");
    assertThat(badAccount.status()).isEqualTo(400);
    assertThat(badAccount.detailFor("accounts")).contains("'nope' is not an account id");
    assertThat(twice.status()).isEqualTo(400);
    assertThat(twice.detailFor("accounts")).isEqualTo("names an account twice");
    assertThat(noTime.status()).isEqualTo(400);
    assertThat(noTime.detailFor("publish_at")).isEqualTo("is required");
    assertThat(badTime.status()).isEqualTo(400);
    assertThat(badTime.detailFor("publish_at")).contains("ISO-8601");
    assertThat(past.status()).isEqualTo(400);
    assertThat(past.detailFor("publish_at")).isEqualTo("is in the past");
    assertThat(unknownRun.status()).isEqualTo(400);
    assertThat(unknownRun.detailFor("run_id")).isEqualTo("no such run");
  }

  @Test
  void aScheduledPostIsListedCancelledByItsOwnerOnlyAndSendsNothing() throws Exception {
    UUID tiktok = account(localUser.id(), "tiktok", "tt-sched-token");
    otherUser();
    PipelineResult run = finishedRun("Storks");
    String at = Instant.now().plus(Duration.ofHours(1)).toString();

    Reply scheduled =
        post(
            "/api/v1/social/schedule",
            "{\"run_id\":\""
                + run.runId()
                + "\",\"account_ids\":[\""
                + tiktok
                + "\"],\"publish_at\":\""
                + at
                + "\"}",
            DEV);
    assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(202);
    assertThat(scheduled.text("/data/0/state")).isEqualTo("scheduled");
    String workflowId = scheduled.text("/data/0/workflow_id");
    // the publication row is opened by the workflow's first step
    Reply listed =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
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
    Reply theirList = api.get("/api/v1/social/scheduled", "Authorization", OTHER);
    Reply theirCancel = delete("/api/v1/social/scheduled/" + id, OTHER);
    Reply unknown = delete("/api/v1/social/scheduled/" + UUID.randomUUID(), DEV);
    Reply notAnId = delete("/api/v1/social/scheduled/not-an-id", DEV);
    Reply cancelled = delete("/api/v1/social/scheduled/" + id, DEV);
    Reply twice = delete("/api/v1/social/scheduled/" + id, DEV);

    assertThat(listed.json().at("/pagination/total").asLong()).isPositive();
    assertThat(theirList.status()).isEqualTo(200);
    assertThat(theirList.body()).doesNotContain(id);
    assertThat(theirCancel.status()).isEqualTo(404);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(notAnId.status()).isEqualTo(404);
    assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
    assertThat(cancelled.text("/data/state")).isEqualTo("cancelled");
    assertThat(twice.status()).isEqualTo(409);
    Publication ended = publication(workflowId);
    assertThat(ended.state()).isEqualTo("cancelled");
    assertThat(api.get("/api/v1/social/scheduled?limit=100", "Authorization", DEV).body())
        .doesNotContain(id);
    assertThat(sent("/v2/post/publish/creator_info/query/", "tt-sched-token")).isEmpty();
    assertThat(sent("/v2/post/publish/video/init/", "tt-sched-token")).isEmpty();
  }
}

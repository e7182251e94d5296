package io.renderowl.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.api.ApiClient.Reply;
import io.renderowl.infra.admin.OperatorViews;
import io.renderowl.infra.admin.OperatorViews.AuditEntry;
import io.renderowl.infra.users.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The operator views: admins list every user's accounts, runs and renders (seed list format,
 * filters by user and status), users are refused 403 in the error envelope, and every admin read is
 * in the audit log. Registered accounts start with the sign-up grant, enough for a first run.
 */
class AdminViewsSystemTest extends AccountsStack {

  @Autowired OperatorViews views;

  @Test
  void anAdminSeesAnotherUsersRunsAndTheReadIsAudited() {
    TestUser owner = newUser("owner", Role.USER);
    TestUser admin = newUser("admin", Role.ADMIN);
    // The sign-up grant (default 10) pays for a first run (1 credit at the default prices).
    Reply balance = api.get("/api/v1/credits/balance", owner.auth());
    assertThat(balance.json().at("/data/balance").asInt()).as(balance.body()).isEqualTo(10);
    Reply run =
        api.post(
            "/api/v1/pipelines",
            "{\"topic\":\"Owls at night\",\"duration\":10}",
            withKey(owner, "Idempotency-Key", ApiClient.uniqueKey()));
    assertThat(run.status()).as(run.body()).isEqualTo(202);
    String runId = run.text("/data/id");

    Reply runs = api.get("/api/v1/admin/runs?user_id=" + owner.id() + "&limit=10", admin.auth());

    assertThat(runs.status()).as(runs.body()).isEqualTo(200);
    assertThat(runs.json().at("/data").size()).isEqualTo(1);
    assertThat(runs.text("/data/0/run_id")).isEqualTo(runId);
    assertThat(runs.text("/data/0/user_id")).isEqualTo(owner.id().toString());
    assertThat(runs.json().at("/pagination/total").asInt()).isEqualTo(1);
    assertThat(runs.json().at("/pagination/limit").asInt()).isEqualTo(10);
    assertThat(runs.text("/meta/request_id")).isNotBlank();
    assertThat(views.auditOf(admin.id(), 10))
        .first()
        .satisfies(a -> {
          assertThat(a.action()).isEqualTo("runs.list");
          assertThat(a.channel()).isEqualTo("api");
          assertThat(a.targetUserId()).isEqualTo(owner.id());
          assertThat(a.filters()).isEqualTo("user_id=" + owner.id());
          assertThat(a.rowCount()).isEqualTo(1);
        });

    Reply none =
        api.get(
            "/api/v1/admin/runs?user_id=" + owner.id() + "&status=failed&limit=10", admin.auth());
    assertThat(none.body()).doesNotContain(runId).contains("\"total\":0");
  }

  @Test
  void anAdminListsUsersAndRendersAndEachReadIsAudited() {
    TestUser someone = newUser("someone", Role.USER);
    TestUser admin = newUser("admin", Role.ADMIN);

    Reply users = api.get("/api/v1/admin/users?limit=100", admin.auth());
    Reply renders = api.get("/api/v1/admin/renders?status=failed", admin.auth());

    assertThat(users.status()).as(users.body()).isEqualTo(200);
    assertThat(users.body()).contains(someone.email());
    assertThat(users.body()).doesNotContain("password");
    assertThat(renders.status()).as(renders.body()).isEqualTo(200);
    assertThat(renders.json().at("/pagination/total").isNumber()).isTrue();
    assertThat(views.auditOf(admin.id(), 10))
        .extracting(AuditEntry::action)
        .containsExactly("renders.list", "users.list");
  }

  @Test
  void usersAreRefusedTheOperatorViewsAndNothingIsAudited() {
    TestUser user = newUser("curious", Role.USER);

    for (String path : new String[] {"users", "runs", "renders"}) {
      Reply reply = api.get("/api/v1/admin/" + path, user.auth());
      assertThat(reply.status()).as(reply.body()).isEqualTo(403);
      assertThat(reply.text("/error/code")).isEqualTo("FORBIDDEN");
      assertThat(reply.text("/meta/request_id")).isNotBlank();
      Reply anonymous = api.get("/api/v1/admin/" + path);
      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(anonymous.text("/error/code")).isEqualTo("UNAUTHORIZED");
    }
    assertThat(views.auditOf(user.id(), 10)).isEmpty();
  }

  @Test
  void badFiltersAreRefusedNamingTheParameter() {
    TestUser admin = newUser("admin", Role.ADMIN);

    Reply status = api.get("/api/v1/admin/runs?status=exploded", admin.auth());
    Reply user = api.get("/api/v1/admin/renders?user_id=not-a-uuid", admin.auth());

    assertThat(status.status()).isEqualTo(400);
    assertThat(status.detailFor("status")).contains("queued, running, completed, failed");
    assertThat(user.status()).isEqualTo(400);
    assertThat(user.detailFor("user_id")).contains("not-a-uuid");
    assertThat(views.auditOf(admin.id(), 10)).isEmpty();
  }

  private static String[] withKey(TestUser user, String... more) {
    String[] auth = user.auth();
    String[] all = new String[auth.length + more.length];
    System.arraycopy(auth, 0, all, 0, auth.length);
    System.arraycopy(more, 0, all, auth.length, more.length);
    return all;
  }
}

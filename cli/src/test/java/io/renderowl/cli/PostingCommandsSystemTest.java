package io.renderowl.cli;

import static io.renderowl.cli.OwlRun.owl;
import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.infra.users.LocalUser;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code owl publish} and the posting options of {@code owl channel} on the real engine (each
 * command starts and stops the stack). The finished run and the connected accounts are seeded in
 * the database first; the posting itself is covered by the API's system tests against the stubs.
 */
@Tag("system")
@Timeout(value = 8, unit = TimeUnit.MINUTES) // every owl command starts and stops the stack
class PostingCommandsSystemTest {

  @TempDir Path home;

  @BeforeEach
  void pointTheEngineAtATemporaryHome() {
    System.setProperty("RENDEROWL_HOME", home.toString());
    System.setProperty("RENDEROWL_TEMPORAL_SERVER", "test");
  }

  @AfterEach
  void clearTheEngineProperties() {
    System.clearProperty("RENDEROWL_HOME");
    System.clearProperty("RENDEROWL_TEMPORAL_SERVER");
  }

  record Seeded(String runId, UUID youtube, UUID tiktok, UUID stale) {}

  /** A finished run of the local user and three of its accounts (one needs reconnecting). */
  private static Seeded seed() {
    try (ConfigurableApplicationContext ctx =
        OwlApplication.start(OwlApplication.Mode.CLIENT, Map.of())) {
      JdbcClient jdbc = JdbcClient.create(ctx.getBean(DataSource.class));
      UUID user = ctx.getBean(LocalUser.class).id();
      String runId = "run-" + UUID.randomUUID();
      UUID render =
          jdbc.sql(
                  "INSERT INTO renders (user_id, preset, status) VALUES (:u, 'preview', 'completed')"
                      + " RETURNING id")
              .param("u", user)
              .query(UUID.class)
              .single();
      jdbc.sql(
              """
              INSERT INTO pipeline_runs (run_id, user_id, topic, request, status, render_id,
                output_key)
              VALUES (:r, :u, 'Owls', '{}', 'completed', :v, 'renders/owls.mp4')
              """)
          .param("r", runId)
          .param("u", user)
          .param("v", render)
          .update();
      return new Seeded(
          runId,
          account(jdbc, user, "youtube", false),
          account(jdbc, user, "tiktok", false),
          account(jdbc, user, "tiktok", true));
    }
  }

  private static UUID account(JdbcClient jdbc, UUID user, String platform, boolean stale) {
    return jdbc.sql(
            """
            INSERT INTO social_accounts (user_id, platform, platform_user_id, username, access_token,
              token_expires_at, needs_reconnect)
            VALUES (:u, :p, :pu, 'owlchannel', 'test-token', NOW() + INTERVAL '1 day', :stale)
            RETURNING id
            """)
        .param("u", user)
        .param("p", platform)
        .param("pu", platform + "-" + UUID.randomUUID())
        .param("stale", stale)
        .query(UUID.class)
        .single();
  }

  @Test
  void publishStartsOnePostPerAccountNowOrAtATimeAndRefusesBadInput() {
    Seeded s = seed();
    String at = Instant.now().plus(Duration.ofHours(3)).toString();

    OwlRun now = owl("publish", s.runId(), "--account", s.youtube() + "," + s.tiktok());
    OwlRun later = owl("publish", s.runId(), "--account", s.youtube().toString(), "--at", at);
    OwlRun badTime = owl("publish", s.runId(), "--account", s.youtube().toString(), "--at", "soon");
    OwlRun noRun = owl("publish", "no-such-run", "--account", s.youtube().toString());
    OwlRun noAccount = owl("publish", s.runId());

    assertThat(now.exitCode()).as(now.err()).isEqualTo(ExitCodes.OK);
    assertThat(now.out())
        .contains(
            "account "
                + s.youtube()
                + ": posting (workflow "
                + s.runId()
                + "-publish-"
                + s.youtube(),
            "account "
                + s.tiktok()
                + ": posting (workflow "
                + s.runId()
                + "-publish-"
                + s.tiktok());
    assertThat(later.exitCode()).as(later.err()).isEqualTo(ExitCodes.OK);
    assertThat(later.out()).contains("account " + s.youtube() + ": scheduled for " + at);
    assertThat(badTime.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badTime.err()).contains("--at must be an ISO-8601 instant");
    assertThat(noRun.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(noRun.err()).contains("run_id: no such run");
    assertThat(noAccount.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(noAccount.err()).contains("--account");
  }

  @Test
  void aChannelIsCreatedAndUpdatedWithItsAccountsAndShowsThem() {
    Seeded s = seed();

    OwlRun created =
        owl(
            "channel",
            "create",
            "Owls",
            "--cron",
            "0 9 * * *",
            "--topics",
            "Barn owls,Snowy owls",
            "--account",
            s.youtube().toString(),
            "--privacy",
            "unlisted",
            "--made-for-kids",
            "--tag",
            "owls",
            "--tag",
            "#birds",
            "--title-template",
            "{title} | {channel}");
    assertThat(created.exitCode()).as(created.err()).isEqualTo(ExitCodes.OK);
    assertThat(created.out())
        .contains(
            "account:   "
                + s.youtube()
                + " unlisted, made for kids, tags owls birds, title '{title} | {channel}'");
    String id = created.out().lines().findFirst().orElseThrow().replace("added channel ", "");

    OwlRun updated =
        owl(
            "channel",
            "update",
            id,
            "--account",
            s.tiktok().toString(),
            "--privacy",
            "private",
            "--post-at",
            "18:30");
    OwlRun listed = owl("channel", "list");
    OwlRun shown = owl("channel", "show", id);
    OwlRun stale =
        owl(
            "channel",
            "update",
            id,
            "--account",
            s.stale().toString(),
            "--account",
            s.youtube().toString(),
            "--privacy",
            "friends");
    OwlRun nothing = owl("channel", "update", id);

    assertThat(updated.exitCode()).as(updated.err()).isEqualTo(ExitCodes.OK);
    assertThat(listed.out()).contains("Owls").contains("1 account(s)");
    assertThat(shown.out())
        .contains("account:   " + s.tiktok() + " private, not made for kids, at 18:30 UTC")
        .doesNotContain(s.youtube().toString());
    assertThat(stale.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(stale.err())
        .contains(
            "accounts[0].account_id",
            "must be connected again",
            "accounts[1].privacy: 'friends' is not one of");
    assertThat(nothing.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(nothing.err()).contains("--account ID");
  }
}

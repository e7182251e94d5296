package io.renderowl.cli;

import static io.renderowl.cli.OwlRun.owl;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** `owl social`: what a pasted callback means, and usage errors that start nothing. */
class SocialCommandTest {

  @Test
  void aPastedRedirectUrlGivesItsCodeAndState() {
    SocialCommand.Callback cb =
        SocialCommand.Callback.parse(
            "  http://localhost:8080/social/callback/x?state=s%2D1&code=abc%3D%3D  ", "other");

    assertThat(cb).isEqualTo(new SocialCommand.Callback("abc==", "s-1", null));
  }

  @Test
  void aBareCodeUsesTheStateOfTheAuthorizationJustStarted() {
    assertThat(SocialCommand.Callback.parse("4/0AbCd", "st"))
        .isEqualTo(new SocialCommand.Callback("4/0AbCd", "st", null));
    assertThat(SocialCommand.Callback.parse("4/0AbCd", null).state()).isNull();
  }

  @Test
  void aRefusalOnThePlatformIsReadFromTheUrl() {
    assertThat(
            SocialCommand.Callback.parse(
                    "https://app.example/cb/tiktok?error=access_denied&error_description=User+cancelled&state=s",
                    null)
                .error())
        .isEqualTo("access_denied (User cancelled)");
  }

  @Test
  void anUnknownPlatformIsAUsageErrorNamingTheKnownOnes() {
    OwlRun run = owl("social", "connect", "myspace");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .contains(
            "unknown platform 'myspace': must be one of youtube, tiktok, instagram, facebook, x, linkedin");
  }

  @Test
  void helpListsConnectListAndDisconnect() {
    OwlRun run = owl("social", "--help");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).contains("connect", "list", "disconnect");
  }
}

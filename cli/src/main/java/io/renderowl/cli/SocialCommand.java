package io.renderowl.cli;

import io.renderowl.infra.social.SocialConnections;
import io.renderowl.infra.social.SocialConnections.AuthorizeLink;
import io.renderowl.infra.social.SocialConnections.ConnectedAccount;
import io.renderowl.infra.social.SocialPlatform;
import io.renderowl.infra.users.LocalUser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Connected social accounts: connect over OAuth, list, disconnect. */
@Command(
    name = "social",
    mixinStandardHelpOptions = true,
    description = {
      "Connected accounts on YouTube, TikTok, Instagram, Facebook, X and LinkedIn (OAuth 2.0).",
      "Each platform needs its client id and secret (see the README's 'Connected accounts')."
    },
    subcommands = {
      SocialCommand.Connect.class,
      SocialCommand.ListAccounts.class,
      SocialCommand.Disconnect.class
    })
final class SocialCommand {

  @Command(
      name = "connect",
      mixinStandardHelpOptions = true,
      description = {
        "Print the platform's authorize URL, then take the URL it sent you back to (or its code).",
        "With --callback, finish a connection started earlier from the URL you landed on."
      })
  static final class Connect implements Callable<Integer> {
    @Parameters(
        paramLabel = "PLATFORM",
        description = "youtube, tiktok, instagram, facebook, x or linkedin")
    String platform;

    @Option(
        names = "--callback",
        paramLabel = "URL_OR_CODE",
        description = "the URL the platform redirected to (carries code and state), or the code")
    @Nullable String callback;

    @Option(names = "--state", description = "the state of an earlier connect (with a bare code)")
    @Nullable String state;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      SocialPlatform p;
      try {
        p = SocialPlatform.of(platform);
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("owl: " + e.getMessage());
        return ExitCodes.USAGE;
      }
      return withConnections(
          spec,
          (connections, user) -> {
            PrintWriter out = spec.commandLine().getOut();
            String answer = callback;
            String expectedState = state;
            if (answer == null) {
              AuthorizeLink link = connections.authorize(user.id(), p);
              out.println(
                  "open this URL, allow access, then paste the URL you land on (or its code):");
              out.println(link.url());
              out.flush();
              answer = readLine();
              expectedState = link.state();
              if (answer == null || answer.isBlank()) {
                spec.commandLine()
                    .getErr()
                    .println("owl: nothing pasted; the connection was not made");
                return ExitCodes.USAGE;
              }
            }
            Callback cb = Callback.parse(answer, expectedState);
            if (cb.error() != null) {
              spec.commandLine()
                  .getErr()
                  .println("owl: " + p.label() + " did not authorize the account: " + cb.error());
              return ExitCodes.FAILED;
            }
            if (cb.state() == null) {
              spec.commandLine()
                  .getErr()
                  .println("owl: a bare code needs --state (or paste the whole URL you landed on)");
              return ExitCodes.USAGE;
            }
            ConnectedAccount a = connections.complete(user.id(), p, cb.code(), cb.state());
            out.println(
                "connected "
                    + p.id()
                    + " account "
                    + a.account().username()
                    + " ("
                    + a.account().channelName()
                    + "), id "
                    + a.account().id());
            return ExitCodes.OK;
          });
    }

    private static @Nullable String readLine() {
      try {
        return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
            .readLine();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the pasted URL", e);
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List connected accounts.")
  static final class ListAccounts implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      return withConnections(
          spec,
          (connections, user) -> {
            PrintWriter out = spec.commandLine().getOut();
            List<ConnectedAccount> all = connections.accounts(user.id(), 0, 1000);
            if (all.isEmpty()) {
              out.println("no connected accounts (connect one with: ./owl social connect youtube)");
            }
            for (ConnectedAccount a : all) {
              out.printf(
                  "%s  %-9s %-24s %-15s token until %s%s%n",
                  a.account().id(),
                  a.account().platform(),
                  a.account().username(),
                  a.needsReconnect() ? "NEEDS RECONNECT" : "connected",
                  a.tokenExpiresAt() == null ? "-" : a.tokenExpiresAt(),
                  a.lastError() == null ? "" : " (" + a.lastError() + ")");
            }
            return ExitCodes.OK;
          });
    }
  }

  @Command(
      name = "disconnect",
      mixinStandardHelpOptions = true,
      description = "Disconnect an account (its tokens are wiped).")
  static final class Disconnect implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "the account id from `owl social list`")
    String id;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      UUID account;
      try {
        account = UUID.fromString(id);
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("owl: no connected account " + id);
        return ExitCodes.NOT_FOUND;
      }
      return withConnections(
          spec,
          (connections, user) -> {
            if (!connections.disconnect(user.id(), account)) {
              spec.commandLine().getErr().println("owl: no connected account " + id);
              return ExitCodes.NOT_FOUND;
            }
            spec.commandLine().getOut().println("disconnected " + id);
            return ExitCodes.OK;
          });
    }
  }

  /** What the platform sent back, read from a pasted redirect URL or a bare code. */
  record Callback(@Nullable String code, @Nullable String state, @Nullable String error) {
    static Callback parse(String pasted, @Nullable String knownState) {
      String text = pasted.strip();
      if (!text.contains("://")) {
        return new Callback(text, knownState, null);
      }
      Map<String, String> q = new LinkedHashMap<>();
      String raw = URI.create(text).getRawQuery();
      if (raw != null) {
        for (String pair : raw.split("&")) {
          int eq = pair.indexOf('=');
          if (eq > 0) {
            q.put(
                URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
          }
        }
      }
      if (q.containsKey("error")) {
        String why =
            q.get("error")
                + (q.containsKey("error_description")
                    ? " (" + q.get("error_description") + ")"
                    : "");
        return new Callback(null, null, why);
      }
      return new Callback(q.get("code"), q.getOrDefault("state", knownState), null);
    }
  }

  interface Action {
    int run(SocialConnections connections, LocalUser user);
  }

  static int withConnections(CommandSpec spec, Action action) {
    try (ConfigurableApplicationContext ctx =
        OwlApplication.start(OwlApplication.Mode.CLIENT, Map.of())) {
      int code;
      try {
        code = action.run(ctx.getBean(SocialConnections.class), ctx.getBean(LocalUser.class));
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("owl: " + e.getMessage());
        code = ExitCodes.USAGE;
      } catch (SocialConnections.ConnectionFailed e) {
        spec.commandLine().getErr().println("owl: " + e.getMessage());
        code = ExitCodes.FAILED;
      }
      spec.commandLine().getOut().flush();
      return code;
    }
  }
}

package io.renderowl.cli;

import io.renderowl.infra.credits.Credits;
import io.renderowl.infra.users.LocalUser;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Credits for operators: a user's balance, and grants (how credits are added when Stripe is not
 * configured). Whoever runs {@code owl} against the installation's database is its operator.
 */
@Command(
    name = "credits",
    mixinStandardHelpOptions = true,
    description = "Credits: show a user's balance, grant credits (operators).",
    subcommands = {CreditsCommand.Balance.class, CreditsCommand.Grant.class})
final class CreditsCommand {

  @Command(
      name = "balance",
      mixinStandardHelpOptions = true,
      description = "Show a user's balance, reserved and available credits.")
  static final class Balance implements Callable<Integer> {
    @Option(
        names = "--user",
        paramLabel = "EMAIL|ID",
        description = "the user (default: the local user)")
    String user;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (ConfigurableApplicationContext ctx =
          OwlApplication.start(OwlApplication.Mode.CLIENT, Map.of())) {
        Credits credits = ctx.getBean(Credits.class);
        Optional<UUID> id = userOf(ctx, credits, user);
        if (id.isEmpty()) {
          spec.commandLine().getErr().println("owl: no user '" + user + "'");
          return ExitCodes.USAGE;
        }
        Credits.Balance b = credits.balance(id.get());
        out.printf(
            "balance %d, reserved %d, available %d%n", b.balance(), b.reserved(), b.available());
        out.flush();
        return ExitCodes.OK;
      }
    }
  }

  @Command(
      name = "grant",
      mixinStandardHelpOptions = true,
      description =
          "Grant credits to a user (a 'grant' transaction); the same --key twice grants once.")
  static final class Grant implements Callable<Integer> {
    @Parameters(paramLabel = "AMOUNT", description = "credits to grant, at least 1")
    int amount;

    @Option(
        names = "--user",
        paramLabel = "EMAIL|ID",
        description = "the user (default: the local user)")
    String user;

    @Option(
        names = "--reason",
        defaultValue = "granted by an operator",
        description = "recorded with the grant (default: ${DEFAULT-VALUE})")
    String reason;

    @Option(
        names = "--key",
        paramLabel = "KEY",
        description = "idempotency key: a grant repeated with the same key is granted once")
    String key;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      if (amount < 1) {
        spec.commandLine().getErr().println("owl: AMOUNT must be at least 1 (got " + amount + ")");
        return ExitCodes.USAGE;
      }
      try (ConfigurableApplicationContext ctx =
          OwlApplication.start(OwlApplication.Mode.CLIENT, Map.of())) {
        Credits credits = ctx.getBean(Credits.class);
        Optional<UUID> id = userOf(ctx, credits, user);
        if (id.isEmpty()) {
          spec.commandLine().getErr().println("owl: no user '" + user + "'");
          return ExitCodes.USAGE;
        }
        String idempotencyKey = "grant:" + (key == null ? UUID.randomUUID().toString() : key);
        boolean granted = credits.grant(id.get(), amount, reason, idempotencyKey);
        Credits.Balance b = credits.balance(id.get());
        out.println(
            (granted ? "granted " + amount + " credits" : "already granted under this key")
                + "; balance "
                + b.balance()
                + ", available "
                + b.available());
        out.flush();
        return ExitCodes.OK;
      }
    }
  }

  private static Optional<UUID> userOf(
      ConfigurableApplicationContext ctx, Credits credits, String user) {
    return user == null || user.isBlank()
        ? Optional.of(ctx.getBean(LocalUser.class).id())
        : credits.findUser(user);
  }
}

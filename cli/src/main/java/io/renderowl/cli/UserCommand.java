package io.renderowl.cli;

import io.renderowl.infra.users.Account;
import io.renderowl.infra.users.Accounts;
import io.renderowl.infra.users.ApiKey;
import io.renderowl.infra.users.LocalUser;
import io.renderowl.infra.users.NewApiKey;
import io.renderowl.infra.users.Role;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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

/** Operators' user management: add, list and disable users, and manage API keys. */
@Command(
    name = "user",
    mixinStandardHelpOptions = true,
    description = "Users and API keys (operators): add, list, disable; key create|list|revoke.",
    subcommands = {
      UserCommand.Add.class,
      UserCommand.ListUsers.class,
      UserCommand.Disable.class,
      UserCommand.Key.class
    })
final class UserCommand {

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description =
          "Add a local user who signs in with email and password (POST /api/v1/auth/login).")
  static final class Add implements Callable<Integer> {
    @Parameters(paramLabel = "EMAIL", description = "the user's email (the login)")
    String email;

    @Option(names = "--name", description = "display name")
    @Nullable String name;

    @Option(names = "--admin", description = "give the user the admin role")
    boolean admin;

    @Option(
        names = "--password-stdin",
        description = "read the password from the first line of standard input (else prompt)")
    boolean passwordStdin;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      String password = readPassword();
      if (password == null) {
        spec.commandLine()
            .getErr()
            .println("owl: no password given: use --password-stdin or run in a terminal");
        return ExitCodes.USAGE;
      }
      try (ConfigurableApplicationContext ctx = client()) {
        Account a =
            ctx.getBean(Accounts.class)
                .register(email, password, name, admin ? Role.ADMIN : Role.USER);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("added %s (%s, id %s)%n", a.email(), a.role().value(), a.id());
        out.flush();
        return ExitCodes.OK;
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("owl: " + e.getMessage());
        return ExitCodes.USAGE;
      }
    }

    private @Nullable String readPassword() throws IOException {
      if (passwordStdin) {
        String line =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return line == null || line.isEmpty() ? null : line;
      }
      Console console = System.console();
      if (console == null) {
        return null;
      }
      char[] typed = console.readPassword("Password for %s: ", email);
      return typed == null || typed.length == 0 ? null : new String(typed);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List every user.")
  static final class ListUsers implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (ConfigurableApplicationContext ctx = client()) {
        out.printf("%-36s  %-6s  %-8s  %-5s  %s%n", "ID", "ROLE", "STATUS", "LOGIN", "EMAIL");
        for (Account a : ctx.getBean(Accounts.class).list()) {
          out.printf(
              "%-36s  %-6s  %-8s  %-5s  %s%n",
              a.id(),
              a.role().value(),
              a.active() ? "active" : "disabled",
              a.local() ? "yes" : "no",
              a.email());
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "disable",
      mixinStandardHelpOptions = true,
      description = "Disable a user: their keys and tokens stop working at once.")
  static final class Disable implements Callable<Integer> {
    @Parameters(paramLabel = "EMAIL")
    String email;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try (ConfigurableApplicationContext ctx = client()) {
        if (!ctx.getBean(Accounts.class).disable(email)) {
          spec.commandLine().getErr().println("owl: no user " + email);
          return ExitCodes.USAGE;
        }
      }
      spec.commandLine().getOut().println("disabled " + email);
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "key",
      mixinStandardHelpOptions = true,
      description = "API keys of a user (default: the local user).",
      subcommands = {Key.Create.class, Key.ListKeys.class, Key.Revoke.class})
  static final class Key {

    @Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = "Create an API key and print it (shown this once).")
    static final class Create implements Callable<Integer> {
      @Parameters(paramLabel = "NAME", description = "what the key is for")
      String name;

      @Option(names = "--email", description = "the key's user (default: the local user)")
      @Nullable String email;

      @Spec CommandSpec spec;

      @Override
      public Integer call() {
        try (ConfigurableApplicationContext ctx = client()) {
          UUID user = userId(ctx, email, spec);
          if (user == null) {
            return ExitCodes.USAGE;
          }
          NewApiKey key = ctx.getBean(Accounts.class).createApiKey(user, name);
          PrintWriter out = spec.commandLine().getOut();
          out.println(key.secret());
          out.flush();
          spec.commandLine()
              .getErr()
              .println("API key " + key.key().id() + " created; it is not shown again");
          return ExitCodes.OK;
        } catch (IllegalArgumentException e) {
          spec.commandLine().getErr().println("owl: " + e.getMessage());
          return ExitCodes.USAGE;
        }
      }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List API keys.")
    static final class ListKeys implements Callable<Integer> {
      @Option(names = "--email", description = "the keys' user (default: the local user)")
      @Nullable String email;

      @Spec CommandSpec spec;

      @Override
      public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (ConfigurableApplicationContext ctx = client()) {
          UUID user = userId(ctx, email, spec);
          if (user == null) {
            return ExitCodes.USAGE;
          }
          out.printf("%-36s  %-10s  %-8s  %s%n", "ID", "PREFIX", "STATUS", "NAME");
          for (ApiKey k : ctx.getBean(Accounts.class).apiKeys(user, 0, 1000)) {
            out.printf(
                "%-36s  %-10s  %-8s  %s%n",
                k.id(), k.prefix(), k.revokedAt() == null ? "active" : "revoked", k.name());
          }
        }
        out.flush();
        return ExitCodes.OK;
      }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke an API key.")
    static final class Revoke implements Callable<Integer> {
      @Parameters(paramLabel = "ID", description = "the key's id (owl user key list)")
      String id;

      @Option(names = "--email", description = "the key's user (default: the local user)")
      @Nullable String email;

      @Spec CommandSpec spec;

      @Override
      public Integer call() {
        try (ConfigurableApplicationContext ctx = client()) {
          UUID user = userId(ctx, email, spec);
          if (user == null) {
            return ExitCodes.USAGE;
          }
          UUID keyId;
          try {
            keyId = UUID.fromString(id);
          } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("owl: '" + id + "' is not a key id");
            return ExitCodes.USAGE;
          }
          if (!ctx.getBean(Accounts.class).revokeApiKey(user, keyId)) {
            spec.commandLine().getErr().println("owl: no API key " + id + " for that user");
            return ExitCodes.USAGE;
          }
        }
        spec.commandLine().getOut().println("revoked " + id);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
      }
    }
  }

  private static @Nullable UUID userId(
      ConfigurableApplicationContext ctx, @Nullable String email, CommandSpec spec) {
    if (email == null) {
      return ctx.getBean(LocalUser.class).id();
    }
    return ctx.getBean(Accounts.class)
        .findByEmail(email)
        .map(Account::id)
        .orElseGet(() -> {
          spec.commandLine().getErr().println("owl: no user " + email);
          return null;
        });
  }

  private static ConfigurableApplicationContext client() {
    return OwlApplication.start(OwlApplication.Mode.CLIENT, Map.of());
  }
}

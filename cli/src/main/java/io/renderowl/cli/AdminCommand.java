package io.renderowl.cli;

import io.renderowl.infra.admin.OperatorViews;
import io.renderowl.infra.credits.Credits;
import io.renderowl.infra.pipeline.PageOf;
import io.renderowl.infra.users.LocalUser;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Operator views from the command line ({@code GET /api/v1/admin/runs} for whoever runs {@code owl}
 * against the installation's database, as its local admin user); every read is written to the audit
 * log like the API's.
 */
@Command(
    name = "admin",
    mixinStandardHelpOptions = true,
    description = "Operator views (admins): every user's runs.",
    subcommands = {AdminCommand.Runs.class})
final class AdminCommand {

  @Command(
      name = "runs",
      mixinStandardHelpOptions = true,
      description = "List every user's pipeline runs, newest first (audited).")
  static final class Runs implements Callable<Integer> {
    @Option(names = "--user", paramLabel = "EMAIL|ID", description = "only this user's runs")
    @Nullable String user;

    @Option(
        names = "--status",
        paramLabel = "STATUS",
        description = "only runs in this status: queued, running, completed or failed")
    @Nullable String status;

    @Option(
        names = "--limit",
        defaultValue = "20",
        description = "runs per page, 1 to 100 (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--page", defaultValue = "1", description = "page, from 1")
    int page;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (limit < 1 || limit > 100 || page < 1) {
        err.println("owl: --limit must be between 1 and 100 and --page at least 1");
        return ExitCodes.USAGE;
      }
      if (status != null && !OperatorViews.RUN_STATUSES.contains(status)) {
        err.println(
            "owl: --status must be one of "
                + String.join(", ", OperatorViews.RUN_STATUSES)
                + ", got '"
                + status
                + "'");
        return ExitCodes.USAGE;
      }
      try (ConfigurableApplicationContext ctx =
          OwlApplication.start(OwlApplication.Mode.CLIENT, Map.of())) {
        UUID ofUser = null;
        if (user != null) {
          Optional<UUID> found = ctx.getBean(Credits.class).findUser(user);
          if (found.isEmpty()) {
            err.println("owl: no user '" + user + "'");
            return ExitCodes.USAGE;
          }
          ofUser = found.get();
        }
        OperatorViews.Viewer viewer =
            new OperatorViews.Viewer(ctx.getBean(LocalUser.class).id(), "cli");
        PageOf<OperatorViews.RunSummary> runs =
            ctx.getBean(OperatorViews.class)
                .runs(viewer, ofUser, status, (long) (page - 1) * limit, limit);
        out.printf(
            "%-40s  %-36s  %-9s  %-9s  %-20s  %s%n",
            "RUN", "USER", "STATUS", "STAGE", "CREATED", "TOPIC");
        for (OperatorViews.RunSummary r : runs.rows()) {
          out.printf(
              "%-40s  %-36s  %-9s  %-9s  %-20s  %s%n",
              r.runId(),
              r.userId(),
              r.status(),
              r.stage(),
              r.createdAt().toString().substring(0, 19),
              r.topic());
        }
        long pages = Math.max(1, Math.ceilDiv(runs.total(), (long) limit));
        out.printf("page %d of %d, %d run(s) in all%n", page, pages, runs.total());
        out.flush();
        return ExitCodes.OK;
      }
    }
  }
}

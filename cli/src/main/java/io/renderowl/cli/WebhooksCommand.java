package io.renderowl.cli;

import io.renderowl.infra.pipeline.InvalidRequestException;
import io.renderowl.infra.pipeline.PageOf;
import io.renderowl.infra.pipeline.WebhookDeliveries;
import io.renderowl.infra.pipeline.WebhookDeliveries.Delivery;
import io.renderowl.infra.users.LocalUser;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Completion callbacks as they were delivered (the local user's). */
@Command(
    name = "webhooks",
    mixinStandardHelpOptions = true,
    description = "Completion callbacks of your runs, renders and batches, as delivered.",
    subcommands = {WebhooksCommand.Deliveries.class})
final class WebhooksCommand {

  @Command(
      name = "deliveries",
      mixinStandardHelpOptions = true,
      description = {
        "List your completion callbacks, most recent first, or show one with its attempts."
      })
  static final class Deliveries implements Callable<Integer> {
    @Parameters(
        arity = "0..1",
        paramLabel = "DELIVERY_ID",
        description = "show this delivery with every attempt")
    String id;

    @Option(names = "--kind", description = "only run, render or batch callbacks")
    String kind;

    @Option(names = "--target", description = "only callbacks of this run, render or batch id")
    String target;

    @Option(names = "--status", description = "only delivered, retrying, failed or refused ones")
    String status;

    @Option(names = "--limit", description = "at most this many (default ${DEFAULT-VALUE})")
    int limit = 20;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try (ConfigurableApplicationContext ctx =
          OwlApplication.start(OwlApplication.Mode.CLIENT, Map.of())) {
        WebhookDeliveries deliveries = ctx.getBean(WebhookDeliveries.class);
        String user = ctx.getBean(LocalUser.class).id().toString();
        if (id != null) {
          Delivery d = deliveries.find(user, id).orElse(null);
          if (d == null) {
            err.println("owl: no webhook delivery " + id);
            return ExitCodes.NOT_FOUND;
          }
          out.printf(
              "%s  %s %s %s -> %s: %s after %d attempt(s)%n",
              d.id(),
              d.targetKind(),
              d.targetId(),
              d.event(),
              d.target(),
              d.status(),
              d.attempts());
          for (WebhookDeliveries.Attempt a : d.attemptList()) {
            out.printf(
                "  #%d %s  %-9s %s %s%n",
                a.attempt(),
                a.attemptedAt(),
                a.outcome(),
                a.statusCode() == null ? "-" : a.statusCode(),
                a.error() == null ? "" : a.error());
          }
          out.flush();
          return ExitCodes.OK;
        }
        PageOf<Delivery> page;
        try {
          page = deliveries.list(user, kind, target, status, 0, Math.clamp(limit, 1, 100));
        } catch (InvalidRequestException e) {
          err.println("owl: " + e.getMessage());
          return ExitCodes.USAGE;
        }
        for (Delivery d : page.rows()) {
          out.printf(
              "%-44s %-6s %-9s %-10s %d attempt(s)  %s%n",
              d.id(), d.targetKind(), d.event(), d.status(), d.attempts(), d.lastAttemptAt());
        }
        out.println(page.rows().size() + " of " + page.total() + " deliveries");
        out.flush();
        return ExitCodes.OK;
      }
    }
  }
}

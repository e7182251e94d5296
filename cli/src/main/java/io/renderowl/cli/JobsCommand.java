package io.renderowl.cli;

import io.renderowl.infra.batch.SystemJobs;
import java.io.PrintWriter;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** System jobs: list them, run one now. */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    description =
        "System jobs (analytics sync, token refresh, artefact cleanup, stuck-run reaper): on cron in serve/worker, or now.",
    subcommands = {JobsCommand.ListJobs.class, JobsCommand.Run.class})
final class JobsCommand {

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the system jobs and their cron (UTC).")
  static final class ListJobs implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (ConfigurableApplicationContext ctx =
          OwlApplication.start(OwlApplication.Mode.CLIENT, Map.of())) {
        for (SystemJobs.SystemJob j : ctx.getBean(SystemJobs.class).list()) {
          out.printf("%-18s %-16s %s%n", j.name(), j.cron(), j.description());
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = "Run a system job now and print its report.")
  static final class Run implements Callable<Integer> {
    @Parameters(
        paramLabel = "NAME",
        description = "analytics-sync, token-refresh, artefact-cleanup or stuck-run-reaper")
    String name;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (ConfigurableApplicationContext ctx =
          OwlApplication.start(OwlApplication.Mode.CLIENT, Map.of())) {
        SystemJobs.SystemJobReport r;
        try {
          r = ctx.getBean(SystemJobs.class).run(name);
        } catch (NoSuchElementException e) {
          spec.commandLine().getErr().println("owl: " + e.getMessage());
          return ExitCodes.USAGE;
        }
        out.println(r.name() + ": " + r.status());
        r.lines().forEach(l -> out.println("  " + l));
        out.flush();
        return "COMPLETED".equals(r.status()) ? ExitCodes.OK : ExitCodes.FAILED;
      }
    }
  }
}

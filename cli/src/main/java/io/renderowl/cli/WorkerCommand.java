package io.renderowl.cli;

import io.renderowl.infra.stack.StackEndpoints;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Runs only the workers: resumes unfinished runs after a crash, or adds capacity when pointed at a
 * shared Temporal, database and S3.
 */
@Command(name = "worker", mixinStandardHelpOptions = true, description = "Run pipeline and render workers, and fire channels and system jobs on their cron, until Ctrl-C.")
final class WorkerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    ConfigurableApplicationContext ctx = OwlApplication.start(OwlApplication.Mode.WORKER, Map.of());
    StackEndpoints endpoints = ctx.getBean(StackEndpoints.class);
    spec.commandLine().getOut().printf(
        "workers polling Temporal at %s (%s); Ctrl-C stops%n", endpoints.temporalAddress(), endpoints.temporalServer());
    spec.commandLine().getOut().flush();
    OwlApplication.awaitClose(ctx);
    return ExitCodes.OK;
  }
}

package io.renderowl.cli;

import io.renderowl.infra.stack.StackEndpoints;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.ApplicationListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Runs only the workers: resumes unfinished runs after a crash, or adds capacity when pointed at a
 * shared Temporal, database and S3.
 */
@Command(name = "worker", mixinStandardHelpOptions = true, description = "Run pipeline and render workers until Ctrl-C.")
final class WorkerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    ConfigurableApplicationContext ctx = OwlApplication.start(OwlApplication.Mode.RUN, Map.of());
    StackEndpoints endpoints = ctx.getBean(StackEndpoints.class);
    spec.commandLine().getOut().printf(
        "workers polling Temporal at %s (%s); Ctrl-C stops%n", endpoints.temporalAddress(), endpoints.temporalServer());
    spec.commandLine().getOut().flush();
    CountDownLatch closed = new CountDownLatch(1);
    ctx.addApplicationListener((ApplicationListener<ContextClosedEvent>) e -> closed.countDown());
    closed.await();
    return ExitCodes.OK;
  }
}

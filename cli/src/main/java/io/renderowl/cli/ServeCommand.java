package io.renderowl.cli;

import io.renderowl.infra.stack.StackEndpoints;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the REST API and the workers until stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serve the REST API (/api/v1) with workers, until Ctrl-C.")
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--port", description = "HTTP port (default ${DEFAULT-VALUE})")
  int port = 8080;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    ConfigurableApplicationContext ctx =
        OwlApplication.start(OwlApplication.Mode.SERVE, Map.of("server.port", port));
    StackEndpoints endpoints = ctx.getBean(StackEndpoints.class);
    spec.commandLine()
        .getOut()
        .printf(
            "Renderowl API on http://127.0.0.1:%d/api/v1, health and metrics on"
                + " http://127.0.0.1:%d/actuator (Temporal %s%s); Ctrl-C stops%n",
            port,
            OwlApplication.managementPort(ctx),
            endpoints.temporalServer(),
            endpoints.temporalUiUrl() == null ? "" : ", UI " + endpoints.temporalUiUrl());
    spec.commandLine().getOut().flush();
    OwlApplication.awaitClose(ctx);
    return ExitCodes.OK;
  }
}

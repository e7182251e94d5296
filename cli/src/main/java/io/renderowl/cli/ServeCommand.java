package io.renderowl.cli;

import io.renderowl.infra.config.RenderowlSettings;
import io.renderowl.infra.stack.ServingProcess;
import io.renderowl.infra.stack.StackEndpoints;
import io.renderowl.infra.users.LocalUser;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
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

  @Option(
      names = "--bind",
      description =
          "address to listen on (default ${DEFAULT-VALUE}: this machine only; 0.0.0.0 for every"
              + " interface)")
  String bind = "127.0.0.1";

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    ConfigurableApplicationContext ctx =
        OwlApplication.start(
            OwlApplication.Mode.SERVE, Map.of("server.port", port, "server.address", bind));
    StackEndpoints endpoints = ctx.getBean(StackEndpoints.class);
    LocalUser local = ctx.getBean(LocalUser.class);
    spec.commandLine()
        .getOut()
        .printf(
            "Renderowl API on http://%s:%d/api/v1, health and metrics on"
                + " http://127.0.0.1:%d/actuator (Temporal %s%s); API key of %s in %s;"
                + " Ctrl-C stops%n",
            bind,
            port,
            OwlApplication.managementPort(ctx),
            endpoints.temporalServer(),
            endpoints.temporalUiUrl() == null ? "" : ", UI " + endpoints.temporalUiUrl(),
            local.email(),
            local.apiKeyFile());
    // one-shot commands on the same state folder go through this API (ServeClient)
    java.nio.file.Path home = ctx.getBean(RenderowlSettings.class).home();
    Integer listening = ctx.getEnvironment().getProperty("local.server.port", Integer.class);
    ServingProcess serving =
        ServingProcess.current(ServingProcess.apiOn(bind, listening == null ? port : listening));
    ctx.addApplicationListener(
        (ApplicationListener<ContextClosedEvent>) closed -> serving.withdraw(home));
    serving.announce(home);
    spec.commandLine()
        .getOut()
        .printf(
            "owl run, owl demo, owl status and owl watch on %s go through this API while it runs%n",
            home);
    spec.commandLine().getOut().flush();
    try {
      OwlApplication.awaitClose(ctx);
    } finally {
      ctx.close(); // interrupted rather than stopped by Ctrl-C (which has closed it already)
    }
    return ExitCodes.OK;
  }
}

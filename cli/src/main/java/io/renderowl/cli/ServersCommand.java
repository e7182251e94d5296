package io.renderowl.cli;

import io.renderowl.infra.config.RenderowlSettings;
import io.renderowl.infra.stack.EmbeddedStack;
import io.renderowl.infra.stack.StackEndpoints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs only the shared servers of the embedded stack (PostgreSQL and Redis as their own processes,
 * S3Proxy in this one) for other Renderowl processes to use, and writes where they answer as {@code
 * RENDEROWL_*} variables. The cluster script (infra/cluster/cluster.sh) starts it; Temporal is the
 * dev server the script starts (RENDEROWL_TEMPORAL_ADDRESS), or embedded when unset.
 */
@Command(
    name = "servers",
    mixinStandardHelpOptions = true,
    description =
        "Run the embedded PostgreSQL, Redis and S3 for other owl processes, until Ctrl-C or SIGTERM.")
final class ServersCommand implements Callable<Integer> {
  @Option(
      names = "--env-file",
      required = true,
      description = "write RENDEROWL_DB_URL, RENDEROWL_REDIS_URL, RENDEROWL_S3_ENDPOINT... here")
  Path envFile;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException, IOException {
    RenderowlSettings settings = RenderowlSettings.fromEnvironment();
    EmbeddedStack stack = EmbeddedStack.start(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    stack.close();
                  } catch (Exception e) {
                    System.err.println("servers: stopping failed: " + e.getMessage());
                  } finally {
                    stopped.countDown();
                  }
                },
                "renderowl-servers-stop"));
    StackEndpoints e = stack.endpoints();
    String env =
        String.join(
            "\n",
            "RENDEROWL_DB_URL=" + e.jdbcUrl(),
            "RENDEROWL_DB_USER=" + e.dbUser(),
            "RENDEROWL_DB_PASSWORD=" + e.dbPassword(),
            "RENDEROWL_REDIS_URL=" + e.redisUrl(),
            "RENDEROWL_S3_ENDPOINT=" + e.s3Endpoint(),
            "RENDEROWL_S3_ACCESS_KEY=" + settings.s3().accessKey(),
            "RENDEROWL_S3_SECRET_KEY=" + settings.s3().secretKey(),
            "RENDEROWL_TEMPORAL_ADDRESS=" + e.temporalAddress(),
            "");
    // Written whole, then moved: a reader never sees half a file.
    Path partial = envFile.resolveSibling(envFile.getFileName() + ".partial");
    Files.writeString(partial, env, StandardCharsets.UTF_8);
    Files.move(
        partial, envFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    spec.commandLine()
        .getOut()
        .printf(
            "servers ready: PostgreSQL %s, Redis %s, S3 %s (variables in %s); Ctrl-C stops%n",
            e.jdbcUrl(), e.redisUrl().replaceAll("//[^@/]*@", "//"), e.s3Endpoint(), envFile);
    spec.commandLine().getOut().flush();
    stopped.await();
    return ExitCodes.OK;
  }
}

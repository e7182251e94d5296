package io.renderowl.infra.stack;

import io.renderowl.infra.config.RenderowlSettings;
import io.renderowl.workflows.PipelineSearchAttributes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Starts, in this process, every part of the stack that the settings do not point at a real server:
 * PostgreSQL, an S3-compatible server, Redis and Temporal. State lives in {@code RENDEROWL_HOME},
 * which one process at a time may use.
 */
@SuppressWarnings("try") // close() passes on the first failure of the parts it stops
public final class EmbeddedStack implements AutoCloseable {

  private static final org.slf4j.Logger TIMINGS =
      org.slf4j.LoggerFactory.getLogger("io.renderowl.timings");
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final StackEndpoints endpoints;
  private FileLock lock;
  private FileChannel lockChannel;

  private EmbeddedStack(RenderowlSettings settings) {
    Path home = settings.home();
    boolean anyEmbedded =
        settings.database().embedded()
            || settings.redis().embedded()
            || settings.s3().embedded()
            || settings.temporal().embedded();
    if (anyEmbedded) {
      lockHome(home);
    }
    // One thread per part: the common pool has one or two threads on a small machine, so S3,
    // Redis and the Temporal dev server started one after another behind PostgreSQL.
    java.util.concurrent.ExecutorService parts =
        java.util.concurrent.Executors.newThreadPerTaskExecutor(
            Thread.ofPlatform().name("renderowl-stack-", 0).daemon().factory());
    try {
      CompletableFuture<TemporalEndpoint> temporal =
          CompletableFuture.supplyAsync(() -> startTemporal(settings), parts);
      CompletableFuture<String> jdbc =
          settings.database().embedded()
              ? CompletableFuture.supplyAsync(
                  () ->
                      register(
                              EmbeddedPostgresServer.start(
                                  databaseFolder(home),
                                  cache("postgres"),
                                  home.resolve("logs/postgres.log")))
                          .jdbcUrl(),
                  parts)
              : CompletableFuture.completedFuture(settings.database().url());
      CompletableFuture<String> s3 =
          settings.s3().embedded()
              ? CompletableFuture.supplyAsync(
                  () ->
                      register(
                              EmbeddedS3Server.start(
                                  home.resolve("s3"),
                                  settings.s3().accessKey(),
                                  settings.s3().secretKey()))
                          .endpoint(),
                  parts)
              : CompletableFuture.completedFuture(settings.s3().endpoint());
      CompletableFuture<String> redis =
          settings.redis().embedded()
              ? CompletableFuture.supplyAsync(
                  () ->
                      register(EmbeddedRedisServer.start(home.resolve("redis"), cache("redis")))
                          .url(),
                  parts)
              : CompletableFuture.completedFuture(settings.redis().url());
      TemporalEndpoint t = temporal.join();
      boolean embeddedDb = settings.database().embedded();
      this.endpoints =
          new StackEndpoints(
              jdbc.join(),
              embeddedDb ? "postgres" : settings.database().user(),
              embeddedDb ? "postgres" : settings.database().password(),
              redis.join(),
              s3.join(),
              t.address(),
              settings.temporal().namespace(),
              t.kind(),
              t.uiUrl(),
              t.searchAttributes());
    } catch (CompletionException e) {
      stopAfterFailedStart(parts);
      throw e.getCause() instanceof RuntimeException r ? r : e;
    } catch (RuntimeException e) {
      stopAfterFailedStart(parts);
      throw e;
    } finally {
      parts.shutdown();
    }
  }

  /**
   * One part failed to start: waits for the others to finish starting (or failing) and stops all
   * that did. Stopping at once left a part that was still starting running: a PostgreSQL that came
   * up after the Temporal test server failed to bind kept its data folder's lock, and every later
   * start in that JVM failed on it (OverlappingFileLockException, 15 API tests in one run).
   */
  private void stopAfterFailedStart(java.util.concurrent.ExecutorService parts) {
    parts.shutdown();
    try {
      if (!parts.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES)) {
        StackLog.warn(
            "a part of the embedded stack was still starting after 2 min; stopping the rest");
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    closeQuietly();
  }

  /**
   * The data folder of the embedded PostgreSQL of {@code settings}' home; empty when the database
   * is a configured one.
   */
  public static java.util.Optional<Path> databaseFolder(RenderowlSettings settings) {
    return settings.database().embedded()
        ? java.util.Optional.of(databaseFolder(settings.home()))
        : java.util.Optional.empty();
  }

  /** Where a part's binaries are kept once extracted: the user's cache, shared by every home. */
  static Path cache(String part) {
    return Path.of(System.getProperty("user.home"), ".cache", "renderowl", part);
  }

  private static Path databaseFolder(Path home) {
    return home.resolve("postgres");
  }

  /** Starts what the settings leave embedded. */
  public static EmbeddedStack start(RenderowlSettings settings) {
    return new EmbeddedStack(settings);
  }

  /**
   * Starts the stack on a thread of its own before the application context that will use it is
   * built: a command spends its first seconds building that context, and the servers start
   * meanwhile instead of after it. The context's stack bean takes it with {@link Early#claim}; one
   * nobody claims is stopped by {@link Early#close}.
   */
  public static Early startEarly(RenderowlSettings settings) {
    return new Early(
        settings,
        CompletableFuture.supplyAsync(
            () -> new EmbeddedStack(settings),
            task -> Thread.ofPlatform().name("renderowl-stack-early").daemon().start(task)));
  }

  /** A stack being started ahead of the context that will use it ({@link #startEarly}). */
  public static final class Early implements AutoCloseable {
    private final RenderowlSettings settings;
    private final CompletableFuture<EmbeddedStack> stack;
    private boolean taken;

    private Early(RenderowlSettings settings, CompletableFuture<EmbeddedStack> stack) {
      this.settings = settings;
      this.stack = stack;
    }

    /**
     * The stack, once up, when it was started for the same servers as {@code wanted} asks for;
     * empty (and the early one stopped) when not. A part that failed to start fails here, as {@link
     * EmbeddedStack#start} would have.
     */
    public synchronized Optional<EmbeddedStack> claim(RenderowlSettings wanted) {
      if (taken || !sameServers(settings, wanted)) {
        close();
        return Optional.empty();
      }
      taken = true;
      try {
        return Optional.of(stack.join());
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }

    /** Stops the stack unless it was claimed (the context that claimed it stops it). */
    @Override
    public synchronized void close() {
      if (taken) {
        return;
      }
      taken = true;
      EmbeddedStack unclaimed = stack.exceptionally(e -> null).join();
      if (unclaimed != null) {
        unclaimed.closeQuietly();
      }
    }

    private static boolean sameServers(RenderowlSettings a, RenderowlSettings b) {
      return a.home().equals(b.home())
          && a.database().equals(b.database())
          && a.redis().equals(b.redis())
          && a.s3().equals(b.s3())
          && a.temporal().equals(b.temporal());
    }
  }

  public StackEndpoints endpoints() {
    return endpoints;
  }

  private record TemporalEndpoint(
      String address, String kind, String uiUrl, boolean searchAttributes) {}

  private TemporalEndpoint startTemporal(RenderowlSettings settings) {
    RenderowlSettings.Temporal t = settings.temporal();
    if (!t.embedded()) {
      StackLog.info("Temporal: external server at {} (namespace {})", t.address(), t.namespace());
      return new TemporalEndpoint(t.address(), "external", null, t.searchAttributes());
    }
    Optional<Path> cli =
        t.server().equals("test")
            ? Optional.empty()
            : TemporalDevServer.findCli(t.cli(), settings.home());
    if (cli.isEmpty() && t.server().equals("dev")) {
      throw new IllegalStateException(
          "RENDEROWL_TEMPORAL_SERVER=dev but no temporal binary was found (RENDEROWL_TEMPORAL_CLI, "
              + settings.home().resolve("bin/temporal")
              + ", PATH); build it with infra/scripts/build-temporal-cli.sh");
    }
    if (cli.isPresent()) {
      TemporalDevServer dev =
          register(
              TemporalDevServer.start(
                  cli.get(),
                  settings.home().resolve("temporal"),
                  t.port(),
                  t.uiPort(),
                  t.namespace(),
                  PipelineSearchAttributes.registrations()));
      return new TemporalEndpoint(dev.address(), "dev server", dev.uiUrl(), true);
    }
    TemporalTestServerHost test = register(TemporalTestServerHost.start());
    return new TemporalEndpoint(test.address(), "in-process test server", null, false);
  }

  private synchronized <T extends AutoCloseable> T register(T part) {
    started.push(part);
    return part;
  }

  private void lockHome(Path home) {
    try {
      Files.createDirectories(home);
      lockChannel =
          FileChannel.open(
              home.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      lock = lockChannel.tryLock();
      if (lock == null) {
        lockChannel.close();
        Optional<ServingProcess> serving = ServingProcess.find(home);
        throw new IllegalStateException(
            serving.isPresent()
                ? serving.get().describe()
                    + " is using "
                    + home
                    + "; owl run, owl demo, owl status and owl watch go through its API, other commands"
                    + " need it stopped (or RENDEROWL_HOME set to another folder)"
                : "another Renderowl process is using "
                    + home
                    + " (its embedded database and servers); wait for it to finish, or set"
                    + " RENDEROWL_HOME to another folder");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use the state folder " + home, e);
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (Exception e) {
      StackLog.warn("while stopping the embedded stack: {}", e.toString());
    }
  }

  /**
   * Stops the embedded parts, all at once (none depends on another; the Temporal dev server alone
   * takes a second or more to stop, which one after the other added to every one-shot command), and
   * releases the state folder once all have stopped.
   */
  @Override
  public synchronized void close() throws Exception {
    List<Thread> stopping = new ArrayList<>();
    List<Exception> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    while (!started.isEmpty()) {
      AutoCloseable part = started.pop();
      stopping.add(
          Thread.ofPlatform()
              .name("renderowl-stack-stop-", stopping.size())
              .start(() -> {
                long start = System.nanoTime();
                try {
                  part.close();
                } catch (Exception e) {
                  failures.add(e);
                }
                TIMINGS.info(
                    "stop: {} in {} ms",
                    part.getClass().getSimpleName(),
                    (System.nanoTime() - start) / 1_000_000);
              }));
    }
    // an interrupt (Ctrl-C while waiting for a run) must not leave a server running
    boolean interrupted = false;
    for (Thread thread : stopping) {
      while (thread.isAlive()) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Exception first = failures.isEmpty() ? null : failures.getFirst();
    if (lock != null) {
      lock.release();
      lockChannel.close();
      lock = null;
    }
    if (first != null) {
      throw first;
    }
  }
}

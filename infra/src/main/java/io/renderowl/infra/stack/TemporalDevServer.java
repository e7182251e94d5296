package io.renderowl.infra.stack;

import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real Temporal server: {@code temporal server start-dev} from the Temporal CLI, with a SQLite
 * file (runs survive restarts) and the Web UI. Runs as a child process of this one.
 */
final class TemporalDevServer implements AutoCloseable {
  /** Dynamic config that stops the server's start-up call to version-info.temporal.io. */
  static final String VERSION_CHECK_OFF = "frontend.enableServerVersionCheck=false";

  private final Process process;
  private final String address;
  private final String uiUrl;
  private final Path pidFile;

  private TemporalDevServer(Process process, String address, String uiUrl, Path pidFile) {
    this.process = process;
    this.address = address;
    this.uiUrl = uiUrl;
    this.pidFile = pidFile;
  }

  /** The temporal binary: the configured path, then {@code home/bin/temporal}, then the PATH. */
  static Optional<Path> findCli(String configured, Path home) {
    if (!configured.isBlank()) {
      Path p = Path.of(configured);
      if (!Files.isExecutable(p)) {
        throw new IllegalArgumentException(
            "RENDEROWL_TEMPORAL_CLI=" + configured + " is not an executable file");
      }
      return Optional.of(p);
    }
    Path local = home.resolve("bin/temporal");
    if (Files.isExecutable(local)) {
      return Optional.of(local);
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        Path p = Path.of(dir, "temporal");
        if (!dir.isBlank() && Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  static TemporalDevServer start(
      Path cli,
      Path folder,
      int preferredPort,
      int preferredUiPort,
      String namespace,
      List<String> searchAttributes) {
    // its ports (and the ones it picks for its own services) may be taken between choosing them
    // and binding them: then it exits at once, saying so in its log, and starts again
    return Ports.retryWhenTaken(
        "Temporal dev server",
        () -> startOnce(cli, folder, preferredPort, preferredUiPort, namespace, searchAttributes));
  }

  private static TemporalDevServer startOnce(
      Path cli,
      Path folder,
      int preferredPort,
      int preferredUiPort,
      String namespace,
      List<String> searchAttributes) {
    try {
      Files.createDirectories(folder);
      Path pidFile = folder.resolve("server.pid");
      stopOrphan(pidFile);
      int port = Ports.preferred(preferredPort);
      int uiPort = Ports.preferred(preferredUiPort);
      List<String> command =
          new ArrayList<>(
              List.of(
                  cli.toString(),
                  "server",
                  "start-dev",
                  "--db-filename",
                  folder.resolve("temporal.db").toString(),
                  "--ip",
                  "127.0.0.1",
                  "--port",
                  Integer.toString(port),
                  "--ui-port",
                  Integer.toString(uiPort),
                  "--namespace",
                  namespace,
                  "--log-level",
                  "warn",
                  // New tasks go to each task queue's root partition, as befits one server for
                  // one machine: with the default four, a task added before any worker polled (the
                  // permit gate's signal at a command's start) waited 0.4-2 s in a partition no
                  // poller was on, while tasks added later matched at once. All four partitions
                  // are still read, so tasks a state folder's earlier server wrote are dispatched.
                  "--dynamic-config-value",
                  "matching.numTaskqueueWritePartitions=1",
                  // The server otherwise asks version-info.temporal.io for newer releases at
                  // start (a DNS query and an HTTPS call): nothing leaves the machine.
                  "--dynamic-config-value",
                  VERSION_CHECK_OFF));
      for (String attribute : searchAttributes) {
        command.add("--search-attribute");
        command.add(attribute.contains("=") ? attribute : attribute + "=Keyword");
      }
      Path log = folder.resolve("server.log");
      long logFrom = Files.exists(log) ? Files.size(log) : 0; // the log is kept across starts
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      Files.writeString(pidFile, Long.toString(process.pid()));
      String address = "127.0.0.1:" + port;
      awaitReady(process, address, namespace, log, logFrom);
      String ui = "http://127.0.0.1:" + uiPort;
      StackLog.info(
          "Temporal: dev server ({}) on {} with runs kept in {}; Web UI at {}",
          cli,
          address,
          folder.resolve("temporal.db"),
          ui);
      return new TemporalDevServer(process, address, ui, pidFile);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the Temporal dev server " + cli, e);
    }
  }

  /** A dev server left behind by a process that was killed holds the ports and the SQLite file. */
  private static void stopOrphan(Path pidFile) throws IOException {
    if (!Files.exists(pidFile)) {
      return;
    }
    try {
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(h -> h.info().command().map(c -> c.endsWith("temporal")).orElse(false))
          .ifPresent(h -> {
            StackLog.warn(
                "stopping a Temporal dev server left running by an earlier process (pid {})", pid);
            h.destroy();
            h.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> null).join();
            if (h.isAlive()) {
              h.destroyForcibly();
            }
          });
    } catch (NumberFormatException e) {
      // not a pid: nothing to stop
    }
    Files.deleteIfExists(pidFile);
  }

  private static void awaitReady(
      Process process, String address, String namespace, Path log, long logFrom) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      RuntimeException last = null;
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "the Temporal dev server exited with code "
                  + process.exitValue()
                  + "; see "
                  + log
                  + lastLineAbout(log, logFrom, "address already in use"));
        }
        try {
          stubs
              .blockingStub()
              .withDeadlineAfter(2, TimeUnit.SECONDS)
              .describeNamespace(
                  DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build());
          return;
        } catch (RuntimeException e) {
          last = e;
          Thread.sleep(200);
        }
      }
      process.destroyForcibly();
      throw new IllegalStateException(
          "the Temporal dev server did not answer on " + address + " within 60 s; see " + log,
          last);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted while waiting for the Temporal dev server", e);
    } finally {
      stubs.shutdownNow();
    }
  }

  /**
   * ": LINE" for the last line written to {@code log} after byte {@code from} that holds {@code
   * text} (any case), or "" when none does.
   */
  static String lastLineAbout(Path log, long from, String text) {
    try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(log.toFile(), "r")) {
      byte[] tail = new byte[(int) Math.max(0, Math.min(file.length() - from, 1 << 20))];
      file.seek(file.length() - tail.length);
      file.readFully(tail);
      return new String(tail, java.nio.charset.StandardCharsets.UTF_8)
          .lines()
          .filter(l -> l.toLowerCase(java.util.Locale.ROOT).contains(text))
          .reduce((first, second) -> second)
          .map(l -> ": " + l.strip())
          .orElse("");
    } catch (IOException e) {
      return "";
    }
  }

  String address() {
    return address;
  }

  String uiUrl() {
    return uiUrl;
  }

  /**
   * Kills the server rather than asking it to stop: asked, its frontend drains requests for at
   * least a second (whatever {@code frontend.shutdownDrainDuration} says) before the rest stops,
   * which every one-shot command waited for at its exit (1.2 s of the 2.3 s after `owl demo`
   * printed its result). Nothing is lost: the server has written every change to SQLite, with a
   * rollback journal on disk, before it answers the call that made it, and its clients retry a call
   * that was cut; the next start finds every run where it was.
   */
  @Override
  public void close() throws IOException {
    try {
      if (!process.destroyForcibly().waitFor(15, TimeUnit.SECONDS)) {
        throw new IOException("the Temporal dev server (pid " + process.pid() + ") did not stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    Files.deleteIfExists(pidFile);
  }
}

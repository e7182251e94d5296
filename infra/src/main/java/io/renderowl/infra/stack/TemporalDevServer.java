package io.renderowl.infra.stack;

import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
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

  /**
   * Dynamic config: the history service's queues record how far they got (and delete the tasks
   * behind that point) every second, and the shard writes that down every second, instead of every
   * 30 s and 5 min (10 s after a start). The dev server lives as long as one command, and is killed
   * at its end: with the defaults it wrote down almost nothing, so each start ran again every task
   * since the state folder's first minutes (a growing backlog): 1.09-1.16 s of the server's CPU in
   * its first 1.5 s on a state folder of a few hundred runs, 0.76 s on one of twenty, 0.52-0.53 s
   * once written down (2026-12-06, 2 cores: CPU the command's own start needs). Nothing changes for
   * a run: the tasks were done.
   */
  static final List<String> PROGRESS_WRITTEN_DOWN =
      List.of(
          "history.transferProcessorUpdateAckInterval=\"1s\"",
          "history.timerProcessorUpdateAckInterval=\"1s\"",
          "history.visibilityProcessorUpdateAckInterval=\"1s\"",
          "history.outboundProcessorUpdateAckInterval=\"1s\"",
          "history.archivalProcessorUpdateAckInterval=\"1s\"",
          "history.shardFirstUpdateInterval=\"1s\"",
          "history.shardUpdateMinInterval=\"1s\"");

  /**
   * SQLite pragmas: a write-ahead log, synced at checkpoints rather than at every commit. With
   * SQLite's defaults (a rollback journal, synced in full) every transaction wrote and synced a
   * journal file, then the database, then deleted the journal: the server's CPU up to a demo's
   * render 0.75 s, 0.63-0.70 s with these (2026-12-06, 2 cores, alternating runs; the render
   * started 0.08 s earlier). A killed server or a crashed process loses nothing (the log is
   * replayed at the next open); a machine that loses power may lose the last transactions before
   * it, never the file's consistency (sqlite.org/wal.html). SQLite keeps the WAL mode in the file.
   */
  static final List<String> SQLITE_PRAGMAS = List.of("journal_mode=wal", "synchronous=normal");

  /** Dynamic config: how many partitions of each task queue the server reads ("...=N"). */
  static final String READ_PARTITIONS = "matching.numTaskqueueReadPartitions=";

  /** The server's default, read where an earlier version may have written tasks. */
  static final int LEGACY_READ_PARTITIONS = 4;

  /** In the state folder: its task queues use the root partition only. */
  static final String ROOT_ONLY_MARKER = "task-queues-root-partition-only";

  static final int MAX_OPEN_CHECKED = 100;

  /** How often a starting dev server is asked whether it answers. */
  static final long READY_POLL_MILLIS = 50;

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
      boolean rootOnly = rootPartitionOnly(folder);
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
                  // One partition per task queue, as befits one server for one machine: with the
                  // default four, a task added before any worker polled (the permit gate's signal
                  // at a command's start) waited 0.4-2 s in a partition no poller was on; with
                  // tasks written to the root partition only but polls spread over four, it still
                  // waited 2.6-3.3 s for a poll to reach the root in 5 of 5 alternating `owl demo`
                  // runs (0.35-0.39 s, when the workers first poll, with one partition read).
                  // A state folder an earlier version wrote may hold tasks in the other three:
                  // it reads all four until none waits there (rootPartitionOnly).
                  "--dynamic-config-value",
                  "matching.numTaskqueueWritePartitions=1",
                  "--dynamic-config-value",
                  READ_PARTITIONS + (rootOnly ? 1 : LEGACY_READ_PARTITIONS),
                  // The server otherwise asks version-info.temporal.io for newer releases at
                  // start (a DNS query and an HTTPS call): nothing leaves the machine.
                  "--dynamic-config-value",
                  VERSION_CHECK_OFF));
      for (String value : PROGRESS_WRITTEN_DOWN) {
        command.add("--dynamic-config-value");
        command.add(value);
      }
      for (String pragma : SQLITE_PRAGMAS) {
        command.add("--sqlite-pragma");
        command.add(pragma);
      }
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
      if (!rootOnly) {
        markRootOnlyWhenNothingWaits(folder, address, namespace);
      }
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

  /**
   * Whether the server in {@code folder} reads only the root partition of each task queue: always
   * for a new state folder (no SQLite file yet: the marker is written now), and for one whose
   * marker says no task waits elsewhere. A folder an earlier version wrote (tasks went to four
   * partitions before 2026-12-05) reads all four until {@link #markRootOnlyWhenNothingWaits} finds
   * that no task waits in any queue.
   */
  static boolean rootPartitionOnly(Path folder) throws IOException {
    Path marker = folder.resolve(ROOT_ONLY_MARKER);
    if (Files.exists(marker)) {
      return true;
    }
    if (Files.exists(folder.resolve("temporal.db"))) {
      return false;
    }
    writeMarker(marker, "a new state folder");
    return true;
  }

  private static void writeMarker(Path marker, String why) throws IOException {
    Files.writeString(
        marker,
        "Task queues use their root partition only ("
            + why
            + "); remove this file to read all four partitions again.\n");
  }

  /**
   * Writes the root-partition marker of a folder an earlier version wrote once no task waits in a
   * task queue: no open workflow has a workflow task pending or an activity scheduled and not
   * started. Tasks the server creates from now on go to the root partition (timers that fire,
   * activities retried after their worker has gone, workflow tasks that time out), so the next
   * start reads only that one. Best effort: any doubt (more than {@value #MAX_OPEN_CHECKED} open
   * workflows, no answer) leaves the folder as it is until a later start.
   */
  static boolean markRootOnlyWhenNothingWaits(Path folder, String address, String namespace) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    try {
      var rpc = stubs.blockingStub().withDeadlineAfter(5, TimeUnit.SECONDS);
      var open =
          rpc.listOpenWorkflowExecutions(
              ListOpenWorkflowExecutionsRequest.newBuilder()
                  .setNamespace(namespace)
                  .setMaximumPageSize(MAX_OPEN_CHECKED)
                  .build());
      if (!open.getNextPageToken().isEmpty()) {
        return false;
      }
      for (var execution : open.getExecutionsList()) {
        var described =
            rpc.describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                    .setNamespace(namespace)
                    .setExecution(execution.getExecution())
                    .build());
        boolean waiting =
            described.hasPendingWorkflowTask()
                || described.getPendingActivitiesList().stream()
                    .anyMatch(
                        a -> a.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED);
        if (waiting) {
          return false;
        }
      }
      writeMarker(folder.resolve(ROOT_ONLY_MARKER), "no task was waiting in a queue");
      StackLog.info(
          "Temporal: no task waits in the task queues of {}; they use their root partition only"
              + " from the next start",
          folder);
      return true;
    } catch (RuntimeException | IOException e) {
      return false;
    } finally {
      stubs.shutdownNow();
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
          // gRPC waits out a reconnect backoff (about 1 s at first) after a refused connection:
          // without the reset, a server listening 0.1 s after the first try was seen 1-1.4 s late
          stubs.getRawChannel().resetConnectBackoff();
          Thread.sleep(READY_POLL_MILLIS);
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

  /** The server process (tests look at its arguments). */
  ProcessHandle process() {
    return process.toHandle();
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

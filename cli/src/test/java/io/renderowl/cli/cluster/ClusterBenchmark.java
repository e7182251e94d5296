package io.renderowl.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.renderowl.cli.bench.MediaProbe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The cluster benchmark ({@code infra/cluster/bench.sh}): the same 4-chunk 1080p timeline rendered
 * by 1 and by 2 render-worker processes ({@code --slots 1} each) of a cluster started by {@code
 * cluster.sh}: wall time from the API's 202 to {@code completed}, chunks per worker, and, with 2
 * workers, the time from the SIGKILL of a worker in the middle of a chunk to that chunk running on
 * the other one (target: within the heartbeat timeout + 5 s). Figures are printed and appended to
 * {@code cli/target/cluster-bench.txt}. Only runs when RENDEROWL_BENCH_CLUSTER=1.
 */
@Tag("bench")
@EnabledIfEnvironmentVariable(named = "RENDEROWL_BENCH_CLUSTER", matches = "1")
@Timeout(value = 40, unit = TimeUnit.MINUTES) // two clusters start, three 1080p renders
class ClusterBenchmark {
  static final int HEARTBEAT_SECONDS = 10;
  static final double SECONDS = 20;
  static final int FPS = 30;

  @TempDir Path tmp;

  @Test
  void oneVersusTwoRenderWorkersAndTheTimeToTakeOverAKilledChunk() throws Exception {
    String env = "RENDEROWL_RENDER_HEARTBEAT_SECONDS=" + HEARTBEAT_SECONDS;
    double oneWorker;
    double twoWorkers;
    double takeOver;
    try (Cluster cluster = Cluster.up(tmp.resolve("one"), 1, env, Duration.ofMinutes(15))) {
      oneWorker = render(cluster, 1, "1 render worker");
    }
    try (Cluster cluster = Cluster.up(tmp.resolve("two"), 2, env, Duration.ofMinutes(15))) {
      twoWorkers = render(cluster, 2, "2 render workers");
      takeOver = killMidChunk(cluster);
    }
    report(
        String.format(
            "4-chunk 1080p (%d frames): 1 worker %.1f s, 2 workers %.1f s, speed-up x%.2f;"
                + " SIGKILL -> chunk running on the other worker %.1f s (heartbeat timeout %d s,"
                + " target <= %d s)",
            (int) (SECONDS * FPS),
            oneWorker,
            twoWorkers,
            oneWorker / twoWorkers,
            takeOver,
            HEARTBEAT_SECONDS,
            HEARTBEAT_SECONDS + 5));
  }

  /** One render, submit to completed; prints wall time and chunks per worker. */
  private double render(Cluster cluster, int workers, String label) throws Exception {
    long start = System.nanoTime();
    String renderId =
        ClusterSystemTest.submitRender(cluster, ClusterSystemTest.timeline(1920, 1080, SECONDS), 4);
    JsonNode done = awaitDone(cluster, renderId);
    double wall = (System.nanoTime() - start) / 1e9;
    assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("completed");
    Map<Long, Integer> pids = new TreeMap<>();
    for (int i = 1; i <= workers; i++) {
      pids.put(cluster.renderWorkerPid(i), 0);
    }
    for (Cluster.Chunk c : cluster.chunks(renderId)) {
      pids.merge(ClusterSystemTest.pidOf(c.workerIdentity()), 1, Integer::sum);
    }
    Path mp4 = cluster.download(done.get("output_url").asString(), tmp.resolve(label + ".mp4"));
    assertThat(MediaProbe.of(mp4).videoFrames()).isEqualTo((long) (SECONDS * FPS));
    StringBuilder peaks = new StringBuilder();
    for (long pid : pids.keySet()) {
      peaks.append(peaks.isEmpty() ? "" : ", ").append(pid).append('=').append(peakRssMb(pid));
    }
    report(
        String.format(
            "%s: %.1f s wall, chunks per worker (pid=chunks) %s, render workers' peak RSS"
                + " (VmHWM, pid=MB) %s",
            label, wall, pids, peaks));
    return wall;
  }

  /** Kills the worker of the first chunk seen rendering; seconds until it runs elsewhere. */
  private double killMidChunk(Cluster cluster) throws Exception {
    String renderId =
        ClusterSystemTest.submitRender(cluster, ClusterSystemTest.timeline(1920, 1080, SECONDS), 4);
    Cluster.Chunk victim =
        await()
            .atMost(Duration.ofMinutes(5))
            .pollInterval(Duration.ofMillis(100))
            .until(
                () ->
                    cluster.chunks(renderId).stream()
                        .filter(c -> c.status().equals("rendering"))
                        .findFirst(),
                Optional::isPresent)
            .orElseThrow();
    cluster.kill(ClusterSystemTest.pidOf(victim.workerIdentity()));
    long killed = System.nanoTime();
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(100))
        .until(() ->
            cluster.chunks(renderId).stream()
                .anyMatch(c -> c.index() == victim.index() && c.attempts() >= 2));
    double takeOver = (System.nanoTime() - killed) / 1e9;
    JsonNode done = awaitDone(cluster, renderId);
    assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("completed");
    report(
        String.format(
            "SIGKILL of the worker rendering chunk %d: running on the other worker after %.1f s",
            victim.index(), takeOver));
    return takeOver;
  }

  /** A process's peak resident set (VmHWM of /proc/PID/status) in MB; -1 where not readable. */
  static long peakRssMb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  private static JsonNode awaitDone(Cluster cluster, String renderId) {
    return await()
        .atMost(Duration.ofMinutes(15))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> cluster.api("GET", "/render/" + renderId, null).get("data"),
            r -> !Set.of("queued", "rendering").contains(r.get("status").asString()));
  }

  private static void report(String line) throws IOException {
    System.out.println("cluster bench: " + line);
    Path file = Path.of("target", "cluster-bench.txt");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        line + System.lineSeparator(),
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}

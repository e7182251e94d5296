package io.renderowl.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.renderowl.cli.bench.MediaProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The engine as separate processes on one machine ({@code infra/cluster/cluster.sh}): a 4-chunk
 * render submitted through the API runs on both render-only workers; one of them is SIGKILLed in
 * the middle of a chunk, and the render still completes with every frame, only that unfinished
 * chunk rendered again (by the other worker).
 */
@Tag("system")
// seven processes start (about 1 min on an idle machine, several under a load of 20), then a
// 60 s timeline renders at 320x180 with one heartbeat timeout (15 s) of recovery
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class ClusterSystemTest {
  static final int FPS = 30;
  static final double SECONDS = 60;
  static final int FRAMES = (int) (SECONDS * FPS);

  @TempDir Path tmp;

  @Test
  void aFourChunkRenderRunsOnBothRenderWorkersAndSurvivesTheSigkillOfOne() throws Exception {
    assumeThat(Cluster.temporalCliPresent())
        .as("no Temporal CLI at .owl/bin/temporal: run infra/scripts/build-temporal-cli.sh")
        .isTrue();
    try (Cluster cluster =
        Cluster.up(
            tmp.resolve("cluster"),
            2,
            "RENDEROWL_RENDER_HEARTBEAT_SECONDS=15",
            Duration.ofMinutes(10))) {
      String renderId = submitRender(cluster, timeline(320, 180), 4);
      Map<Long, Integer> workers =
          Map.of(cluster.renderWorkerPid(1), 1, cluster.renderWorkerPid(2), 2);

      // Both workers take chunks; the victim is one that is in the middle of one.
      Cluster.Chunk victim =
          await()
              .atMost(Duration.ofMinutes(4))
              .pollInterval(Duration.ofMillis(100))
              .until(
                  () -> {
                    List<Cluster.Chunk> chunks = cluster.chunks(renderId);
                    boolean both = workersSeen(chunks, workers).size() == 2;
                    return both
                        ? chunks.stream().filter(c -> c.status().equals("rendering")).findFirst()
                        : Optional.<Cluster.Chunk>empty();
                  },
                  Optional::isPresent)
              .orElseThrow();
      Set<Integer> seenBeforeKill = workersSeen(cluster.chunks(renderId), workers);
      long victimPid = pidOf(victim.workerIdentity());
      int victimWorker = workers.get(victimPid);
      cluster.kill(victimPid);
      double killedAt = System.nanoTime() / 1e9;
      Map<Integer, Cluster.Chunk> atKill = byIndex(cluster.chunks(renderId));
      assertThat(atKill.get(victim.index()).status())
          .as("the killed chunk had not finished")
          .isNotEqualTo("completed");

      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> byIndex(cluster.chunks(renderId)).get(victim.index()).attempts() >= 2);
      double takenOverAfter = System.nanoTime() / 1e9 - killedAt;

      JsonNode done =
          await()
              .atMost(Duration.ofMinutes(6))
              .pollInterval(Duration.ofSeconds(1))
              .until(
                  () -> cluster.api("GET", "/render/" + renderId, null).get("data"),
                  r -> !Set.of("queued", "rendering").contains(r.get("status").asString()));
      assertThat(done.get("status").asString())
          .as(done + "\n" + cluster.log("pipeline"))
          .isEqualTo("completed");

      Map<Integer, Cluster.Chunk> after = byIndex(cluster.chunks(renderId));
      assertThat(seenBeforeKill)
          .as("render_chunks.worker_identity")
          .containsExactlyInAnyOrder(1, 2);
      assertThat(after).hasSize(4);
      assertThat(after.values()).allSatisfy(c -> assertThat(c.status()).isEqualTo("completed"));
      // only the unfinished chunk was rendered again, by the worker that survived
      Cluster.Chunk redone = after.get(victim.index());
      assertThat(redone.attempts()).isEqualTo(2);
      assertThat(workers.get(pidOf(redone.workerIdentity()))).isNotEqualTo(victimWorker);
      assertThat(after.values().stream().filter(c -> c.index() != victim.index()))
          .allSatisfy(c -> assertThat(c.attempts()).as("chunk %d", c.index()).isEqualTo(1));
      atKill.values().stream()
          .filter(c -> c.status().equals("completed"))
          .forEach(c ->
              assertThat(after.get(c.index()).workerIdentity())
                  .as("chunk %d, finished before the kill", c.index())
                  .isEqualTo(c.workerIdentity()));

      Path mp4 = cluster.download(done.get("output_url").asString(), tmp.resolve("out.mp4"));
      assertThat(MediaProbe.of(mp4).videoFrames()).isEqualTo(FRAMES);
      System.out.printf(
          "cluster: chunk %d of render worker %d SIGKILLed, running again on the other after"
              + " %.1f s; %d frames%n",
          victim.index(), victimWorker, takenOverAfter, FRAMES);
    }
  }

  /** POST /timelines, then POST /render with {@code chunks}; the render's id. */
  static String submitRender(Cluster cluster, String timeline, int chunks) {
    String timelineId =
        cluster.api("POST", "/timelines", timeline).get("data").get("id").asString();
    return cluster
        .api(
            "POST", "/render", "{\"timeline_id\":\"" + timelineId + "\",\"chunks\":" + chunks + "}")
        .get("data")
        .get("id")
        .asString();
  }

  /** Text on a colour background with a framecode bar: nothing to fetch, every frame drawn. */
  static String timeline(int width, int height) {
    return timeline(width, height, SECONDS);
  }

  static String timeline(int width, int height, double seconds) {
    return String.format(
        Locale.ROOT,
        """
        {"name": "cluster", "resolution": "%dx%d", "fps": %d, "background_color": "#203040",
         "transition_type": "none", "duration": %.1f,
         "tracks": [
          {"name": "title", "type": "text", "order": 0, "is_visible": true,
           "clips": [{"type": "text", "start_time": 0.0, "duration": %.1f, "source_url": null,
                      "content": {"text": "Owls in a cluster", "position": "center"}}]},
          {"name": "code", "type": "effect", "order": 1, "is_visible": true,
           "clips": [{"type": "framecode", "start_time": 0.0, "duration": %.1f,
                      "source_url": null, "content": {}}]}]}
        """,
        width,
        height,
        FPS,
        seconds,
        seconds,
        seconds);
  }

  /** Which render workers (1, 2) appear in the chunks' worker identities ("pid@host cpu#1"). */
  static Set<Integer> workersSeen(List<Cluster.Chunk> chunks, Map<Long, Integer> workers) {
    return chunks.stream()
        .filter(c -> !c.workerIdentity().isEmpty())
        .map(c -> workers.get(pidOf(c.workerIdentity())))
        .filter(java.util.Objects::nonNull)
        .collect(Collectors.toSet());
  }

  static long pidOf(String workerIdentity) {
    return Long.parseLong(workerIdentity.substring(0, workerIdentity.indexOf('@')));
  }

  static Map<Integer, Cluster.Chunk> byIndex(List<Cluster.Chunk> chunks) {
    return chunks.stream()
        .collect(Collectors.toMap(Cluster.Chunk::index, c -> c, (a, b) -> a, TreeMap::new));
  }
}

package io.renderowl.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.cli.bench.MediaProbe;
import io.renderowl.infra.persistence.CreditRepository;
import io.renderowl.infra.persistence.PipelineRunRepository;
import io.renderowl.infra.persistence.PipelineRunRow;
import io.renderowl.infra.persistence.PublicationRepository;
import io.renderowl.infra.persistence.UserRepository;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.infra.users.LocalUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The invariants of a pipeline run that survived a fault: one run row, one render, one MP4 of the
 * render's frames, each credit step charged once, the ledger sum equal to the balance, no run of
 * the user left running; for a run published to the local folder, one publication and one file in
 * the folder.
 */
record RunInvariants(
    PipelineRunRepository runRows,
    PublicationRepository publications,
    CreditRepository credits,
    UserRepository users,
    LocalUser localUser,
    ObjectStore store,
    DataSource dataSource) {

  /**
   * The run's invariants with its publication in the local publish folder: {@link #checkRun}, one
   * publication, one file in the folder. What was checked, for the fault table.
   */
  String check(String runId, Path publishDir, Path tmp, java.time.Instant since)
      throws IOException {
    String checked = checkRun(runId, tmp, since);
    assertThat(publications.findByRun(runId))
        .as("publications of the run")
        .singleElement()
        .satisfies(p -> assertThat(Path.of(p.location())).exists());
    List<Path> published;
    try (Stream<Path> files = Files.walk(publishDir)) {
      // this run's files (a worker may also have finished an earlier scenario's run here)
      published =
          files
              .filter(Files::isRegularFile)
              .filter(f -> !f.endsWith("metadata.json"))
              .filter(f -> f.toString().contains(runId))
              .toList();
    }
    assertThat(published)
        .as("files in the publish folder (no partial upload left)")
        .singleElement()
        .satisfies(f -> assertThat(f.getFileName().toString()).isEqualTo("video.mp4"));
    return checked + ", 1 publication in the publish folder";
  }

  /**
   * One run's own invariants, wherever it published: one run row, one completed render, an MP4 of
   * the render's chunk frames, each credit step charged once, the ledger sum equal to the balance,
   * no run of the user started since {@code since} left queued or running. What was checked, for
   * the fault table.
   */
  String checkRun(String runId, Path tmp, java.time.Instant since) {
    JdbcClient jdbc = JdbcClient.create(dataSource);
    PipelineRunRow row = runRows.find(runId).orElseThrow();
    assertThat(count(jdbc, "SELECT count(*) FROM pipeline_runs WHERE run_id = ?", runId))
        .isEqualTo(1);
    assertThat(count(jdbc, "SELECT count(*) FROM renders WHERE run_id = ?", runId))
        .as("renders of the run")
        .isEqualTo(1);
    assertThat(
            count(
                jdbc,
                "SELECT count(*) FROM renders WHERE run_id = ? AND status = 'completed'",
                runId))
        .as("completed renders of the run")
        .isEqualTo(1);
    List<Map<String, Object>> steps =
        jdbc.sql(
                """
                SELECT metadata->>'step' AS step, count(*) AS n FROM credit_transactions
                WHERE run_id = ? AND type = 'deduction' GROUP BY 1 ORDER BY 1
                """)
            .param(runId)
            .query()
            .listOfRows();
    assertThat(steps).as("credit steps charged").isNotEmpty();
    assertThat(steps)
        .as("each credit step charged once")
        .allSatisfy(s -> assertThat(((Number) s.get("n")).longValue()).isEqualTo(1));
    assertThat(credits.ledgerSum(localUser.id()))
        .as("ledger sum = balance")
        .isEqualTo(users.creditsBalance(localUser.id()));
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM pipeline_runs WHERE user_id = ? AND status IN"
                        + " ('queued', 'running') AND created_at >= ?")
                .param(localUser.id())
                .param(java.sql.Timestamp.from(since))
                .query(Long.class)
                .single())
        .as("runs left running")
        .isZero();
    MediaProbe probe = MediaProbe.of(store.download(row.outputKey(), tmp.resolve("out.mp4")));
    assertThat(probe.videoFrames()).isPositive();
    long renderFrames =
        jdbc.sql(
                "SELECT COALESCE(sum(frame_count), 0) FROM render_chunks c JOIN renders r"
                    + " ON r.id = c.render_id WHERE r.run_id = ?")
            .param(runId)
            .query(Long.class)
            .single();
    assertThat(probe.videoFrames())
        .as("MP4 frames = the render's chunk frames")
        .isEqualTo(renderFrames);
    return "run completed, 1 render, 1 MP4 ("
        + probe.videoFrames()
        + " frames = chunks' frames), "
        + steps.size()
        + " credit steps charged once, ledger = balance, no run running";
  }

  private static long count(JdbcClient jdbc, String sql, String runId) {
    return jdbc.sql(sql).param(runId).query(Long.class).single();
  }
}

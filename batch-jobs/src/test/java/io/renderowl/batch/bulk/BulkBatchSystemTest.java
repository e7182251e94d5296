package io.renderowl.batch.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.renderowl.batch.BatchEngineTestApplication;
import io.renderowl.infra.batch.BatchProgress;
import io.renderowl.infra.batch.BatchRowState;
import io.renderowl.infra.batch.BatchSubmitted;
import io.renderowl.infra.batch.BulkBatchState;
import io.renderowl.infra.batch.BulkBatches;
import io.renderowl.infra.batch.RowDefaults;
import io.renderowl.infra.users.LocalUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Bulk batches on the embedded stack with real workflows (instant stages) and Spring Batch on
 * PostgreSQL.
 */
@Tag("system")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(classes = BatchEngineTestApplication.class)
class BulkBatchSystemTest {

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    BatchEngineTestApplication.properties(registry);
  }

  @Autowired BulkBatches batches;
  @Autowired JobBackedBulkBatches jobBatches;
  @Autowired LocalUser user;
  @Autowired DataSource dataSource;

  @Test
  void theSkipReportListsExactlyTheBadRowsAndCountsMatchTheRuns(@TempDir Path tmp)
      throws Exception {
    Path csv = tmp.resolve("mixed.csv");
    List<String> lines = new ArrayList<>();
    lines.add("topic,duration,aspect,platforms,quality");
    Set<Integer> badLines = Set.of(4, 9, 17, 26, 31);
    for (int line = 2; line <= 33; line++) {
      if (line == 4) {
        lines.add(",30,9:16,local-folder,preview"); // no topic
      } else if (line == 9) {
        lines.add("Tides " + line + ",5,9:16,local-folder,preview"); // too short
      } else if (line == 17) {
        lines.add("Volcanoes " + line + ",30,4:3,local-folder,preview"); // bad aspect
      } else if (line == 26) {
        lines.add("Comets " + line + ",30,9:16,myspace,preview"); // no such publisher
      } else if (line == 31) {
        lines.add("Two fields " + line + ",30"); // wrong field count
      } else {
        lines.add("\"Facts, part " + line + "\",12,9:16,local-folder,preview");
      }
    }
    Files.write(csv, lines);

    BatchSubmitted submitted =
        batches.submit(user.id().toString(), "mixed", csv, RowDefaults.standard());
    BatchProgress done = awaitFinished(submitted.batchId());

    assertThat(done.skipReport())
        .extracting(BatchProgress.SkippedRow::line)
        .containsExactlyElementsOf(new java.util.TreeSet<>(badLines));
    assertThat(done.skipReport().get(0).reason()).contains("topic: is required");
    assertThat(done.skipReport().get(1).reason()).contains("duration: must be between");
    assertThat(done.skipReport().get(2).reason()).contains("aspect");
    assertThat(done.skipReport().get(3).reason()).contains("'myspace' is not available");
    assertThat(done.skipReport().get(4).reason()).contains("field(s)");
    assertThat(done.rowsRead()).isEqualTo(32);
    assertThat(done.skipped()).isEqualTo(5);
    assertThat(done.completed() + done.failed()).isEqualTo(27);

    // The batch's counts are the runs' own states in the ledger.
    JdbcClient jdbc = JdbcClient.create(dataSource);
    List<String> states =
        jdbc.sql(
                "SELECT r.status FROM batch_items i JOIN pipeline_runs r ON r.run_id = i.run_id WHERE i.batch_id = :id")
            .param("id", UUID.fromString(submitted.batchId()))
            .query(String.class)
            .list();
    assertThat(states).hasSize(27);
    assertThat(states.stream().filter("completed"::equals).count()).isEqualTo(done.completed());
    assertThat(states.stream().filter("failed"::equals).count()).isEqualTo(done.failed());
    assertThat(done.completed()).isEqualTo(27);
    assertThat(done.rows()).hasSize(32);
    assertThat(done.rows())
        .filteredOn(r -> r.line() == 2)
        .singleElement()
        .satisfies(r -> {
          assertThat(r.topic()).isEqualTo("Facts, part 2");
          assertThat(r.state()).isEqualTo(BatchRowState.COMPLETED);
        });
  }

  @Test
  void aJobKilledAfterSomeChunksResumesAndStartsEveryValidRowOnce(@TempDir Path tmp)
      throws Exception {
    Path jsonl = tmp.resolve("rows.jsonl");
    List<String> lines = new ArrayList<>();
    int valid = 0;
    for (int i = 1; i <= 100; i++) {
      if (i % 20 == 7) {
        lines.add("{\"topic\": \"Bad " + i + "\", \"duration\": \"long\"}");
      } else {
        lines.add(
            "{\"topic\": \"Resumable "
                + i
                + "\", \"duration\": 12, \"quality\": \"preview\", \"platforms\": [\"local-folder\"]}");
        valid++;
      }
    }
    Files.write(jsonl, lines);
    // Simulated crash in chunk 3: its workflows are started, but its chunk never commits.
    jobBatches.setChunkHook((batchId, chunk) -> {
      if (chunk == 3) {
        throw new IllegalStateException(
            "simulated crash after chunk 3's starts, before its commit");
      }
    });
    BatchSubmitted submitted;
    BatchProgress failed;
    try {
      submitted = batches.submit(user.id().toString(), "resumable", jsonl, RowDefaults.standard());
      failed = awaitJobEnd(submitted.batchId());
    } finally {
      jobBatches.setChunkHook((b, c) -> {});
    }
    assertThat(failed.jobStatus()).isEqualTo("FAILED");
    assertThat(failed.rowsRead()).isEqualTo(20);
    long createdBefore = failed.timings().workflowsCreated();
    assertThat(createdBefore).isEqualTo(28); // rows 1-30 minus the bad rows 7 and 27

    // A killed process leaves its execution STARTED; resume recovers it and restarts.
    JdbcClient.create(dataSource)
        .sql(
            "UPDATE batch_job_execution SET status = 'STARTED', end_time = NULL WHERE job_execution_id = (SELECT job_execution_id FROM batches WHERE id = :id)")
        .param("id", UUID.fromString(submitted.batchId()))
        .update();
    assertThat(batches.resume(submitted.batchId())).isTrue();
    BatchProgress done = awaitFinished(submitted.batchId());

    assertThat(done.jobStatus()).isEqualTo("COMPLETED");
    assertThat(done.rowsRead()).isEqualTo(100);
    assertThat(done.skipped()).isEqualTo(100 - valid);
    assertThat(createdBefore + done.timings().workflowsCreated())
        .as("workflows started over both executions")
        .isEqualTo(valid);
    assertThat(done.timings().workflowsFound())
        .as("chunk 3 re-read: its runs were found, not started again")
        .isEqualTo(9);
    List<String> runIds =
        JdbcClient.create(dataSource)
            .sql("SELECT run_id FROM batch_items WHERE batch_id = :id AND run_id IS NOT NULL")
            .param("id", UUID.fromString(submitted.batchId()))
            .query(String.class)
            .list();
    assertThat(runIds).hasSize(valid).doesNotHaveDuplicates();
    long ledgerRows =
        JdbcClient.create(dataSource)
            .sql("SELECT count(*) FROM pipeline_runs WHERE request->>'requestKey' LIKE :prefix")
            .param("prefix", "batch:" + submitted.batchId() + ":%")
            .query(Long.class)
            .single();
    assertThat(ledgerRows).isEqualTo(valid);
    assertThat(done.completed()).isEqualTo(valid);
    assertThat(
            done.rows().stream().map(BatchProgress.RowOutcome::state).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(BatchRowState.COMPLETED, BatchRowState.SKIPPED);
  }

  @Test
  void aStatusReadWritesNothingAndReconcileRecordsWhatItShows(@TempDir Path tmp) throws Exception {
    Path csv = tmp.resolve("small.csv");
    Files.write(
        csv,
        List.of(
            "topic,duration,quality,platforms",
            "Rivers,12,preview,local-folder",
            "Clouds,12,preview,local-folder"));
    BatchSubmitted submitted =
        batches.submit(user.id().toString(), "read-only", csv, RowDefaults.standard());
    assertThat(awaitFinished(submitted.batchId()).state()).isEqualTo(BulkBatchState.COMPLETED);
    JdbcClient jdbc = JdbcClient.create(dataSource);
    UUID id = UUID.fromString(submitted.batchId());
    // A stored row behind the truth, as it is while runs end after the job.
    jdbc.sql(
            "UPDATE batches SET status = 'running', progress = 0, rows_read = 0, total_items = 0, completed_items = 0,"
                + " updated_at = TIMESTAMP '2026-01-01 00:00:00', completed_at = NULL WHERE id = :id")
        .param("id", id)
        .update();
    String before = storedRow(jdbc, id);

    BatchProgress shown = batches.status(submitted.batchId(), 0, 10).orElseThrow();
    batches.status(user.id().toString(), submitted.batchId(), 0, 10).orElseThrow();

    assertThat(shown.state()).isEqualTo(BulkBatchState.COMPLETED);
    assertThat(shown.rowsRead()).isEqualTo(2);
    assertThat(storedRow(jdbc, id)).as("the row after two status reads").isEqualTo(before);

    assertThat(batches.reconcile()).isGreaterThanOrEqualTo(1);
    assertThat(storedRow(jdbc, id)).startsWith("completed|100|2|2|2|").doesNotContain("2026-01-01");
    assertThat(batches.status(submitted.batchId(), 0, 10).orElseThrow().state())
        .isEqualTo(BulkBatchState.COMPLETED);
  }

  private static String storedRow(JdbcClient jdbc, UUID id) {
    return jdbc.sql(
            "SELECT concat_ws('|', status, progress, rows_read, total_items, completed_items, updated_at, completed_at)"
                + " FROM batches WHERE id = :id")
        .param("id", id)
        .query(String.class)
        .single();
  }

  private BatchProgress awaitJobEnd(String batchId) {
    return await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> batches.status(batchId, 0, 1000).orElseThrow(),
            s -> !s.reading() && !"none".equals(s.jobStatus()));
  }

  private BatchProgress awaitFinished(String batchId) {
    return await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> batches.status(batchId, 0, 1000).orElseThrow(), BatchProgress::finished);
  }
}

package io.renderowl.batch.bulk;

import io.renderowl.infra.metrics.RenderowlMeters;
import io.renderowl.infra.pipeline.InvalidRequestException;
import io.renderowl.infra.pipeline.PipelineRuns;
import io.renderowl.infra.pipeline.StartedRun;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Starts one pipeline run per valid item, several at once, then records every item of the chunk
 * (run id, or skip reason) in the chunk's transaction. Run ids come from the batch and the line
 * ({@link RowValidator#requestKey}), and {@link PipelineRuns#start} refuses a second workflow with
 * the same id, so a chunk that is written again after a crash starts nothing twice.
 */
final class RunStartingWriter implements ItemWriter<BatchItem> {

  private final UUID batchId;
  private final PipelineRuns runs;
  private final BatchRepository batches;
  private final ExecutorService starters;
  private final BulkBatchStats stats;
  private final IntConsumer afterChunk;
  private int chunks;
  private final RenderowlMeters meters = RenderowlMeters.global();

  RunStartingWriter(
      UUID batchId,
      PipelineRuns runs,
      BatchRepository batches,
      ExecutorService starters,
      BulkBatchStats stats,
      IntConsumer afterChunk) {
    this.batchId = batchId;
    this.runs = runs;
    this.batches = batches;
    this.starters = starters;
    this.stats = stats;
    this.afterChunk = afterChunk;
  }

  @Override
  public void write(Chunk<? extends BatchItem> chunk) throws Exception {
    long t0 = System.nanoTime();
    List<Future<BatchRepository.Written>> pending = new ArrayList<>();
    for (BatchItem item : chunk.getItems()) {
      if (item.valid()) {
        pending.add(starters.submit(() -> start(item)));
      } else {
        pending.add(
            CompletableFuture.completedFuture(
                new BatchRepository.Written(item.line(), item.topic(), null, item.skipReason())));
      }
    }
    List<BatchRepository.Written> written = new ArrayList<>(pending.size());
    for (Future<BatchRepository.Written> f : pending) {
      try {
        written.add(f.get());
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception cause ? cause : e;
      }
    }
    batches.insertItems(batchId, written);
    long started = written.stream().filter(w -> w.runId() != null).count();
    meters.batchRows("started", started);
    meters.batchRows("skipped", written.size() - started);
    stats.writeNanos.add(System.nanoTime() - t0);
    afterChunk.accept(++chunks);
  }

  private BatchRepository.Written start(BatchItem item) {
    try {
      StartedRun run = runs.start(item.request());
      (run.created() ? stats.created : stats.found).increment();
      return new BatchRepository.Written(item.line(), item.topic(), run.runId(), null);
    } catch (InvalidRequestException e) {
      return new BatchRepository.Written(item.line(), item.topic(), null, e.getMessage());
    }
  }
}

package io.renderowl.batch.bulk;

import io.renderowl.infra.batch.BatchProgress;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

/** Timings and start counts of a batch's job in this process (benchmarks, status). */
final class BulkBatchStats {
  final LongAdder readNanos = new LongAdder();
  final LongAdder validateNanos = new LongAdder();
  final LongAdder writeNanos = new LongAdder();
  final LongAdder rowsRead = new LongAdder();
  final LongAdder created = new LongAdder();
  final LongAdder found = new LongAdder();
  volatile Instant jobStarted;
  volatile Instant jobEnded;

  BatchProgress.JobTimings view() {
    return new BatchProgress.JobTimings(
        jobStarted,
        jobEnded,
        rowsRead.sum(),
        readNanos.sum() / 1_000_000,
        validateNanos.sum() / 1_000_000,
        writeNanos.sum() / 1_000_000,
        created.sum(),
        found.sum());
  }
}

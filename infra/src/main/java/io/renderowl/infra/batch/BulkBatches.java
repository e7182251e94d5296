package io.renderowl.infra.batch;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Bulk batches: a CSV or JSONL file of topics, one pipeline run per valid row, started by a
 * restartable Spring Batch job. Entry points (CLI, API) use this; the batch-jobs module implements
 * it.
 */
public interface BulkBatches {

  /**
   * Stores the file, records the batch and launches its job in the background.
   *
   * @param defaults options for rows that do not set them
   * @throws IllegalArgumentException when the file cannot be a batch (unknown extension or columns,
   *     no topic column); nothing is recorded then
   */
  BatchSubmitted submit(String userId, String name, Path file, RowDefaults defaults);

  /** As {@link #submit(String, String, Path, RowDefaults)} for content sent in a request. */
  BatchSubmitted submit(
      String userId, String name, String format, byte[] content, RowDefaults defaults);

  /**
   * As {@link #submit(String, String, Path, RowDefaults)}, the batch's end (completed, completed
   * with failures, failed) POSTed once to {@code callbackUrl} as a signed completion callback with
   * the counts (null or blank: none).
   *
   * @throws io.renderowl.infra.pipeline.InvalidRequestException naming {@code callback_url} when
   *     the URL is refused (nothing is recorded then)
   */
  default BatchSubmitted submit(
      String userId, String name, Path file, RowDefaults defaults, String callbackUrl) {
    if (callbackUrl != null && !callbackUrl.isBlank()) {
      throw new UnsupportedOperationException("batch completion callbacks are not supported here");
    }
    return submit(userId, name, file, defaults);
  }

  /** As {@link #submit(String, String, Path, RowDefaults, String)} for content in a request. */
  default BatchSubmitted submit(
      String userId,
      String name,
      String format,
      byte[] content,
      RowDefaults defaults,
      String callbackUrl) {
    if (callbackUrl != null && !callbackUrl.isBlank()) {
      throw new UnsupportedOperationException("batch completion callbacks are not supported here");
    }
    return submit(userId, name, format, content, defaults);
  }

  /**
   * The batch if it exists and belongs to the user; rows from {@code offset}, at most {@code
   * limit}.
   */
  Optional<BatchProgress> status(String userId, String batchId, int offset, int limit);

  /** The batch, whoever it belongs to (operators, CLI). */
  Optional<BatchProgress> status(String batchId, int offset, int limit);

  /**
   * Restarts the batch's job if it did not finish reading (a killed process, a failed chunk): it
   * continues after the last committed chunk. Returns false when there was nothing to resume.
   *
   * @throws java.util.NoSuchElementException for an unknown batch
   */
  boolean resume(String batchId);

  /**
   * Records in every unfinished batch the state its job and runs are in now (a batch whose last run
   * ended becomes completed). {@link #status} derives the same state without writing; this keeps
   * the stored batches up to date for whoever reads them. Returns how many changed.
   */
  int reconcile();

  /**
   * Marks failed every batch whose job is recorded as reading but runs in no live process: it has
   * not committed a chunk for longer than {@code quiet} and does not run in this one (its process
   * died). {@link #resume} continues it from its last committed chunk.
   *
   * @return one line per batch marked: "BATCH_ID: reason"
   */
  default java.util.List<String> failAbandoned(java.time.Duration quiet) {
    return java.util.List.of();
  }
}

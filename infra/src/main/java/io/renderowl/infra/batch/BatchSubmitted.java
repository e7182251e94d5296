package io.renderowl.infra.batch;

/**
 * A batch that was recorded and whose job was launched.
 *
 * @param batchId batches.id
 * @param name the batch's name
 * @param format "csv" or "jsonl"
 */
public record BatchSubmitted(String batchId, String name, String format) {}

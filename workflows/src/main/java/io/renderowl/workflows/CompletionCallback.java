package io.renderowl.workflows;

/**
 * What a completion callback announces, POSTed as JSON to the subject's {@code callback_url}.
 *
 * @param deliveryId the same for every attempt (the receiver's idempotency key), e.g. {@code
 *     run-abc:completed}
 * @param userId the owner, whose secret signs the body
 * @param subjectType {@code run}, {@code render} or {@code batch}
 * @param id the run, render or batch id
 * @param status {@code completed}, {@code failed} or {@code cancelled}
 * @param outputUrl where the result is (null when there is none)
 * @param error why it failed (null when it did not)
 * @param callbackUrl where to POST
 * @param counts what became of a batch's items (rows, completed, failed, skipped, ...); null for
 *     runs and renders
 */
public record CompletionCallback(
    String deliveryId,
    String userId,
    String subjectType,
    String id,
    String status,
    String outputUrl,
    String error,
    String callbackUrl,
    java.util.Map<String, Integer> counts) {

  /** A callback without counts (runs and renders). */
  public CompletionCallback(
      String deliveryId,
      String userId,
      String subjectType,
      String id,
      String status,
      String outputUrl,
      String error,
      String callbackUrl) {
    this(deliveryId, userId, subjectType, id, status, outputUrl, error, callbackUrl, null);
  }
}

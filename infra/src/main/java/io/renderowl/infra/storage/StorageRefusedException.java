package io.renderowl.infra.storage;

/**
 * The object store refused a call for good (HTTP 401 or 403: wrong credentials, a bucket policy
 * that denies it): trying again will not help, so the caller should fail with this reason. Answers
 * that may pass (500, 503, 429, timeouts) are retried by the S3 client before anything is thrown.
 */
@SuppressWarnings("serial") // never Java-serialized; only its message travels
public class StorageRefusedException extends StorageException {
  public StorageRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}

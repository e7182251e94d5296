package io.renderowl.infra.storage;

/** An object-storage call failed (network, credentials, missing bucket...). Retryable. */
public class StorageException extends RuntimeException {
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}

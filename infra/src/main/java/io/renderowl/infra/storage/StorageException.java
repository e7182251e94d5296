package io.renderowl.infra.storage;

/** An object-storage call failed (network, credentials, missing bucket...). Retryable. */
@SuppressWarnings("serial") // never Java-serialized; only its message travels
public class StorageException extends RuntimeException {
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}

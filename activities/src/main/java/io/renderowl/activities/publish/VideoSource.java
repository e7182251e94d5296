package io.renderowl.activities.publish;

import io.renderowl.infra.storage.ObjectStore;
import java.io.InputStream;
import java.time.Duration;
import java.util.OptionalDouble;

/**
 * The video to publish, in S3: its size, ranged reads for chunk uploads (each chunk streams from
 * one ranged GET, so no publisher holds the whole video) and a presigned URL for platforms that
 * fetch it themselves (Instagram).
 */
public final class VideoSource {
  private final ObjectStore store;
  private final String key;
  private final long size;
  private final OptionalDouble durationSeconds;

  private VideoSource(ObjectStore store, String key, long size, OptionalDouble durationSeconds) {
    this.store = store;
    this.key = key;
    this.size = size;
    this.durationSeconds = durationSeconds;
  }

  public VideoSource(ObjectStore store, String key) {
    this.store = store;
    this.key = key;
    this.size = store.size(key);
    this.durationSeconds = OptionalDouble.empty();
    if (size < 0) {
      throw new IllegalArgumentException("the video " + store.url(key) + " does not exist");
    }
    if (size == 0) {
      throw new IllegalArgumentException("the video " + store.url(key) + " is empty");
    }
  }

  /** The same video, known to last {@code seconds} (platforms that cap durations check it). */
  public VideoSource withDuration(double seconds) {
    return new VideoSource(store, key, size, OptionalDouble.of(seconds));
  }

  /** How long the video lasts, when known. */
  public OptionalDouble durationSeconds() {
    return durationSeconds;
  }

  public long size() {
    return size;
  }

  public String key() {
    return key;
  }

  /** {@code length} bytes from {@code offset}; the caller closes the stream. */
  public InputStream open(long offset, long length) {
    return store.openRange(key, offset, length);
  }

  /** A URL the platform can GET the video from for {@code ttl}. */
  public String presignedUrl(Duration ttl) {
    return store.presignedGetUrl(key, ttl);
  }
}

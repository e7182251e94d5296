package io.renderowl.activities.provider;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * Successful provider responses kept in Redis under a hash of the request, for a TTL: the same
 * prompt is paid for once. Values are the content type, a newline, then the body bytes.
 */
public interface ResponseCache {

  /**
   * A cached response.
   *
   * @param contentType as the provider sent it
   * @param body the bytes
   */
  record Entry(String contentType, byte[] body) {}

  Optional<Entry> get(String key);

  void put(String key, Entry entry);

  /** Forgets an answer that turned out to be unusable (so a later run asks again). */
  default void evict(String key) {}

  /** No caching. */
  ResponseCache NONE =
      new ResponseCache() {
        @Override
        public Optional<Entry> get(String key) {
          return Optional.empty();
        }

        @Override
        public void put(String key, Entry entry) {}
      };

  /** A cache in Redis with a TTL per entry. */
  static ResponseCache redis(RedisClient redis, Duration ttl, String prefix) {
    return new ResponseCache() {
      @Override
      public Optional<Entry> get(String key) {
        byte[] value = redis.get((prefix + key).getBytes(StandardCharsets.UTF_8));
        if (value == null) {
          return Optional.empty();
        }
        int nl = 0;
        while (nl < value.length && value[nl] != '\n') {
          nl++;
        }
        if (nl == value.length) {
          return Optional.empty();
        }
        return Optional.of(
            new Entry(
                new String(value, 0, nl, StandardCharsets.UTF_8),
                Arrays.copyOfRange(value, nl + 1, value.length)));
      }

      @Override
      public void put(String key, Entry entry) {
        byte[] type = (entry.contentType() + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] value = new byte[type.length + entry.body().length];
        System.arraycopy(type, 0, value, 0, type.length);
        System.arraycopy(entry.body(), 0, value, type.length, entry.body().length);
        redis.set(
            (prefix + key).getBytes(StandardCharsets.UTF_8),
            value,
            SetParams.setParams().ex(ttl.toSeconds()));
      }

      @Override
      public void evict(String key) {
        redis.del(prefix + key);
      }
    };
  }
}

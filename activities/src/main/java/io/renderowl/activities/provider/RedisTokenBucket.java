package io.renderowl.activities.provider;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.serialization.Mapper;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/**
 * A token bucket per provider kept in Redis, so every worker draws from the same bucket: Bucket4j's
 * compare-and-swap proxy over Jedis. The bucket's clock is the Redis server's ({@code TIME}), not
 * the worker's, so workers with skewed clocks agree on how full a bucket is.
 */
public final class RedisTokenBucket implements RateLimiter {
  private final ProxyManager<String> buckets;
  private final BucketConfiguration configuration;
  private final String prefix;

  /**
   * @param redis the shared Redis
   * @param capacity burst size (tokens a full bucket holds)
   * @param tokensPerMinute refill rate
   * @param prefix key prefix, e.g. "renderowl:bucket:"
   */
  public RedisTokenBucket(RedisClient redis, int capacity, double tokensPerMinute, String prefix) {
    if (capacity < 1 || tokensPerMinute <= 0) {
      throw new IllegalArgumentException("a token bucket needs capacity >= 1 and a positive rate");
    }
    // One token per period refills at the same steady rate as tokensPerMinute per minute, and
    // also takes rates below one a minute.
    Duration perToken =
        Duration.ofNanos(Math.max(1, Math.round(60_000_000_000.0 / tokensPerMinute)));
    this.configuration =
        BucketConfiguration.builder()
            .addLimit(limit -> limit.capacity(capacity).refillGreedy(1, perToken))
            .build();
    this.buckets =
        Bucket4jJedis.casBasedBuilder(redis)
            .keyMapper(Mapper.STRING)
            .clientClock(new RedisClock(redis))
            // A bucket's key lives until the bucket would be full again, plus a second.
            .expirationAfterWrite(
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                    Duration.ofSeconds(1)))
            .build();
    this.prefix = prefix;
  }

  @Override
  public Duration tryAcquire(String provider) {
    ConsumptionProbe probe =
        buckets.getProxy(prefix + provider, () -> configuration).tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      return Duration.ZERO;
    }
    // Whole milliseconds, rounded up, at least one: the caller turns this into a retry delay.
    long waitMs = Math.max(1, Math.ceilDiv(probe.getNanosToWaitForRefill(), 1_000_000L));
    return Duration.ofMillis(waitMs);
  }

  /** The Redis server's wall clock, read with {@code TIME}. */
  private record RedisClock(RedisClient redis) implements TimeMeter {
    @Override
    @SuppressWarnings("deprecation") // UnifiedJedis has no typed TIME; sendCommand is its raw form
    public long currentTimeNanos() {
      List<?> secondsAndMicros = (List<?>) redis.sendCommand(Protocol.Command.TIME);
      long seconds = Long.parseLong(text(secondsAndMicros.get(0)));
      long micros = Long.parseLong(text(secondsAndMicros.get(1)));
      return seconds * 1_000_000_000L + micros * 1_000L;
    }

    @Override
    public boolean isWallClockBased() {
      return true;
    }

    private static String text(Object reply) {
      return reply instanceof byte[] bytes
          ? new String(bytes, StandardCharsets.US_ASCII)
          : reply.toString();
    }
  }
}

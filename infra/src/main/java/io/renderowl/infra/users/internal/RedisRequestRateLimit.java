package io.renderowl.infra.users.internal;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.serialization.Mapper;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.renderowl.infra.tracing.Tracing;
import io.renderowl.infra.users.RequestRateLimit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/**
 * Bucket4j token buckets in Redis (compare-and-swap over Jedis), so every API server draws from the
 * same bucket per key; the clock is the Redis server's, so servers with skewed clocks agree.
 */
public final class RedisRequestRateLimit implements RequestRateLimit {

  private static final String PREFIX = "renderowl:api-rate:";
  private static final Attributes SPAN_ATTRIBUTES =
      Attributes.of(
          AttributeKey.stringKey("db.system.name"),
          "redis",
          AttributeKey.stringKey("db.operation.name"),
          "EVAL");

  private final ProxyManager<String> buckets;
  private final BucketConfiguration configuration;

  /**
   * @param burst requests a full bucket holds
   * @param perMinute refill rate
   */
  public RedisRequestRateLimit(RedisClient redis, int burst, int perMinute) {
    if (burst < 1 || perMinute < 1) {
      throw new IllegalArgumentException("a rate limit needs a burst and a rate of at least 1");
    }
    Duration perToken = Duration.ofNanos(Math.max(1, 60_000_000_000L / perMinute));
    this.configuration =
        BucketConfiguration.builder()
            .addLimit(limit -> limit.capacity(burst).refillGreedy(1, perToken))
            .build();
    this.buckets =
        Bucket4jJedis.casBasedBuilder(redis)
            .keyMapper(Mapper.STRING)
            .clientClock(new RedisClock(redis))
            .expirationAfterWrite(
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                    Duration.ofSeconds(1)))
            .build();
  }

  @Override
  public Duration tryAcquire(String key) {
    ConsumptionProbe probe =
        Tracing.global()
            .client(
                "Redis rate-limit",
                SPAN_ATTRIBUTES,
                () ->
                    buckets
                        .getProxy(PREFIX + key, () -> configuration)
                        .tryConsumeAndReturnRemaining(1));
    if (probe.isConsumed()) {
      return Duration.ZERO;
    }
    return Duration.ofNanos(Math.max(1, probe.getNanosToWaitForRefill()));
  }

  /**
   * The Redis server's wall clock, so servers with skewed clocks agree: read with {@code TIME} once
   * every {@link #RESYNC_NANOS} and kept as an offset from this machine's clock in between (one
   * Redis round trip per request less than asking every time).
   */
  private static final class RedisClock implements TimeMeter {
    static final long RESYNC_NANOS = Duration.ofSeconds(10).toNanos();

    private final RedisClient redis;
    private volatile long offsetNanos;
    private volatile long syncedAt;
    private volatile boolean synced;

    RedisClock(RedisClient redis) {
      this.redis = redis;
    }

    @Override
    public long currentTimeNanos() {
      long monotonic = System.nanoTime();
      if (!synced || monotonic - syncedAt > RESYNC_NANOS) {
        long redisNow = redisTimeNanos();
        offsetNanos = redisNow - localWallNanos();
        syncedAt = monotonic;
        synced = true;
        return redisNow;
      }
      return localWallNanos() + offsetNanos;
    }

    private static long localWallNanos() {
      Instant now = Instant.now();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @SuppressWarnings("deprecation") // UnifiedJedis has no typed TIME; sendCommand is its raw form
    private long redisTimeNanos() {
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

package io.renderowl.activities.provider;

import java.time.Duration;
import java.util.List;
import redis.clients.jedis.RedisClient;

/**
 * A token bucket per provider kept in Redis, so every worker draws from the same bucket. The
 * refill and the take run in one Lua script (atomic on the server) and use the server's clock
 * ({@code TIME}), so workers with skewed clocks agree.
 */
public final class RedisTokenBucket implements RateLimiter {
  static final String SCRIPT =
      """
      local key = KEYS[1]
      local capacity = tonumber(ARGV[1])
      local perMs = tonumber(ARGV[2])
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local b = redis.call('HMGET', key, 'tokens', 'ts')
      local tokens = tonumber(b[1])
      local ts = tonumber(b[2])
      if tokens == nil then tokens = capacity end
      if ts == nil then ts = now end
      tokens = math.min(capacity, tokens + math.max(0, now - ts) * perMs)
      local wait = 0
      if tokens >= 1 then
        tokens = tokens - 1
      else
        wait = math.ceil((1 - tokens) / perMs)
      end
      redis.call('HSET', key, 'tokens', tostring(tokens), 'ts', tostring(now))
      redis.call('PEXPIRE', key, math.ceil(capacity / perMs) + 1000)
      if wait == 0 then return {1, 0} end
      return {0, wait}
      """;

  private final RedisClient redis;
  private final int capacity;
  private final double tokensPerMinute;
  private final String prefix;

  /**
   * @param redis the shared Redis
   * @param capacity burst size (tokens a full bucket holds)
   * @param tokensPerMinute refill rate
   * @param prefix key prefix, e.g. "renderowl:ratelimit:"
   */
  public RedisTokenBucket(RedisClient redis, int capacity, double tokensPerMinute, String prefix) {
    if (capacity < 1 || tokensPerMinute <= 0) {
      throw new IllegalArgumentException("a token bucket needs capacity >= 1 and a positive rate");
    }
    this.redis = redis;
    this.capacity = capacity;
    this.tokensPerMinute = tokensPerMinute;
    this.prefix = prefix;
  }

  @Override
  public Duration tryAcquire(String provider) {
    Object result =
        redis.eval(
            SCRIPT,
            List.of(prefix + provider),
            List.of(Integer.toString(capacity), Double.toString(tokensPerMinute / 60_000.0)));
    List<?> pair = (List<?>) result;
    long granted = ((Number) pair.get(0)).longValue();
    long waitMs = ((Number) pair.get(1)).longValue();
    return granted == 1 ? Duration.ZERO : Duration.ofMillis(Math.max(1, waitMs));
  }
}

package io.renderowl.infra.progress;

import java.util.Set;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * Render workers announce themselves here (in Redis, with a short expiry they keep renewing), so
 * the render workflow can tell whether GPU workers are around when the Temporal server cannot list
 * a task queue's pollers (the in-process test server does not implement DescribeTaskQueue).
 */
public final class RenderWorkerRegistry {
  /** An announcement lives this long unless renewed. */
  public static final int TTL_SECONDS = 45;

  private final RedisClient redis;

  public RenderWorkerRegistry(RedisClient redis) {
    this.redis = redis;
  }

  /** Announces (or renews) {@code identity} as polling {@code queue} with {@code encoder}. */
  public void announce(String queue, String identity, String encoder, int slots) {
    redis.set(key(queue, identity), encoder + " x" + slots, SetParams.setParams().ex(TTL_SECONDS));
  }

  /** Takes the announcement back (a worker that stops). */
  public void withdraw(String queue, String identity) {
    redis.del(key(queue, identity));
  }

  /** Identities of the workers announced on {@code queue}. */
  public Set<String> workers(String queue) {
    String prefix = key(queue, "");
    return redis.keys(prefix + "*").stream()
        .map(k -> k.substring(prefix.length()))
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  private static String key(String queue, String identity) {
    return "renderowl:render-workers:" + queue + ":" + identity;
  }
}

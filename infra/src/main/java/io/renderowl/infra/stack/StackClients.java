package io.renderowl.infra.stack;

import com.zaxxer.hikari.HikariDataSource;
import io.renderowl.infra.config.RenderowlSettings;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.infra.tracing.Tracing;
import java.net.URI;
import javax.sql.DataSource;
import redis.clients.jedis.RedisClient;

/**
 * The clients of the stack's servers, built the same way for the Spring roles ({@code
 * StackConfiguration}) and for a render-only worker wired by hand.
 */
public final class StackClients {
  private StackClients() {}

  /**
   * The connection pool; with tracing on, wrapped by OpenTelemetry's JDBC instrumentation (whose
   * close closes the pool).
   */
  public static DataSource dataSource(StackEndpoints endpoints, int maximumPoolSize) {
    HikariDataSource ds = new HikariDataSource();
    ds.setJdbcUrl(endpoints.jdbcUrl());
    if (endpoints.jdbcUrl().startsWith("jdbc:postgresql:")) {
      // named, not looked up: DriverManager finds drivers through the class loader that first
      // asked, and a process whose first database call is the pool's found none ("No suitable
      // driver") from the fat jar's nested jars
      ds.setDriverClassName("org.postgresql.Driver");
    }
    ds.setUsername(endpoints.dbUser());
    ds.setPassword(endpoints.dbPassword());
    ds.setMaximumPoolSize(maximumPoolSize);
    ds.setPoolName("renderowl");
    return Tracing.global().dataSource(ds);
  }

  /**
   * The Redis client, its pool without JMX: commons-pool registers each pool as an MBean by
   * default, and that first use of the platform MBean server (every platform MBean registered) took
   * 40 ms of a command's start (2026-12-06); nothing reads those beans.
   */
  public static RedisClient redis(StackEndpoints endpoints) {
    redis.clients.jedis.ConnectionPoolConfig pool = new redis.clients.jedis.ConnectionPoolConfig();
    pool.setJmxEnabled(false);
    // what RedisClient.create(URI) builds, with this pool
    URI uri = URI.create(endpoints.redisUrl());
    return RedisClient.builder()
        .hostAndPort(redis.clients.jedis.util.JedisURIHelper.getHostAndPort(uri))
        .clientConfig(redis.clients.jedis.DefaultJedisClientConfig.builder(uri).build())
        .poolConfig(pool)
        .build();
  }

  /** The bucket's client; the bucket is created when it does not exist yet. */
  public static ObjectStore objectStore(RenderowlSettings settings, StackEndpoints endpoints) {
    RenderowlSettings.S3 s3 = settings.s3();
    ObjectStore store =
        ObjectStore.connect(
            endpoints.s3Endpoint(), s3.accessKey(), s3.secretKey(), s3.region(), s3.bucket());
    store.ensureBucket();
    return store;
  }
}

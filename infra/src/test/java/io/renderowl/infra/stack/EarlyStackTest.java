package io.renderowl.infra.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.infra.config.RenderowlSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * A stack started ahead of the context that uses it: the context gets that stack when it asks for
 * the same servers, and one nobody takes is stopped (its state folder free for the next process).
 * Only Redis is embedded here (the other parts point at addresses nothing connects to), so each
 * start takes a fraction of a second.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // starts embedded Redis a few times; ~2 s here
class EarlyStackTest {

  /** Settings with only Redis embedded (the other servers configured, at a closed port). */
  static RenderowlSettings settings(Path home) {
    return RenderowlSettings.from(
        Map.of(
                "RENDEROWL_HOME", home.toString(),
                "RENDEROWL_DB_URL", "jdbc:postgresql://127.0.0.1:1/none",
                "RENDEROWL_S3_ENDPOINT", "http://127.0.0.1:1",
                "RENDEROWL_TEMPORAL_ADDRESS", "127.0.0.1:1")
            ::get);
  }

  @Test
  void theContextGetsTheStackStartedEarlyForTheSameServers(@TempDir Path home) throws Exception {
    EmbeddedStack.Early early = EmbeddedStack.startEarly(settings(home));

    EmbeddedStack stack = early.claim(settings(home)).orElseThrow();
    try (stack;
        RedisClient redis = RedisClient.create(java.net.URI.create(stack.endpoints().redisUrl()))) {
      assertThat(redis.ping()).isEqualTo("PONG");
      early.close(); // the context owns it now: closing the early handle leaves it running
      assertThat(redis.ping()).isEqualTo("PONG");
    }
  }

  @Test
  void aStackStartedForOtherServersIsStoppedAndNotHandedOut(
      @TempDir Path home, @TempDir Path otherHome) throws Exception {
    EmbeddedStack.Early early = EmbeddedStack.startEarly(settings(home));

    assertThat(early.claim(settings(otherHome))).isEmpty();

    // stopped: its state folder is free again for a stack of its own
    try (EmbeddedStack again = EmbeddedStack.start(settings(home))) {
      assertThat(again.endpoints().redisUrl()).startsWith("redis://");
    }
  }

  @Test
  void aStackNobodyClaimedIsStoppedOnClose(@TempDir Path home) throws Exception {
    EmbeddedStack.Early early = EmbeddedStack.startEarly(settings(home));

    early.close();

    assertThat(early.claim(settings(home))).isEmpty();
    try (EmbeddedStack again = EmbeddedStack.start(settings(home))) {
      assertThat(again.endpoints().redisUrl()).startsWith("redis://");
    }
  }
}

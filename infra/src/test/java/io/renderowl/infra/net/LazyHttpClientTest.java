package io.renderowl.infra.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LazyHttpClientTest {

  /** The JDK names a client's selector thread after the id its toString() ends with. */
  private static String selectorThread(HttpClient client) {
    Matcher id = Pattern.compile("\\((\\d+)\\)$").matcher(client.toString());
    assertThat(id.find()).as("the client's id in %s", client).isTrue();
    return "HttpClient-" + id.group(1) + "-SelectorManager";
  }

  private static boolean alive(String threadName) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals(threadName) && t.isAlive());
  }

  @Test
  void buildsNothingUntilUsedAndLeavesNoSelectorThreadOnceClosed() {
    AtomicInteger builds = new AtomicInteger();
    LazyHttpClient lazy =
        new LazyHttpClient(() -> {
          builds.incrementAndGet();
          return HttpClient.newHttpClient();
        });
    assertThat(lazy.built()).isFalse();
    assertThat(builds).hasValue(0);

    HttpClient client = lazy.get();
    assertThat(lazy.get()).isSameAs(client);
    assertThat(builds).hasValue(1);
    String selector = selectorThread(client);
    assertThat(alive(selector)).as(selector).isTrue();

    lazy.close();

    assertThat(lazy.built()).isFalse();
    await().atMost(Duration.ofSeconds(10)).until(() -> !alive(selector));
    assertThat(client.isTerminated()).isTrue();
    // used again after a close: a new client
    HttpClient again = lazy.get();
    assertThat(again).isNotSameAs(client);
    assertThat(builds).hasValue(2);
    lazy.close();
    lazy.close(); // twice: nothing to stop
  }
}

package io.renderowl.infra.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PortsTest {

  @Test
  void aPortIsHandedOutOncePerProcess() {
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      assertThat(ports.add(Ports.free())).isTrue();
    }
  }

  @Test
  void aServerWhosePortWasTakenStartsAgainOnAnotherOne() {
    AtomicInteger tries = new AtomicInteger();
    String started =
        Ports.retryWhenTaken(
            "test server",
            () -> {
              if (tries.incrementAndGet() == 1) {
                throw new UncheckedIOException(new BindException("Address already in use"));
              }
              return "up";
            });
    assertThat(started).isEqualTo("up");
    assertThat(tries).hasValue(2);
  }

  @Test
  void otherFailuresAndAThirdTakenPortAreNotRetried() {
    AtomicInteger tries = new AtomicInteger();
    assertThatThrownBy(() ->
            Ports.retryWhenTaken(
                "test server",
                () -> {
                  tries.incrementAndGet();
                  throw new IllegalStateException("no such binary");
                }))
        .hasMessage("no such binary");
    assertThat(tries).hasValue(1);

    tries.set(0);
    assertThatThrownBy(() ->
            Ports.retryWhenTaken(
                "test server",
                () -> {
                  tries.incrementAndGet();
                  throw new IllegalStateException("bind(..) failed: Address already in use");
                }))
        .hasMessageContaining("Address already in use");
    assertThat(tries).hasValue(3);
  }
}

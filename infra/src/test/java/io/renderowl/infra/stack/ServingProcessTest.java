package io.renderowl.infra.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ServingProcessTest {

  @TempDir Path home;

  private static final URI API = URI.create("http://127.0.0.1:18080/api/v1");

  @Test
  void aLiveServerIsFoundAndGoneOnceItWithdraws() {
    ServingProcess self = ServingProcess.current(API);
    self.announce(home);

    assertThat(ServingProcess.find(home)).contains(self);
    assertThat(home.resolve(ServingProcess.FILE)).content().doesNotContain("key");

    self.withdraw(home);
    assertThat(ServingProcess.find(home)).isEmpty();
    assertThat(home.resolve(ServingProcess.FILE)).doesNotExist();
  }

  @Test
  void theFileOfAKilledServerIsIgnored() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    assertThat(gone.waitFor(30, TimeUnit.SECONDS)).isTrue();
    new ServingProcess(gone.pid(), Instant.parse("2026-01-01T00:00:00Z"), API).announce(home);

    assertThat(ServingProcess.read(home)).isPresent();
    assertThat(ServingProcess.find(home)).isEmpty();
  }

  @Test
  void aLiveProcessThatReusedTheIdIsNotTheServer() {
    ServingProcess self = ServingProcess.current(API);
    new ServingProcess(self.pid(), self.started().minusSeconds(3600), API).announce(home);

    assertThat(ServingProcess.find(home)).isEmpty();
  }

  @Test
  void anotherProcessLeavesTheAnnouncementAlone() {
    ServingProcess self = ServingProcess.current(API);
    self.announce(home);

    new ServingProcess(self.pid() + 1, self.started(), API).withdraw(home);

    assertThat(ServingProcess.find(home)).contains(self);
  }

  @Test
  void anAnnouncementAnotherUserOwnsIsNotFollowed() throws Exception {
    ServingProcess self = ServingProcess.current(API);
    self.announce(home);
    Path file = home.resolve(ServingProcess.FILE);
    assumeTrue(
        Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid")),
        "only root can give a file to another user");

    Files.setAttribute(file, "unix:uid", 65534);

    assertThat(ServingProcess.read(home)).contains(self);
    assertThat(ServingProcess.find(home)).isEmpty();
  }

  @Test
  void anUnreadableFileIsAsIfNoneWereThere() throws Exception {
    Files.writeString(home.resolve(ServingProcess.FILE), "pid=twelve\n");

    assertThat(ServingProcess.find(home)).isEmpty();
  }

  @Test
  void aServerOnEveryInterfaceIsReachedOnLoopback() {
    assertThat(ServingProcess.apiOn("0.0.0.0", 8080))
        .isEqualTo(URI.create("http://127.0.0.1:8080/api/v1"));
    assertThat(ServingProcess.apiOn("127.0.0.1", 9000))
        .isEqualTo(URI.create("http://127.0.0.1:9000/api/v1"));
    assertThat(ServingProcess.apiOn("::1", 9000)).isEqualTo(URI.create("http://[::1]:9000/api/v1"));
  }
}

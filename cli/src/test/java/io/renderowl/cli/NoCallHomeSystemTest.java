package io.renderowl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starting the engine on a fresh state folder (embedded PostgreSQL, Redis and S3, Liquibase
 * migrating the new database, the Temporal clients) looks up no host outside this machine.
 * Liquibase 5 fetched {@code config.liquibase.com} on every migration until analytics were turned
 * off in the application's properties; the build's own {@code -Dliquibase.analytics.enabled=false}
 * is cleared here so that the application's setting is what is checked. Host names are recorded by
 * {@link RecordingResolverProvider}, before any connection.
 */
@Tag("system")
@Timeout(value = 4, unit = TimeUnit.MINUTES) // starts and stops the embedded stack once
class NoCallHomeSystemTest {

  @Test
  void startingTheEngineLooksUpOnlyThisMachinesNames(@TempDir Path home) throws Exception {
    String ownName = InetAddress.getLocalHost().getHostName();
    Set<InetAddress> ownAddresses = new HashSet<>();
    NetworkInterface.networkInterfaces().forEach(i -> i.inetAddresses().forEach(ownAddresses::add));
    String analytics = System.getProperty("liquibase.analytics.enabled");
    System.clearProperty("liquibase.analytics.enabled");
    System.setProperty("RENDEROWL_HOME", home.toString());
    System.setProperty("RENDEROWL_TEMPORAL_SERVER", "test");
    RecordingResolverProvider.clear();
    try (ConfigurableApplicationContext ctx =
        OwlApplication.start(OwlApplication.Mode.CLIENT, Map.of())) {
      assertThat(ctx.isActive()).isTrue();
    } finally {
      System.clearProperty("RENDEROWL_HOME");
      System.clearProperty("RENDEROWL_TEMPORAL_SERVER");
      if (analytics != null) {
        System.setProperty("liquibase.analytics.enabled", analytics);
      }
    }

    assertThat(RecordingResolverProvider.names())
        .as("host names looked up while the engine started")
        .allSatisfy(name -> assertThat(name).isIn("localhost", ownName));
    // Liquibase names the host that holds its lock: on a machine whose own name points at a
    // loopback address it takes an interface's address and asks for that address's name
    assertThat(RecordingResolverProvider.reverseLookups())
        .as("addresses looked up in reverse")
        .allSatisfy(address -> assertThat(address).isIn(ownAddresses));
  }
}

package io.renderowl.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The embedded stack's PostgreSQL server stopped ({@code pg_ctl stop -m fast}) and started again
 * the way the stack starts it: {@code pg_ctl start} of the same binaries on the same data
 * directory, with the server options (port included) the running server recorded in {@code
 * postmaster.opts}.
 *
 * <p>{@code postgres}, {@code pg_ctl} and {@code initdb} refuse to run with effective uid 0 ({@code
 * "root" execution of the PostgreSQL server is not permitted}). The embedded stack (zonky) runs
 * them as root by prefixing each with {@code unshare -U}: in a new user namespace without a uid map
 * the process's uid reads as the overflow uid (65534), so the check passes while the files stay
 * root's. This class does the same.
 */
final class PostmasterRestart {
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

  private final Path dataDirectory;
  private final Path log;
  private final Path pgCtl;
  private final List<String> serverOptions;

  private PostmasterRestart(Path dataDirectory, Path log, Path pgCtl, List<String> serverOptions) {
    this.dataDirectory = dataDirectory;
    this.log = log;
    this.pgCtl = pgCtl;
    this.serverOptions = serverOptions;
  }

  /** Stops the server running on {@code dataDirectory}; its output goes on to {@code log}. */
  static PostmasterRestart stop(Path dataDirectory, Path log) throws Exception {
    // e.g. /cache/PG-x/bin/postgres "-D" "/home/postgres" "-p" "40123" "-F" "-c" "fsync=on"
    String recorded = Files.readString(dataDirectory.resolve("postmaster.opts")).strip();
    int firstQuote = recorded.indexOf('"');
    Path postgres = Path.of(recorded.substring(0, firstQuote).strip());
    List<String> options = new ArrayList<>();
    Matcher m = QUOTED.matcher(recorded.substring(firstQuote));
    while (m.find()) {
      options.add(m.group(1));
    }
    int d = options.indexOf("-D");
    if (d >= 0) {
      options.subList(d, d + 2).clear();
    }
    assertThat(options).as("server options in postmaster.opts").contains("-p");
    PostmasterRestart restart =
        new PostmasterRestart(
            dataDirectory, log, postgres.resolveSibling("pg_ctl"), List.copyOf(options));
    restart.pgCtl("-D", dataDirectory.toString(), "stop", "-m", "fast", "-w", "-t", "60");
    // what pg_ctl -w waits for; the pid itself can linger as a zombie when nothing reaps the
    // daemonized postmaster (no init in the container)
    assertThat(dataDirectory.resolve("postmaster.pid")).as("postmaster stopped").doesNotExist();
    return restart;
  }

  /** Starts the server again and waits until it accepts connections. */
  void start() throws Exception {
    List<String> quoted = serverOptions.stream().map(o -> "\"" + o + "\"").toList();
    pgCtl(
        "-D", dataDirectory.toString(), "-o", String.join(" ", quoted), "-w", "-t", "60", "start");
  }

  private void pgCtl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (runsAsRoot()) {
      command.addAll(List.of("unshare", "-U"));
    }
    command.add(pgCtl.toString());
    command.addAll(List.of(args));
    // a file, not a pipe: the server started by pg_ctl inherits it and outlives pg_ctl
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    assertThat(p.exitValue())
        .as(String.join(" ", command) + " (its output is in " + log + ")")
        .isZero();
  }

  private static boolean runsAsRoot() {
    return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
  }
}

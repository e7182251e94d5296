package io.renderowl.infra.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * The {@code owl serve} process that holds a state folder, as it announces itself in {@code
 * RENDEROWL_HOME/serve.properties}: its process id and start, and its API's address. One-shot
 * commands on the same folder ({@code owl run}, {@code owl demo}, {@code owl status}, {@code owl
 * watch}) go through that API instead of starting a second engine the folder's lock would refuse.
 *
 * <p>The file is written when the API answers and removed when the process stops; a file left by a
 * killed process is told apart by its process id and start time (a reused id has another start). It
 * holds no secret: the API key stays in {@code RENDEROWL_HOME/api-key}.
 *
 * @param pid the serving process
 * @param started when that process started (as the operating system reports it)
 * @param api the API's base address, {@code http://127.0.0.1:8080/api/v1}
 */
public record ServingProcess(long pid, Instant started, URI api) {

  /** The file's name in the state folder. */
  public static final String FILE = "serve.properties";

  /** This process, serving its API at {@code api}. */
  public static ServingProcess current(URI api) {
    ProcessHandle self = ProcessHandle.current();
    return new ServingProcess(self.pid(), startOf(self).orElse(Instant.EPOCH), api);
  }

  /**
   * The API's base address for a server bound to {@code bind}: a wildcard address is reached on
   * loopback.
   */
  public static URI apiOn(String bind, int port) {
    String host =
        bind == null || bind.isBlank() || bind.equals("0.0.0.0") || bind.equals("::")
            ? "127.0.0.1"
            : bind;
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + port + "/api/v1");
  }

  /** Announces this process in {@code home} (written whole: a reader never sees half a file). */
  public void announce(Path home) {
    Properties props = new Properties();
    props.setProperty("pid", Long.toString(pid));
    props.setProperty("started", started.toString());
    props.setProperty("api", api.toString());
    try {
      Files.createDirectories(home);
      Path partial = Files.createTempFile(home, FILE, ".partial");
      try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
        props.store(out, "owl serve on this state folder; removed when it stops");
      }
      Files.move(
          partial,
          home.resolve(FILE),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + home.resolve(FILE), e);
    }
  }

  /** Removes the announcement from {@code home} if it is this process's. */
  public void withdraw(Path home) {
    Optional<ServingProcess> written = read(home);
    if (written.isPresent() && written.get().pid() == pid) {
      try {
        Files.deleteIfExists(home.resolve(FILE));
      } catch (IOException e) {
        StackLog.warn("could not remove {}: {}", home.resolve(FILE), e.toString());
      }
    }
  }

  /**
   * The live {@code owl serve} that announced itself in {@code home}; empty when none did, or when
   * the process that did is gone (killed: its file stays behind).
   */
  public static Optional<ServingProcess> find(Path home) {
    if (!ownedByThisUser(home.resolve(FILE))) {
      return Optional.empty(); // the commands send the user's API key there: only their own file
    }
    return read(home).filter(ServingProcess::alive);
  }

  /**
   * Whether {@code file} belongs to the user this process runs as (POSIX owner id); true where the
   * file system does not say. A file another user put into the state folder could otherwise send
   * this user's API key to a server of theirs.
   */
  static boolean ownedByThisUser(Path file) {
    try {
      Object owner = Files.getAttribute(file, "unix:uid");
      Object self = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      return owner.equals(self);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return true; // no POSIX owner ids here
    } catch (IOException e) {
      return !Files.exists(file) || !Files.exists(Path.of("/proc/self"));
    }
  }

  /** The announcement in {@code home} as written, live or not. */
  static Optional<ServingProcess> read(Path home) {
    Path file = home.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(in);
      return Optional.of(
          new ServingProcess(
              Long.parseLong(props.getProperty("pid", "").strip()),
              Instant.parse(props.getProperty("started", "").strip()),
              URI.create(props.getProperty("api", "").strip())));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // unreadable or from another version: as if none were there
    }
  }

  /**
   * Whether the announcing process still runs (the same process: same id and start) as this
   * process's user.
   */
  boolean alive() {
    Optional<String> user = ProcessHandle.current().info().user();
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(process -> user.isEmpty() || process.info().user().equals(user))
        .map(process -> startOf(process).map(start -> start.equals(started)).orElse(true))
        .orElse(false);
  }

  private static Optional<Instant> startOf(ProcessHandle process) {
    return process.info().startInstant();
  }

  /** How the user is told which process serves: {@code owl serve (pid 4711, http://…/api/v1)}. */
  public String describe() {
    return "owl serve (pid " + pid + ", " + api + ")";
  }
}

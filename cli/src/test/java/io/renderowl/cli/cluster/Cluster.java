package io.renderowl.cli.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A cluster started by {@code infra/cluster/cluster.sh} (Temporal dev server, PostgreSQL, Redis,
 * S3, one API, one pipeline worker, N render-only workers, each its own process with its own state
 * folder), with this JVM's classpath as the {@code owl} command: no packaged jar is needed. Its API
 * is reached over HTTP with the local user's key, its database over JDBC; everything listens on
 * 127.0.0.1.
 */
public final class Cluster implements AutoCloseable {
  /** Settings every owl process of the cluster gets (offline providers, no GPU probe). */
  private static final String OWL_ENV =
      "RENDEROWL_RENDER_GPU=off RENDEROWL_SCRIPT_PROVIDER=offline"
          + " RENDEROWL_VISUAL_PROVIDERS=procedural RENDEROWL_VOICE_PROVIDER=espeak";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path root;
  private final Path dir;
  private final Map<String, String> env;
  private final Map<String, String> servers;
  private final String apiKey;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private Cluster(Path root, Path dir) throws IOException {
    this.root = root;
    this.dir = dir;
    this.env = readEnv(dir.resolve("cluster.env"));
    this.servers = readEnv(dir.resolve("servers").resolve("servers.env"));
    this.apiKey = Files.readString(dir.resolve("api").resolve("api-key")).strip();
  }

  /**
   * Runs {@code cluster.sh up DIR renderWorkers}; {@code extraEnv} is added to every owl process
   * (e.g. {@code RENDEROWL_RENDER_HEARTBEAT_SECONDS=15}).
   */
  public static Cluster up(Path dir, int renderWorkers, String extraEnv, Duration limit)
      throws IOException, InterruptedException {
    Path root = repositoryRoot();
    Files.createDirectories(dir);
    List<String> java = new ArrayList<>();
    java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    java.addAll(
        List.of(
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow"));
    String javacpp = System.getProperty("org.bytedeco.javacpp.cachedir");
    if (javacpp != null && !javacpp.contains(" ")) {
      java.add("-Dorg.bytedeco.javacpp.cachedir=" + javacpp);
    }
    java.add("io.renderowl.cli.OwlMain");
    ProcessBuilder builder =
        new ProcessBuilder(
                "bash",
                root.resolve("infra/cluster/cluster.sh").toString(),
                "up",
                dir.toString(),
                Integer.toString(renderWorkers))
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("cluster-up.log").toFile());
    Map<String, String> processEnv = builder.environment();
    // the owl processes run this JVM's classpath (the cluster script word-splits OWL, so the
    // classpath travels in CLASSPATH, not on the command line)
    processEnv.put("CLASSPATH", System.getProperty("java.class.path"));
    processEnv.put("OWL", String.join(" ", java));
    processEnv.put("CLUSTER_ENV", (OWL_ENV + " " + extraEnv).strip());
    Process up = builder.start();
    boolean done = up.waitFor(limit.toSeconds(), TimeUnit.SECONDS);
    if (!done || up.exitValue() != 0) {
      up.destroyForcibly();
      String log = Files.readString(dir.resolve("cluster-up.log"));
      down(root, dir);
      throw new IllegalStateException(
          (done ? "cluster.sh up failed" : "cluster.sh up did not finish in " + limit)
              + ":\n"
              + log);
    }
    return new Cluster(root, dir);
  }

  /** The repository's root: the folder above the module this test runs in. */
  static Path repositoryRoot() {
    Path here = Path.of("").toAbsolutePath();
    return Files.exists(here.resolve("infra/cluster/cluster.sh")) ? here : here.getParent();
  }

  /** The Temporal CLI the cluster script needs, at the place the setup script builds it. */
  public static boolean temporalCliPresent() {
    return Files.isExecutable(repositoryRoot().resolve(".owl/bin/temporal"));
  }

  /** The process id of render worker {@code i} (1-based). */
  public long renderWorkerPid(int i) {
    return Long.parseLong(env.get("RENDER_" + i + "_PID"));
  }

  /** SIGKILL, as an OOM killer or a lost machine would: no shutdown hook, no last heartbeat. */
  public void kill(long pid) {
    ProcessHandle.of(pid)
        .ifPresent(p -> {
          p.destroyForcibly();
          p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        });
  }

  /** A request to {@code /api/v1/PATH} with the local user's key; the answer's JSON. */
  public JsonNode api(String method, String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(env.get("API_URL") + "/api/v1" + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + apiKey)
            .header("Content-Type", "application/json");
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    try {
      HttpResponse<String> answer =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() >= 300) {
        throw new IllegalStateException(
            method + " " + path + " answered " + answer.statusCode() + ": " + answer.body());
      }
      return JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Downloads {@code url} (a presigned URL of the cluster's S3) to {@code file}. */
  public Path download(String url, Path file) throws IOException, InterruptedException {
    HttpResponse<Path> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2)).build(),
            HttpResponse.BodyHandlers.ofFile(file));
    if (answer.statusCode() != 200) {
      throw new IllegalStateException("GET " + url + " answered " + answer.statusCode());
    }
    return file;
  }

  /** A chunk as {@code render_chunks} has it. */
  public record Chunk(int index, String status, String workerIdentity, int attempts) {}

  /** The chunks of render {@code renderId}, by index. */
  public List<Chunk> chunks(String renderId) {
    try (Connection db =
            DriverManager.getConnection(
                servers.get("RENDEROWL_DB_URL"),
                servers.get("RENDEROWL_DB_USER"),
                servers.getOrDefault("RENDEROWL_DB_PASSWORD", ""));
        PreparedStatement query =
            db.prepareStatement(
                "SELECT chunk_index, status, worker_identity, attempts FROM render_chunks"
                    + " WHERE render_id = ?::uuid ORDER BY chunk_index")) {
      query.setString(1, renderId);
      List<Chunk> chunks = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          chunks.add(
              new Chunk(
                  rows.getInt(1),
                  rows.getString(2),
                  rows.getString(3) == null ? "" : rows.getString(3),
                  rows.getInt(4)));
        }
      }
      return chunks;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read render_chunks: " + e.getMessage(), e);
    }
  }

  /** The log of one part (api, pipeline, render-1...), for failure messages. */
  public String log(String part) {
    try {
      return Files.readString(dir.resolve(part).resolve("out.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    down(root, dir);
  }

  private static void down(Path root, Path dir) {
    try {
      Process down =
          new ProcessBuilder(
                  "bash",
                  root.resolve("infra/cluster/cluster.sh").toString(),
                  "down",
                  dir.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!down.waitFor(3, TimeUnit.MINUTES)) {
        down.destroyForcibly();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cluster.sh down: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** KEY="value" lines, as the cluster script and {@code owl servers} write them. */
  private static Map<String, String> readEnv(Path file) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (eq > 0 && !line.startsWith("#")) {
        String value = line.substring(eq + 1).strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        values.put(line.substring(0, eq).strip(), value);
      }
    }
    return values;
  }
}

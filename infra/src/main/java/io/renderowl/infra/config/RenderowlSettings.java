package io.renderowl.infra.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * Everything configurable, read from environment variables (or system properties / Spring
 * properties of the same name). A part whose address is not set runs embedded in-process. The
 * README's configuration table lists the same variables.
 *
 * @param home state folder for the embedded stack (RENDEROWL_HOME, default ./.owl)
 * @param database RENDEROWL_DB_*
 * @param redis RENDEROWL_REDIS_URL
 * @param s3 RENDEROWL_S3_*
 * @param temporal RENDEROWL_TEMPORAL_*
 * @param worker RENDEROWL_WORKER*
 * @param publishDir RENDEROWL_PUBLISH_DIR, where the offline local-folder publisher writes
 * @param devApiToken RENDEROWL_API_DEV_TOKEN, the bearer token created for the local user
 * @param localUserEmail RENDEROWL_LOCAL_USER_EMAIL, the user embedded mode creates and runs as
 * @param publishers RENDEROWL_PUBLISHERS, the platforms runs may publish to (default local-folder)
 * @param render RENDEROWL_RENDER_* and RENDEROWL_WORKER_ROLE: chunked rendering and render workers
 * @param providers AI and media providers per stage (see {@link ProviderSettings})
 * @param batch bulk batches, channels, fair concurrency and system jobs (RENDEROWL_BATCH_*,
 *     RENDEROWL_MAX_RUNS*, RENDEROWL_SCHEDULER*, RENDEROWL_PROVIDERS, ...)
 */
public record RenderowlSettings(
    Path home,
    Database database,
    Redis redis,
    S3 s3,
    Temporal temporal,
    Worker worker,
    Path publishDir,
    String devApiToken,
    String localUserEmail,
    java.util.List<String> publishers,
    Render render,
    // ---- providers (issue 4): RENDEROWL_*_PROVIDER(S), OPENAI_*, ELEVENLABS_*, PEXELS_*, PIXABAY_*, STABILITY_* ----
    ProviderSettings providers,
    // ---- bulk batches, channels, fair concurrency, system jobs (issue 5) ----

    Batch batch) {

  public RenderowlSettings {
    publishers = java.util.List.copyOf(publishers);
  }

  // ---- Bulk batches, autopilot channels, fair concurrency, system jobs (issue 5) ----

  /**
   * Bulk batches, autopilot channels, fair concurrency and system jobs.
   *
   * @param chunkSize RENDEROWL_BATCH_CHUNK_SIZE (default 100): rows per committed chunk
   * @param startThreads RENDEROWL_BATCH_START_THREADS (default 8): workflow starts in flight per chunk
   * @param maxRuns RENDEROWL_MAX_RUNS (default 8): pipeline runs executing at once, all users
   *     together; 0 = no cap
   * @param maxRunsPerUser RENDEROWL_MAX_RUNS_PER_USER (default 4): runs executing at once per user;
   *     0 = no cap
   * @param scheduler RENDEROWL_SCHEDULER (default true): run the Quartz scheduler (channels and system
   *     jobs) in this process; one-shot commands turn it off
   * @param providers RENDEROWL_PROVIDERS (default offline): "instant" is a TEST-ONLY provider set
   *     whose stages return at once without producing media (benchmarks)
   * @param tokenUrls RENDEROWL_OAUTH_TOKEN_URLS: platform=url pairs (comma separated) of OAuth token
   *     endpoints for the token refresh job; empty = nothing to refresh
   * @param oauthClientId RENDEROWL_OAUTH_CLIENT_ID, sent to the token endpoints
   * @param oauthClientSecret RENDEROWL_OAUTH_CLIENT_SECRET, sent to the token endpoints
   * @param refreshAheadMinutes RENDEROWL_OAUTH_REFRESH_AHEAD_MINUTES (default 60): refresh tokens
   *     expiring within this many minutes
   * @param artefactMaxAgeDays RENDEROWL_CLEANUP_MAX_AGE_DAYS (default 7): scene assets and tmp/
   *     objects older than this are deleted by the cleanup job (rendered MP4s are kept)
   * @param stuckRunMinutes RENDEROWL_STUCK_RUN_MINUTES (default 120): the reaper reports runs
   *     unfinished and unchanged for longer
   */
  public record Batch(
      int chunkSize,
      int startThreads,
      int maxRuns,
      int maxRunsPerUser,
      boolean scheduler,
      String providers,
      java.util.Map<String, String> tokenUrls,
      String oauthClientId,
      String oauthClientSecret,
      int refreshAheadMinutes,
      int artefactMaxAgeDays,
      int stuckRunMinutes) {
    public Batch {
      tokenUrls = java.util.Map.copyOf(tokenUrls);
    }

    /** Whether the TEST-ONLY instant providers replace the real stages. */
    public boolean instantProviders() {
      return "instant".equals(providers);
    }

    static Batch from(Function<String, String> get) {
      java.util.Map<String, String> urls = new java.util.LinkedHashMap<>();
      for (String pair : get.apply("RENDEROWL_OAUTH_TOKEN_URLS").split(",")) {
        if (pair.isBlank()) {
          continue;
        }
        int eq = pair.indexOf('=');
        if (eq <= 0 || eq == pair.length() - 1) {
          throw new IllegalArgumentException(
              "RENDEROWL_OAUTH_TOKEN_URLS must be platform=url pairs separated by commas (got '" + pair.strip() + "')");
        }
        urls.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
      }
      return new Batch(
          positive("RENDEROWL_BATCH_CHUNK_SIZE", or(get.apply("RENDEROWL_BATCH_CHUNK_SIZE"), "100")),
          positive("RENDEROWL_BATCH_START_THREADS", or(get.apply("RENDEROWL_BATCH_START_THREADS"), "8")),
          atLeastZero("RENDEROWL_MAX_RUNS", or(get.apply("RENDEROWL_MAX_RUNS"), "8")),
          atLeastZero("RENDEROWL_MAX_RUNS_PER_USER", or(get.apply("RENDEROWL_MAX_RUNS_PER_USER"), "4")),
          bool("RENDEROWL_SCHEDULER", or(get.apply("RENDEROWL_SCHEDULER"), "true")),
          oneOf("RENDEROWL_PROVIDERS", or(get.apply("RENDEROWL_PROVIDERS"), "offline"), "offline", "instant"),
          urls,
          get.apply("RENDEROWL_OAUTH_CLIENT_ID"),
          get.apply("RENDEROWL_OAUTH_CLIENT_SECRET"),
          atLeastZero("RENDEROWL_OAUTH_REFRESH_AHEAD_MINUTES", or(get.apply("RENDEROWL_OAUTH_REFRESH_AHEAD_MINUTES"), "60")),
          positive("RENDEROWL_CLEANUP_MAX_AGE_DAYS", or(get.apply("RENDEROWL_CLEANUP_MAX_AGE_DAYS"), "7")),
          positive("RENDEROWL_STUCK_RUN_MINUTES", or(get.apply("RENDEROWL_STUCK_RUN_MINUTES"), "120")));
    }

    private static int positive(String name, String value) {
      int n = integer(name, value);
      if (n < 1) {
        throw new IllegalArgumentException(name + " must be at least 1 (got '" + value + "')");
      }
      return n;
    }

    private static int atLeastZero(String name, String value) {
      int n = integer(name, value);
      if (n < 0) {
        throw new IllegalArgumentException(name + " must be 0 or more (got '" + value + "')");
      }
      return n;
    }
  }

  // ---- end of issue 5 settings ----

  /**
   * PostgreSQL. Embedded (zonky binaries, data in {@code home/postgres}) when {@code url} is empty.
   *
   * @param url RENDEROWL_DB_URL, a JDBC URL
   * @param user RENDEROWL_DB_USER
   * @param password RENDEROWL_DB_PASSWORD
   */
  public record Database(String url, String user, String password) {
    public boolean embedded() {
      return url.isBlank();
    }
  }

  /**
   * Redis. Embedded (redis 6.2 binary) when {@code url} is empty.
   *
   * @param url RENDEROWL_REDIS_URL, e.g. redis://:password@host:6379/0
   */
  public record Redis(String url) {
    public boolean embedded() {
      return url.isBlank();
    }
  }

  /**
   * S3-compatible storage. Embedded (S3Proxy over {@code home/s3}) when {@code endpoint} is empty.
   *
   * @param endpoint RENDEROWL_S3_ENDPOINT, e.g. https://ACCOUNT.r2.cloudflarestorage.com
   * @param accessKey RENDEROWL_S3_ACCESS_KEY
   * @param secretKey RENDEROWL_S3_SECRET_KEY
   * @param bucket RENDEROWL_S3_BUCKET (default renderowl)
   * @param region RENDEROWL_S3_REGION (default us-east-1; "auto" for R2)
   */
  public record S3(String endpoint, String accessKey, String secretKey, String bucket, String region) {
    public boolean embedded() {
      return endpoint.isBlank();
    }
  }

  /**
   * Temporal. Embedded when {@code address} is empty: the Temporal CLI dev server if a {@code
   * temporal} binary is found, else the Java SDK's in-process test server.
   *
   * @param address RENDEROWL_TEMPORAL_ADDRESS, host:port of the frontend
   * @param namespace RENDEROWL_TEMPORAL_NAMESPACE (default "default")
   * @param server RENDEROWL_TEMPORAL_SERVER: auto | dev | test (embedded only)
   * @param cli RENDEROWL_TEMPORAL_CLI, path of the temporal binary (default: home/bin/temporal,
   *     then PATH)
   * @param port RENDEROWL_TEMPORAL_PORT, embedded dev server gRPC port (default 7233)
   * @param uiPort RENDEROWL_TEMPORAL_UI_PORT, embedded dev server Web UI port (default 8233)
   * @param searchAttributes RENDEROWL_TEMPORAL_SEARCH_ATTRIBUTES: whether RenderowlUser and
   *     RenderowlStage are registered on an external server (default false)
   */
  public record Temporal(
      String address,
      String namespace,
      String server,
      String cli,
      int port,
      int uiPort,
      boolean searchAttributes) {
    public boolean embedded() {
      return address.isBlank();
    }
  }

  /**
   * Workers hosted by this process.
   *
   * @param enabled RENDEROWL_WORKER (default true): poll the pipeline and render task queues here
   * @param renderConcurrency RENDEROWL_RENDER_CONCURRENCY (default 1): chunks (or single-activity
   *     renders of older runs) one render worker renders at once
   */
  public record Worker(boolean enabled, int renderConcurrency) {}

  // ---- chunked rendering and render workers (issue 3) ----

  /** The worker role that polls only the render queues ({@code owl worker --render-only}). */
  public static final String ROLE_RENDER = "render";

  /** The worker role that polls every queue (default). */
  public static final String ROLE_ALL = "all";

  /**
   * Chunked rendering and render workers.
   *
   * @param chunkFrames RENDEROWL_RENDER_CHUNK_FRAMES (default 300): frames per chunk; a video of
   *     at most this many frames is one chunk
   * @param gpu RENDEROWL_RENDER_GPU: "auto" (default) polls the GPU render queue when h264_nvenc
   *     opens at start-up, "off" never does
   * @param gpuQueueWaitSeconds RENDEROWL_RENDER_GPU_WAIT_SECONDS (default 60): how long a chunk
   *     waits on the GPU queue for a worker before it goes to the CPU queue
   * @param heartbeatSeconds RENDEROWL_RENDER_HEARTBEAT_SECONDS (default 30): a chunk whose worker
   *     is silent this long is given to another worker
   * @param workerRole RENDEROWL_WORKER_ROLE: "all" (default) or "render" (render queues only)
   */
  public record Render(
      int chunkFrames, String gpu, int gpuQueueWaitSeconds, int heartbeatSeconds, String workerRole) {
    public Render {
      if (chunkFrames <= 0) {
        throw new IllegalArgumentException("RENDEROWL_RENDER_CHUNK_FRAMES must be positive (got " + chunkFrames + ")");
      }
      if (gpuQueueWaitSeconds <= 0 || heartbeatSeconds <= 0) {
        throw new IllegalArgumentException(
            "RENDEROWL_RENDER_GPU_WAIT_SECONDS and RENDEROWL_RENDER_HEARTBEAT_SECONDS must be positive");
      }
    }

    public boolean renderOnly() {
      return ROLE_RENDER.equals(workerRole);
    }

    public boolean gpuAllowed() {
      return !"off".equals(gpu);
    }
  }

  static Render render(Function<String, String> get) {
    return new Render(
        integer("RENDEROWL_RENDER_CHUNK_FRAMES", or(get.apply("RENDEROWL_RENDER_CHUNK_FRAMES"), "300")),
        oneOf("RENDEROWL_RENDER_GPU", or(get.apply("RENDEROWL_RENDER_GPU"), "auto"), "auto", "off"),
        integer("RENDEROWL_RENDER_GPU_WAIT_SECONDS", or(get.apply("RENDEROWL_RENDER_GPU_WAIT_SECONDS"), "60")),
        integer("RENDEROWL_RENDER_HEARTBEAT_SECONDS", or(get.apply("RENDEROWL_RENDER_HEARTBEAT_SECONDS"), "30")),
        oneOf("RENDEROWL_WORKER_ROLE", or(get.apply("RENDEROWL_WORKER_ROLE"), ROLE_ALL), ROLE_ALL, ROLE_RENDER));
  }

  // ---- end of chunked rendering ----

  /** Reads settings through {@code lookup} (returns null for unset names). */
  public static RenderowlSettings from(Function<String, String> lookup) {
    Function<String, String> get = name -> {
      String v = lookup.apply(name);
      return v == null ? "" : v.strip();
    };
    Path home = Path.of(or(get.apply("RENDEROWL_HOME"), ".owl")).toAbsolutePath().normalize();
    return new RenderowlSettings(
        home,
        new Database(
            get.apply("RENDEROWL_DB_URL"),
            or(get.apply("RENDEROWL_DB_USER"), "postgres"),
            get.apply("RENDEROWL_DB_PASSWORD")),
        new Redis(get.apply("RENDEROWL_REDIS_URL")),
        new S3(
            get.apply("RENDEROWL_S3_ENDPOINT"),
            or(get.apply("RENDEROWL_S3_ACCESS_KEY"), "renderowl"),
            or(get.apply("RENDEROWL_S3_SECRET_KEY"), "renderowl-local-secret"),
            or(get.apply("RENDEROWL_S3_BUCKET"), "renderowl"),
            or(get.apply("RENDEROWL_S3_REGION"), "us-east-1")),
        new Temporal(
            get.apply("RENDEROWL_TEMPORAL_ADDRESS"),
            or(get.apply("RENDEROWL_TEMPORAL_NAMESPACE"), "default"),
            oneOf("RENDEROWL_TEMPORAL_SERVER", or(get.apply("RENDEROWL_TEMPORAL_SERVER"), "auto"), "auto", "dev", "test"),
            get.apply("RENDEROWL_TEMPORAL_CLI"),
            integer("RENDEROWL_TEMPORAL_PORT", or(get.apply("RENDEROWL_TEMPORAL_PORT"), "7233")),
            integer("RENDEROWL_TEMPORAL_UI_PORT", or(get.apply("RENDEROWL_TEMPORAL_UI_PORT"), "8233")),
            bool("RENDEROWL_TEMPORAL_SEARCH_ATTRIBUTES", or(get.apply("RENDEROWL_TEMPORAL_SEARCH_ATTRIBUTES"), "false"))),
        new Worker(
            bool("RENDEROWL_WORKER", or(get.apply("RENDEROWL_WORKER"), "true")),
            integer("RENDEROWL_RENDER_CONCURRENCY", or(get.apply("RENDEROWL_RENDER_CONCURRENCY"), "1"))),
        Path.of(or(get.apply("RENDEROWL_PUBLISH_DIR"), home.resolve("published").toString()))
            .toAbsolutePath()
            .normalize(),
        or(get.apply("RENDEROWL_API_DEV_TOKEN"), "owl-dev-token"),
        or(get.apply("RENDEROWL_LOCAL_USER_EMAIL"), "local@renderowl.local"),
        java.util.Arrays.stream(or(get.apply("RENDEROWL_PUBLISHERS"), "local-folder").split(","))
            .map(String::strip)
            .filter(p -> !p.isEmpty())
            .toList(),
        render(get),
        ProviderSettings.from(get),
        Batch.from(get));
  }

  /** Settings from the process environment and system properties (system properties win). */
  public static RenderowlSettings fromEnvironment() {
    return from(name -> System.getProperty(name, System.getenv(name)));
  }

  private static String or(String value, String fallback) {
    return value.isEmpty() ? fallback : value;
  }

  private static String oneOf(String name, String value, String... allowed) {
    String v = value.toLowerCase(Locale.ROOT);
    for (String a : allowed) {
      if (a.equals(v)) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        name + " must be one of " + String.join(", ", allowed) + " (got '" + value + "')");
  }

  private static int integer(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number (got '" + value + "')", e);
    }
  }

  private static boolean bool(String name, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default ->
          throw new IllegalArgumentException(name + " must be true or false (got '" + value + "')");
    };
  }
}

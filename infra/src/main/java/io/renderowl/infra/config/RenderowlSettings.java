package io.renderowl.infra.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything configurable, bound under {@code renderowl} from environment variables (or system
 * properties / Spring properties of the same name). {@link SettingsVariables} maps each variable to
 * its property; the README's configuration table lists the same variables. A part whose address is
 * not set runs embedded in-process.
 *
 * @param home RENDEROWL_HOME: state folder of the embedded stack (default ./.owl)
 * @param database RENDEROWL_DB_*: PostgreSQL
 * @param redis RENDEROWL_REDIS_URL: Redis
 * @param s3 RENDEROWL_S3_*: object storage
 * @param temporal RENDEROWL_TEMPORAL_*: Temporal
 * @param worker RENDEROWL_WORKER, RENDEROWL_RENDER_CONCURRENCY: workers hosted by this process
 * @param publishDir RENDEROWL_PUBLISH_DIR: where the offline local-folder publisher writes (default
 *     home/published)
 * @param auth RENDEROWL_AUTH_*, RENDEROWL_API_RATE_*: sign-in (built-in issuer, external identity
 *     provider) and the per-user API rate limit
 * @param localUserEmail RENDEROWL_LOCAL_USER_EMAIL: the user embedded mode creates and runs as
 *     (default local@renderowl.local)
 * @param publishers RENDEROWL_PUBLISHERS: the platforms runs may publish to, comma separated
 *     (default local-folder)
 * @param render RENDEROWL_RENDER_* and RENDEROWL_WORKER_ROLE: chunked rendering and render workers
 * @param providers AI and media providers per stage (see {@link ProviderSettings})
 * @param batch bulk batches, channels, fair concurrency and system jobs (RENDEROWL_BATCH_*,
 *     RENDEROWL_MAX_RUNS*, RENDEROWL_SCHEDULER, RENDEROWL_OAUTH_*, ...)
 * @param social connected accounts: OAuth clients per platform, token key, analytics pace (see
 *     {@link SocialSettings})
 * @param outbound RENDEROWL_ALLOW_PRIVATE_URLS, RENDEROWL_ALLOWED_URL_HOSTS: which addresses URLs
 *     fetched on a user's behalf may reach
 */
@ConfigurationProperties("renderowl")
@Validated
public record RenderowlSettings(
    @DefaultValue(".owl") Path home,
    @DefaultValue Database database,
    @DefaultValue Redis redis,
    @DefaultValue S3 s3,
    @DefaultValue Temporal temporal,
    @DefaultValue Worker worker,
    Path publishDir,
    @DefaultValue Auth auth,
    @DefaultValue("local@renderowl.local") String localUserEmail,
    @DefaultValue("local-folder") List<String> publishers,
    @DefaultValue Render render,
    @DefaultValue ProviderSettings providers,
    @DefaultValue Batch batch,
    @DefaultValue SocialSettings social,
    @DefaultValue Outbound outbound) {

  /** The worker role that polls only the render queues ({@code owl worker --render-only}). */
  public static final String ROLE_RENDER = "render";

  /** The worker role that polls every queue (default). */
  public static final String ROLE_ALL = "all";

  /**
   * The worker role that polls only the pipeline queue (workflows and the stages before and after
   * the render): render work is left to render-only workers.
   */
  public static final String ROLE_PIPELINE = "pipeline";

  public RenderowlSettings {
    home = home.toAbsolutePath().normalize();
    publishDir =
        (publishDir == null ? home.resolve("published") : publishDir).toAbsolutePath().normalize();
    publishers = publishers.stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
  }

  /**
   * PostgreSQL. Embedded (zonky binaries, data in {@code home/postgres}) when {@code url} is empty.
   *
   * @param url RENDEROWL_DB_URL: a JDBC URL
   * @param user RENDEROWL_DB_USER (default postgres)
   * @param password RENDEROWL_DB_PASSWORD
   */
  public record Database(
      @DefaultValue("") String url,
      @DefaultValue("postgres") String user,
      @DefaultValue("") String password) {
    public boolean embedded() {
      return url.isBlank();
    }
  }

  /**
   * Redis. Embedded (redis 6.2 binary) when {@code url} is empty.
   *
   * @param url RENDEROWL_REDIS_URL: e.g. redis://:password@host:6379/0
   */
  public record Redis(@DefaultValue("") String url) {
    public boolean embedded() {
      return url.isBlank();
    }
  }

  /**
   * S3-compatible storage. Embedded (S3Proxy over {@code home/s3}) when {@code endpoint} is empty.
   *
   * @param endpoint RENDEROWL_S3_ENDPOINT: e.g. https://ACCOUNT.r2.cloudflarestorage.com
   * @param accessKey RENDEROWL_S3_ACCESS_KEY (default renderowl)
   * @param secretKey RENDEROWL_S3_SECRET_KEY (default renderowl-local-secret)
   * @param bucket RENDEROWL_S3_BUCKET (default renderowl)
   * @param region RENDEROWL_S3_REGION (default us-east-1; "auto" for R2)
   */
  public record S3(
      @DefaultValue("") String endpoint,
      @DefaultValue("renderowl") String accessKey,
      @DefaultValue("renderowl-local-secret") String secretKey,
      @DefaultValue("renderowl") String bucket,
      @DefaultValue("us-east-1") String region) {
    public boolean embedded() {
      return endpoint.isBlank();
    }
  }

  /**
   * Temporal. Embedded when {@code address} is empty: the Temporal CLI dev server if a {@code
   * temporal} binary is found, else the Java SDK's in-process test server.
   *
   * @param address RENDEROWL_TEMPORAL_ADDRESS: host:port of the frontend
   * @param namespace RENDEROWL_TEMPORAL_NAMESPACE (default "default")
   * @param server RENDEROWL_TEMPORAL_SERVER: auto | dev | test (embedded only; default auto)
   * @param cli RENDEROWL_TEMPORAL_CLI: path of the temporal binary (default: home/bin/temporal,
   *     then PATH)
   * @param port RENDEROWL_TEMPORAL_PORT: embedded dev server gRPC port (default 7233)
   * @param uiPort RENDEROWL_TEMPORAL_UI_PORT: embedded dev server Web UI port (default 8233)
   * @param searchAttributes RENDEROWL_TEMPORAL_SEARCH_ATTRIBUTES: whether RenderowlUser and
   *     RenderowlStage are registered on an external server (default false)
   */
  public record Temporal(
      @DefaultValue("") String address,
      @DefaultValue("default") String namespace,
      @DefaultValue("auto")
          @Pattern(regexp = "auto|dev|test", message = "must be one of auto, dev, test")
          String server,
      @DefaultValue("") String cli,
      @DefaultValue("7233") int port,
      @DefaultValue("8233") int uiPort,
      @DefaultValue("false") boolean searchAttributes) {
    public Temporal {
      server = server.toLowerCase(Locale.ROOT);
    }

    public boolean embedded() {
      return address.isBlank();
    }
  }

  /**
   * Sign-in and the API's per-user rate limit.
   *
   * @param signingKey RENDEROWL_AUTH_SIGNING_KEY: a JWK set file (JSON) holding the RSA private key
   *     the built-in issuer signs access tokens with (default: home/auth/signing-key.jwks,
   *     generated on first start)
   * @param issuer RENDEROWL_AUTH_ISSUER: the built-in issuer's {@code iss} (default renderowl)
   * @param accessTokenMinutes RENDEROWL_AUTH_ACCESS_TOKEN_MINUTES: life of an access JWT (default
   *     15)
   * @param refreshTokenDays RENDEROWL_AUTH_REFRESH_TOKEN_DAYS: life of a refresh token (default 30)
   * @param jwksUrl RENDEROWL_AUTH_JWKS_URL: an external identity provider's JWKS (e.g. Clerk's
   *     https://<instance>/.well-known/jwks.json); empty: external JWTs are refused
   * @param jwtIssuer RENDEROWL_AUTH_JWT_ISSUER: the {@code iss} external JWTs must carry (required
   *     with a JWKS URL)
   * @param authorizedParties RENDEROWL_AUTH_AUTHORIZED_PARTIES: comma-separated {@code azp} values
   *     external JWTs may carry (empty: any, or none)
   * @param clockSkewSeconds RENDEROWL_AUTH_CLOCK_SKEW_SECONDS: tolerance for exp/nbf (default 60)
   * @param requestsPerMinute RENDEROWL_API_RATE_PER_MINUTE: a user's sustained API request rate
   *     (default 600)
   * @param requestBurst RENDEROWL_API_RATE_BURST: requests a user may send at once (default 120)
   */
  public record Auth(
      @DefaultValue("") String signingKey,
      @DefaultValue("renderowl") String issuer,
      @DefaultValue("15") @Min(1) int accessTokenMinutes,
      @DefaultValue("30") @Min(1) int refreshTokenDays,
      @DefaultValue("") String jwksUrl,
      @DefaultValue("") String jwtIssuer,
      @DefaultValue List<String> authorizedParties,
      @DefaultValue("60") @Min(0) int clockSkewSeconds,
      @DefaultValue("600") @Min(1) int requestsPerMinute,
      @DefaultValue("120") @Min(1) int requestBurst) {
    public Auth {
      authorizedParties =
          authorizedParties.stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
    }

    /** Whether JWTs of an external identity provider are accepted. */
    public boolean external() {
      return !jwksUrl.isBlank();
    }
  }

  /**
   * Workers hosted by this process.
   *
   * @param enabled RENDEROWL_WORKER (default true): poll the pipeline and render task queues here
   * @param renderConcurrency RENDEROWL_RENDER_CONCURRENCY (default "auto"): chunks (or
   *     single-activity renders of older runs) one render worker renders at once, a number or
   *     "auto" for {@link #autoRenderSlots}
   */
  public record Worker(
      @DefaultValue("true") boolean enabled,
      @DefaultValue(AUTO)
          @Pattern(regexp = "(?i)auto|[1-9][0-9]{0,3}", message = "must be auto or a number from 1")
          String renderConcurrency) {

    /** RENDEROWL_RENDER_CONCURRENCY's default: slots derived from this machine. */
    public static final String AUTO = "auto";

    /**
     * Native memory one 1080p chunk render takes at most (frames in flight, x264 lookahead): about
     * 0.5 GB.
     */
    public static final long BYTES_PER_1080P_SLOT = 512L << 20;

    /** The render slots: the number set, or {@link #autoRenderSlots} for this machine. */
    public int renderSlots() {
      if (!AUTO.equalsIgnoreCase(renderConcurrency)) {
        return Integer.parseInt(renderConcurrency);
      }
      long memory =
          java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                  instanceof com.sun.management.OperatingSystemMXBean os
              ? os.getTotalMemorySize()
              : 0;
      return autoRenderSlots(Runtime.getRuntime().availableProcessors(), memory);
    }

    /**
     * "auto": one slot per core, at most one per {@link #BYTES_PER_1080P_SLOT} of half the
     * machine's memory (sized for the largest frames, 1080p; the other half is left to the JVM
     * heap, the stack and the system), at least 1. A chunk's x264 threads are then split among the
     * chunks that run at once ({@code ChunkActivitiesImpl}).
     *
     * @param cores available processors
     * @param memoryBytes physical memory, 0 when unknown (then cores alone decide)
     */
    public static int autoRenderSlots(int cores, long memoryBytes) {
      int byMemory =
          memoryBytes <= 0
              ? Integer.MAX_VALUE
              : (int) Math.min(Integer.MAX_VALUE, memoryBytes / 2 / BYTES_PER_1080P_SLOT);
      return Math.max(1, Math.min(cores, byMemory));
    }
  }

  /**
   * Chunked rendering and render workers.
   *
   * @param chunkFrames RENDEROWL_RENDER_CHUNK_FRAMES (default 300): frames per chunk; a video of at
   *     most this many frames is one chunk
   * @param gpu RENDEROWL_RENDER_GPU: "auto" (default) polls the GPU render queue when h264_nvenc
   *     opens at start-up, "off" never does
   * @param gpuQueueWaitSeconds RENDEROWL_RENDER_GPU_WAIT_SECONDS (default 60): how long a chunk
   *     waits on the GPU queue for a worker before it goes to the CPU queue
   * @param heartbeatSeconds RENDEROWL_RENDER_HEARTBEAT_SECONDS (default 30): a chunk whose worker
   *     is silent this long is given to another worker
   * @param workerRole RENDEROWL_WORKER_ROLE: "all" (default), "render" (render queues only) or
   *     "pipeline" (no render queues)
   * @param loudnessTarget RENDEROWL_LOUDNESS_TARGET (default -14): integrated loudness in LUFS the
   *     audio mix is normalised to, or "off" to leave it as mixed
   * @param truePeakMax RENDEROWL_TRUE_PEAK_MAX (default -1): the true peak in dBTP the normalised
   *     mix must not exceed
   * @param x264Threading RENDEROWL_X264_THREADING: how a chunk's x264 threads share the work.
   *     "frame": each thread encodes its own frame (x264's default, the fastest for a lone chunk);
   *     "sliced": the threads split every frame, so one frame is in flight instead of one per
   *     thread (about 55 MB less per 1080p chunk with 2 threads, the same quality, ~13% longer for
   *     a lone chunk on 2 cores, ~3% more CPU); "auto" (default): sliced on render-only workers,
   *     whose peak memory per chunk is what a fleet is sized by, frame elsewhere
   */
  public record Render(
      @DefaultValue("300") @Min(value = 1, message = "must be at least {value}") int chunkFrames,
      @DefaultValue("auto") @Pattern(regexp = "auto|off", message = "must be one of auto, off")
          String gpu,
      @DefaultValue("60") @Min(value = 1, message = "must be at least {value}")
          int gpuQueueWaitSeconds,
      @DefaultValue("30") @Min(value = 1, message = "must be at least {value}")
          int heartbeatSeconds,
      @DefaultValue(ROLE_ALL)
          @Pattern(regexp = "all|render|pipeline", message = "must be one of all, render, pipeline")
          String workerRole,
      @DefaultValue("-14")
          @Pattern(
              regexp = "off|-[0-9]{1,2}(\\.[0-9]+)?",
              message = "must be off or a negative loudness in LUFS such as -14")
          String loudnessTarget,
      @DefaultValue("-1") @DecimalMax(value = "0", message = "must be 0 or less")
          double truePeakMax,
      @DefaultValue("auto")
          @Pattern(regexp = "auto|frame|sliced", message = "must be one of auto, frame, sliced")
          String x264Threading) {
    public Render {
      gpu = gpu.toLowerCase(Locale.ROOT);
      workerRole = workerRole.toLowerCase(Locale.ROOT);
      loudnessTarget = loudnessTarget.toLowerCase(Locale.ROOT);
      x264Threading = x264Threading.toLowerCase(Locale.ROOT);
    }

    /** Whether x264 splits each frame among a chunk's threads (see {@code x264Threading}). */
    public boolean slicedX264Threads() {
      return "sliced".equals(x264Threading) || ("auto".equals(x264Threading) && renderOnly());
    }

    /** The loudness target in LUFS, or empty when normalisation is off. */
    public OptionalDouble loudnessTargetLufs() {
      return "off".equals(loudnessTarget)
          ? OptionalDouble.empty()
          : OptionalDouble.of(Double.parseDouble(loudnessTarget));
    }

    public boolean renderOnly() {
      return ROLE_RENDER.equals(workerRole);
    }

    /** Whether this process leaves the render queues to other workers. */
    public boolean pipelineOnly() {
      return ROLE_PIPELINE.equals(workerRole);
    }

    public boolean gpuAllowed() {
      return !"off".equals(gpu);
    }
  }

  /**
   * Bulk batches, autopilot channels, fair concurrency and system jobs.
   *
   * @param chunkSize RENDEROWL_BATCH_CHUNK_SIZE (default 100): rows per committed chunk
   * @param startThreads RENDEROWL_BATCH_START_THREADS (default 8): workflow starts in flight per
   *     chunk
   * @param maxRuns RENDEROWL_MAX_RUNS (default 8): pipeline runs executing at once, all users
   *     together; 0 = no cap
   * @param maxRunsPerUser RENDEROWL_MAX_RUNS_PER_USER (default 4): runs executing at once per user;
   *     0 = no cap
   * @param scheduler RENDEROWL_SCHEDULER (default true): run the Quartz scheduler (channels and
   *     system jobs) in this process; one-shot commands turn it off
   * @param refreshAheadMinutes RENDEROWL_OAUTH_REFRESH_AHEAD_MINUTES (default 60): refresh tokens
   *     expiring within this many minutes (each platform's client and token endpoint: {@link
   *     SocialSettings})
   * @param artefactMaxAgeDays RENDEROWL_CLEANUP_MAX_AGE_DAYS (default 7): scene assets, render
   *     intermediates and tmp/ objects older than this are deleted by the cleanup job (rendered
   *     MP4s and their posters are kept)
   * @param stuckRunMinutes RENDEROWL_STUCK_RUN_MINUTES (default 120): the reaper reports runs
   *     unfinished and unchanged for longer
   */
  public record Batch(
      @DefaultValue("100") @Min(value = 1, message = "must be at least {value}") int chunkSize,
      @DefaultValue("8") @Min(value = 1, message = "must be at least {value}") int startThreads,
      @DefaultValue("8") @Min(value = 0, message = "must be 0 or more") int maxRuns,
      @DefaultValue("4") @Min(value = 0, message = "must be 0 or more") int maxRunsPerUser,
      @DefaultValue("true") boolean scheduler,
      @DefaultValue("60") @Min(value = 0, message = "must be 0 or more") int refreshAheadMinutes,
      @DefaultValue("7") @Min(value = 1, message = "must be at least {value}")
          int artefactMaxAgeDays,
      @DefaultValue("120") @Min(value = 1, message = "must be at least {value}")
          int stuckRunMinutes) {}

  /**
   * URLs fetched on a user's behalf (feeds, asset and music URLs, completion callbacks). By default
   * those that resolve to loopback, private, link-local or metadata addresses are refused.
   *
   * @param allowPrivate RENDEROWL_ALLOW_PRIVATE_URLS (default false): allow every address (a
   *     private deployment whose feeds and callbacks live on its own network)
   * @param allowedHosts RENDEROWL_ALLOWED_URL_HOSTS: comma-separated host names, IP addresses or
   *     CIDR ranges allowed although private (e.g. {@code feeds.intranet,10.20.0.0/16})
   */
  public record Outbound(
      @DefaultValue("false") boolean allowPrivate, @DefaultValue List<String> allowedHosts) {
    public Outbound {
      allowedHosts = allowedHosts.stream().map(String::strip).filter(h -> !h.isEmpty()).toList();
    }
  }

  /**
   * Binds the settings from variables read through {@code lookup} (null or blank for unset ones).
   *
   * @throws IllegalArgumentException naming each variable whose value is wrong
   */
  public static RenderowlSettings from(Function<String, String> lookup) {
    return SettingsBinder.bind("renderowl", RenderowlSettings.class, lookup);
  }

  /** Settings from the process environment and system properties (system properties win). */
  public static RenderowlSettings fromEnvironment() {
    return from(name -> System.getProperty(name, System.getenv(name)));
  }
}

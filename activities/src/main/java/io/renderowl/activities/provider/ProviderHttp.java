package io.renderowl.activities.provider;

import io.renderowl.infra.json.Json;
import io.renderowl.infra.metrics.RenderowlMeters;
import io.renderowl.infra.net.LazyHttpClient;
import io.renderowl.infra.net.OutboundUrls;
import io.renderowl.infra.net.UrlRefusedException;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every provider call goes through here: the Redis token bucket, the response cache, one HTTP
 * exchange with a timeout and a size limit, and the classification of the outcome.
 *
 * <ul>
 *   <li>2xx: the body (cached when the request is cacheable);
 *   <li>429: retryable {@value ProviderFailures#RATE_LIMITED}, next attempt after Retry-After (or a
 *       jittered exponential backoff when the provider gives none);
 *   <li>5xx, 408, timeouts, refused connections: retryable {@value ProviderFailures#UNAVAILABLE},
 *       same delay rule;
 *   <li>other 4xx (400, 401, 403, 404, 422): non-retryable {@value ProviderFailures#REJECTED} with
 *       the provider's own message.
 * </ul>
 *
 * <p>{@link #fetch} is for URLs fetched on a user's behalf (media and music URLs): each one, and
 * every redirect, is checked by {@link OutboundUrls} before it is connected to, and the body must
 * arrive within the timeout too.
 *
 * <p>No thread sleeps for a long wait: the failure carries the delay and Temporal schedules the
 * activity's next attempt. Only a token-bucket wait of at most {@link #MAX_LOCAL_WAIT} is waited
 * out here.
 */
public final class ProviderHttp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderHttp.class);

  /** The shared mapper ({@link Json#MAPPER}), named here for the provider classes. */
  public static final JsonMapper JSON = Json.MAPPER;

  /** Token-bucket waits up to this long happen in-thread; longer ones become activity retries. */
  static final Duration MAX_LOCAL_WAIT = Duration.ofSeconds(1);

  static final Duration BASE_BACKOFF = Duration.ofSeconds(2);
  static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  /**
   * One call.
   *
   * @param provider rate-limit and cache bucket, and the name in messages ("openai", "pexels")
   * @param operation what it does ("chat", "image", "speech", "search", "download")
   * @param method GET or POST
   * @param uri the full address
   * @param headers request headers (authentication included; never part of the cache key)
   * @param body request body, empty for GET
   * @param cacheable whether a 2xx answer may be served from / stored in the cache
   * @param maxBytes the largest body accepted
   * @param rateLimited whether the call takes a token from the provider's bucket
   */
  public record Call(
      String provider,
      String operation,
      String method,
      URI uri,
      Map<String, String> headers,
      byte[] body,
      boolean cacheable,
      long maxBytes,
      boolean rateLimited) {

    public Call {
      headers = Map.copyOf(headers);
      body = body == null ? new byte[0] : body;
    }

    public static Call get(
        String provider, String operation, URI uri, Map<String, String> headers) {
      return new Call(provider, operation, "GET", uri, headers, null, true, 10L << 20, true);
    }

    public static Call post(
        String provider, String operation, URI uri, Map<String, String> headers, byte[] body) {
      return new Call(provider, operation, "POST", uri, headers, body, true, 10L << 20, true);
    }

    public Call withMaxBytes(long limit) {
      return new Call(
          provider, operation, method, uri, headers, body, cacheable, limit, rateLimited);
    }

    public Call uncached() {
      return new Call(
          provider, operation, method, uri, headers, body, false, maxBytes, rateLimited);
    }

    public Call unlimited() {
      return new Call(provider, operation, method, uri, headers, body, cacheable, maxBytes, false);
    }

    /** SHA-256 over provider, method, URI, non-secret headers and body. */
    public String cacheKey() {
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update((provider + "\n" + method + "\n" + uri + "\n").getBytes(StandardCharsets.UTF_8));
        new TreeMap<>(headers)
            .forEach((k, v) -> {
              if (!isSecret(k)) {
                sha.update(
                    (k.toLowerCase(Locale.ROOT) + ":" + v + "\n").getBytes(StandardCharsets.UTF_8));
              }
            });
        sha.update(body);
        return provider + ":" + HexFormat.of().formatHex(sha.digest());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    private static boolean isSecret(String header) {
      String h = header.toLowerCase(Locale.ROOT);
      return h.equals("authorization") || h.equals("xi-api-key") || h.contains("key");
    }

    /** The URI as shown in messages: query parameters named key are masked. */
    public String shownUri() {
      return uri.toString().replaceAll("([?&]key=)[^&]*", "$1***");
    }
  }

  /**
   * A successful answer.
   *
   * @param status HTTP status (200 for cached answers)
   * @param contentType the Content-Type, "" when absent
   * @param body the bytes
   * @param headers response headers (empty for cached answers)
   * @param cached whether it came from the cache (nothing was paid)
   */
  public record Response(
      int status,
      String contentType,
      byte[] body,
      Map<String, List<String>> headers,
      boolean cached) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The body as JSON.
     *
     * @throws io.temporal.failure.ApplicationFailure retryable {@value ProviderFailures#BAD_OUTPUT}
     *     when it is not JSON
     */
    public JsonNode json(Call call) {
      try {
        return JSON.readTree(body);
      } catch (RuntimeException e) {
        throw ProviderFailures.retryable(
            ProviderFailures.BAD_OUTPUT,
            call.provider()
                + " "
                + call.operation()
                + " answered malformed JSON: "
                + preview(text()));
      }
    }
  }

  private static final ScheduledExecutorService DEADLINES =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "download-deadline");
        t.setDaemon(true);
        return t;
      });

  /** Built on the first call: a worker with the offline providers never makes one. */
  private final LazyHttpClient client;

  /**
   * Downloads from user-given URLs: HTTP/1.1 (plain GETs; a download stream was once closed
   * mid-body in a full test run, and the HTTP/2 cleartext upgrade the client otherwise attempts on
   * http:// URLs is the suspect, not a proven cause), redirects followed by hand through the guard;
   * built on the first fetch (most instances never fetch).
   */
  private final LazyHttpClient noRedirects;

  private final OutboundUrls guard;
  private final RateLimiter limiter;
  private final ResponseCache cache;
  private final Duration timeout;
  private final IntSupplier attempt;
  private final RenderowlMeters meters = RenderowlMeters.global();

  /**
   * @param limiter the shared token bucket
   * @param cache the shared response cache
   * @param timeout limit of one exchange (connect + answer)
   * @param attempt the current activity attempt (1-based), for the backoff
   */
  public ProviderHttp(
      RateLimiter limiter, ResponseCache cache, Duration timeout, IntSupplier attempt) {
    this(limiter, cache, timeout, attempt, OutboundUrls.strict());
  }

  /**
   * @param guard what {@link #fetch} may reach
   */
  public ProviderHttp(
      RateLimiter limiter,
      ResponseCache cache,
      Duration timeout,
      IntSupplier attempt,
      OutboundUrls guard) {
    this.client =
        new LazyHttpClient(() ->
            HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build());
    this.noRedirects =
        new LazyHttpClient(() ->
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    this.guard = guard;
    this.limiter = limiter;
    this.cache = cache;
    this.timeout = timeout;
    this.attempt = attempt;
  }

  public Duration timeout() {
    return timeout;
  }

  private static boolean isJson(String contentType) {
    return contentType.toLowerCase(java.util.Locale.ROOT).contains("json");
  }

  private static boolean parses(byte[] body) {
    try {
      JSON.readTree(body);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Drops the cached answer of {@code call} (an answer that passed HTTP but failed validation). */
  public void evict(Call call) {
    if (call.cacheable()) {
      cache.evict(call.cacheKey());
    }
  }

  /** Sends {@code call}; see the class comment for what it throws. */
  public Response send(Call call) {
    return send(call, false);
  }

  /**
   * Sends {@code call} to a URL given on a user's behalf: refused (non-retryable {@value
   * ProviderFailures#REJECTED}) when it or a redirect's target is not a public address, and the
   * whole body must arrive within the timeout.
   */
  public Response fetch(Call call) {
    return send(call, true);
  }

  private Response send(Call call, boolean guarded) {
    long start = System.nanoTime();
    String outcome = "io_error";
    try {
      Response response = exchange(call, guarded);
      outcome = response.cached() ? "cached" : "ok";
      return response;
    } catch (ApplicationFailure e) {
      outcome = outcomeOf(e.getType());
      throw e;
    } finally {
      meters.providerCall(call.provider(), outcome, Duration.ofNanos(System.nanoTime() - start));
      if (attempt.getAsInt() > 1) {
        meters.providerRetry(call.provider());
      }
    }
  }

  private static String outcomeOf(String failureType) {
    return switch (failureType) {
      case ProviderFailures.RATE_LIMITED -> "rate_limited";
      case ProviderFailures.UNAVAILABLE -> "unavailable";
      case ProviderFailures.REJECTED -> "rejected";
      default -> "failed";
    };
  }

  private Response exchange(Call call, boolean guarded) {
    String key = call.cacheable() ? call.cacheKey() : null;
    if (key != null) {
      Optional<ResponseCache.Entry> hit = cache.get(key);
      if (hit.isPresent()) {
        LOG.debug("{} {}: cache hit", call.provider(), call.operation());
        return new Response(200, hit.get().contentType(), hit.get().body(), Map.of(), true);
      }
    }
    if (call.rateLimited()) {
      admit(call);
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(call.uri())
            .timeout(timeout)
            .method(
                call.method(),
                call.body().length == 0 && call.method().equals("GET")
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(call.body()));
    call.headers().forEach(request::header);
    HttpResponse<InputStream> response;
    byte[] body;
    try {
      response =
          guarded
              ? guard.send(
                  noRedirects.get(), request.build(), HttpResponse.BodyHandlers.ofInputStream())
              : client.get().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      body = guarded ? readInTime(call, response) : readLimited(call, response);
    } catch (UrlRefusedException e) {
      throw ProviderFailures.nonRetryable(
          ProviderFailures.REJECTED,
          call.provider() + " " + call.operation() + ": " + e.getMessage());
    } catch (HttpTimeoutException e) {
      throw ProviderFailures.retryable(
          ProviderFailures.UNAVAILABLE,
          call.provider()
              + " "
              + call.operation()
              + " timed out after "
              + timeout.toSeconds()
              + " s ("
              + call.shownUri()
              + ")",
          backoff());
    } catch (ConnectException e) {
      throw ProviderFailures.retryable(
          ProviderFailures.UNAVAILABLE,
          call.provider()
              + " "
              + call.operation()
              + ": cannot connect to "
              + call.shownUri()
              + " ("
              + e.getMessage()
              + ")",
          backoff());
    } catch (InterruptedException | InterruptedIOException e) {
      Thread.currentThread().interrupt();
      throw ProviderFailures.retryable(
          ProviderFailures.UNAVAILABLE,
          call.provider() + " " + call.operation() + " was interrupted");
    } catch (IOException e) {
      throw ProviderFailures.retryable(
          ProviderFailures.UNAVAILABLE,
          call.provider()
              + " "
              + call.operation()
              + " failed: "
              + e.getMessage()
              + " ("
              + call.shownUri()
              + ")",
          backoff());
    }
    int status = response.statusCode();
    String contentType = response.headers().firstValue("Content-Type").orElse("");
    if (status >= 200 && status < 300) {
      // A JSON answer cut in transit must not be kept: every retry would read it back from the
      // cache for the cache's lifetime instead of asking again (found by ProviderStormFaultTest).
      if (key != null && !(isJson(contentType) && !parses(body))) {
        cache.put(key, new ResponseCache.Entry(contentType, body));
      }
      return new Response(status, contentType, body, response.headers().map(), false);
    }
    String message = providerMessage(body);
    String what = call.provider() + " " + call.operation() + " answered HTTP " + status;
    if (status == 429) {
      Duration delay =
          retryAfter(response).map(ProviderHttp::withSmallJitter).orElseGet(this::backoff);
      throw ProviderFailures.retryable(
          ProviderFailures.RATE_LIMITED,
          what + " (rate limited, next try in " + delay.toSeconds() + " s): " + message,
          delay);
    }
    if (status >= 500 || status == 408) {
      Duration delay =
          retryAfter(response).map(ProviderHttp::withSmallJitter).orElseGet(this::backoff);
      throw ProviderFailures.retryable(ProviderFailures.UNAVAILABLE, what + ": " + message, delay);
    }
    throw ProviderFailures.nonRetryable(ProviderFailures.REJECTED, what + ": " + message);
  }

  private void admit(Call call) {
    Duration wait = limiter.tryAcquire(call.provider());
    if (wait.isZero()) {
      return;
    }
    if (wait.compareTo(MAX_LOCAL_WAIT) <= 0) {
      meters.rateLimitWait(call.provider(), wait);
      try {
        Thread.sleep(wait.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ProviderFailures.retryable(
            ProviderFailures.RATE_LIMITED,
            "interrupted waiting for a " + call.provider() + " token");
      }
      wait = limiter.tryAcquire(call.provider());
      if (wait.isZero()) {
        return;
      }
    }
    throw ProviderFailures.retryable(
        ProviderFailures.OWN_RATE_LIMITED,
        call.provider()
            + " "
            + call.operation()
            + ": shared rate limit reached, next token in "
            + wait.toMillis()
            + " ms",
        withSmallJitter(wait));
  }

  /** Shuts down the clients this instance built (their selector threads with them). */
  @Override
  public void close() {
    client.close();
    noRedirects.close();
  }

  /** {@link #readLimited}, and the body must arrive within the timeout (a slow body is cut). */
  private byte[] readInTime(Call call, HttpResponse<InputStream> response) throws IOException {
    InputStream in = response.body();
    AtomicBoolean expired = new AtomicBoolean();
    ScheduledFuture<?> deadline =
        DEADLINES.schedule(
            () -> {
              expired.set(true); // before the close: the reader may wake up at once
              try {
                in.close();
              } catch (IOException e) {
                LOG.debug("closing a late download", e);
              }
            },
            timeout.toMillis(),
            TimeUnit.MILLISECONDS);
    try {
      return readLimited(call, response);
    } catch (IOException e) {
      if (expired.get()) {
        throw new HttpTimeoutException(
            "the body did not arrive within " + timeout.toSeconds() + " s");
      }
      throw e;
    } finally {
      deadline.cancel(false);
    }
  }

  private static byte[] readLimited(Call call, HttpResponse<InputStream> response)
      throws IOException {
    long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    try (InputStream in = response.body()) {
      if (declared > call.maxBytes()) {
        throw tooLarge(call, declared);
      }
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, call.maxBytes() + 1));
      if (bytes.length > call.maxBytes()) {
        throw tooLarge(call, bytes.length);
      }
      return bytes;
    }
  }

  private static RuntimeException tooLarge(Call call, long size) {
    return ProviderFailures.nonRetryable(
        ProviderFailures.REJECTED,
        call.provider()
            + " "
            + call.operation()
            + ": response of "
            + size
            + "+ bytes is over the limit of "
            + call.maxBytes()
            + " bytes ("
            + call.shownUri()
            + ")");
  }

  /** Exponential backoff from the activity attempt, with 50-150% jitter. */
  Duration backoff() {
    int n = Math.max(1, attempt.getAsInt());
    long base = BASE_BACKOFF.toMillis() << Math.min(n - 1, 16);
    long capped = Math.min(base, MAX_BACKOFF.toMillis());
    return Duration.ofMillis((long) (capped * (0.5 + ThreadLocalRandom.current().nextDouble())));
  }

  private static Duration withSmallJitter(Duration d) {
    return d.plusMillis((long) (d.toMillis() * 0.1 * ThreadLocalRandom.current().nextDouble()));
  }

  /** Retry-After as seconds or an HTTP date. */
  static Optional<Duration> retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("Retry-After").flatMap(ProviderHttp::parseRetryAfter);
  }

  static Optional<Duration> parseRetryAfter(String value) {
    String v = value.strip();
    try {
      return Optional.of(Duration.ofMillis((long) (Double.parseDouble(v) * 1000)));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (RuntimeException notADate) {
        return Optional.empty();
      }
    }
  }

  /** The provider's error message: error.message, error, message, detail(.message), or the body. */
  static String providerMessage(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    try {
      JsonNode n = JSON.readTree(text);
      for (JsonNode candidate :
          List.of(
              n.path("error").path("message"),
              n.path("error"),
              n.path("message"),
              n.path("detail").path("message"),
              n.path("detail"),
              n.path("errors").path(0))) {
        if (candidate.isString() && !candidate.asString().isBlank()) {
          return preview(candidate.asString());
        }
      }
    } catch (RuntimeException notJson) {
      // fall through to the raw body
    }
    return text.isEmpty() ? "(empty body)" : preview(text);
  }

  public static String preview(String s) {
    String one = s.replaceAll("\\s+", " ").strip();
    return one.length() <= 500 ? one : one.substring(0, 500) + "...";
  }
}

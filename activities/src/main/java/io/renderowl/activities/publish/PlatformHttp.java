package io.renderowl.activities.publish;

import io.renderowl.activities.provider.ProviderFailures;
import io.renderowl.infra.json.Json;
import io.renderowl.infra.net.LazyHttpClient;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP exchanges of the publishers: one client, a timeout per exchange, bounded answers, a
 * token refreshed once on 401, and the platform's answer classified into Temporal failures:
 *
 * <ul>
 *   <li>429: retryable {@value ProviderFailures#RATE_LIMITED} after Retry-After or
 *       x-rate-limit-reset (epoch seconds, X), else a minute;
 *   <li>5xx, 408, timeouts, cut connections: retryable {@value ProviderFailures#UNAVAILABLE};
 *   <li>other 4xx: non-retryable {@value ProviderFailures#REJECTED} with the platform's message.
 * </ul>
 *
 * The access token only ever travels in the Authorization header: it is in no URL and no message.
 */
public final class PlatformHttp {

  /** Largest JSON answer read (uploads send big bodies, never receive them). */
  static final int MAX_ANSWER_BYTES = 1 << 20;

  /** Built on the first exchange: a worker that never publishes starts no client thread. */
  private final LazyHttpClient client;

  private final Duration timeout;

  public PlatformHttp(Duration timeout) {
    this.client =
        new LazyHttpClient(() ->
            HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build());
    this.timeout = timeout;
  }

  public Duration timeout() {
    return timeout;
  }

  /**
   * An answer.
   *
   * @param status HTTP status
   * @param headers response headers
   * @param body at most {@link #MAX_ANSWER_BYTES} bytes
   */
  public record Answer(int status, HttpHeaders headers, byte[] body) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public Optional<String> header(String name) {
      return headers.firstValue(name);
    }

    /** The body as JSON ({@code MissingNode} when it is empty or not JSON). */
    public JsonNode json() {
      try {
        return body.length == 0 ? Json.MAPPER.missingNode() : Json.MAPPER.readTree(body);
      } catch (RuntimeException e) {
        return Json.MAPPER.missingNode();
      }
    }
  }

  /** A body streamed from {@code open} ({@code length} bytes): nothing is buffered whole. */
  public static HttpRequest.BodyPublisher streamed(Supplier<InputStream> open, long length) {
    return HttpRequest.BodyPublishers.fromPublisher(
        HttpRequest.BodyPublishers.ofInputStream(open), length);
  }

  /** {@code a=1&b=2}, each name and value URL-encoded, in the map's order. */
  public static String query(Map<String, String> values) {
    StringBuilder q = new StringBuilder();
    values.forEach((k, v) -> {
      if (!q.isEmpty()) {
        q.append('&');
      }
      q.append(URLEncoder.encode(k, StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
    });
    return q.toString();
  }

  public static HttpRequest.BodyPublisher json(Object value) {
    return HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(value));
  }

  /** A request builder with the timeout and the bearer token set. */
  public HttpRequest.Builder request(URI uri, String token) {
    return HttpRequest.newBuilder(uri).timeout(timeout).header("Authorization", "Bearer " + token);
  }

  /**
   * Sends the request built for the current token; on a 401 the token is refreshed once and the
   * request sent again. Any other status is returned for the publisher to read.
   *
   * @param what what it does, for messages ("youtube upload chunk")
   * @throws ApplicationFailure on a cut connection or timeout, or a second 401
   */
  public Answer send(String what, AccessToken token, Function<String, HttpRequest> build) {
    Answer answer = exchange(what, build.apply(token.current()));
    if (answer.status() == 401) {
      answer = exchange(what, build.apply(token.refreshed()));
      if (answer.status() == 401) {
        throw ProviderFailures.nonRetryable(
            ProviderFailures.REJECTED,
            what
                + ": the platform refused the account's access token twice (HTTP 401, "
                + message(answer)
                + "); connect the account again");
      }
    }
    return answer;
  }

  /** Sends a request without authentication (a presigned or session URL). */
  public Answer exchange(String what, HttpRequest request) {
    try {
      HttpResponse<InputStream> response =
          client.get().send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        byte[] body = in.readNBytes(MAX_ANSWER_BYTES);
        return new Answer(response.statusCode(), response.headers(), body);
      }
    } catch (HttpTimeoutException e) {
      throw ProviderFailures.retryable(
          ProviderFailures.UNAVAILABLE, what + " timed out after " + timeout.toSeconds() + " s");
    } catch (InterruptedException | InterruptedIOException e) {
      Thread.currentThread().interrupt();
      throw ProviderFailures.retryable(ProviderFailures.UNAVAILABLE, what + " was interrupted");
    } catch (IOException | RuntimeException e) {
      if (e instanceof ApplicationFailure af) {
        throw af;
      }
      throw ProviderFailures.retryable(
          ProviderFailures.UNAVAILABLE,
          what
              + ": connection failed ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + ")");
    }
  }

  /** The failure for an unsuccessful answer (see the class comment). */
  public static ApplicationFailure failure(String what, Answer answer) {
    String text = what + " answered HTTP " + answer.status() + ": " + message(answer);
    if (answer.status() == 429) {
      Duration delay = retryDelay(answer).orElse(Duration.ofMinutes(1));
      return ProviderFailures.retryable(
          ProviderFailures.RATE_LIMITED,
          text + " (rate limited, next try in " + delay.toSeconds() + " s)",
          delay);
    }
    if (answer.status() >= 500 || answer.status() == 408) {
      Optional<Duration> delay = retryDelay(answer);
      return delay.isPresent()
          ? ProviderFailures.retryable(ProviderFailures.UNAVAILABLE, text, delay.get())
          : ProviderFailures.retryable(ProviderFailures.UNAVAILABLE, text);
    }
    return ProviderFailures.nonRetryable(ProviderFailures.REJECTED, text);
  }

  /** A platform's rate limit or quota that resets later: retryable after {@code delay}. */
  public static ApplicationFailure rateLimited(String message, Duration delay) {
    return ProviderFailures.retryable(ProviderFailures.RATE_LIMITED, message, delay);
  }

  /** Retry-After (seconds or an HTTP date), else x-rate-limit-reset (epoch seconds). */
  public static Optional<Duration> retryDelay(Answer answer) {
    Optional<String> retryAfter = answer.header("Retry-After");
    if (retryAfter.isPresent()) {
      String v = retryAfter.get().strip();
      try {
        return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
      } catch (NumberFormatException e) {
        try {
          ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
          Duration d = Duration.between(Instant.now(), at.toInstant());
          return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (RuntimeException notADate) {
          return Optional.empty();
        }
      }
    }
    Optional<String> reset = answer.header("x-rate-limit-reset");
    if (reset.isPresent()) {
      try {
        Duration d =
            Duration.between(Instant.now(), Instant.ofEpochSecond(Long.parseLong(reset.get())));
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * The platform's own message: Google's and TikTok's {@code error.message}, Graph API's {@code
   * error.error_user_msg}/{@code error.message}, X's {@code detail}/{@code title}, LinkedIn's
   * {@code message}; else the body's start.
   */
  public static String message(Answer answer) {
    JsonNode n = answer.json();
    for (JsonNode candidate :
        List.of(
            n.path("error").path("error_user_msg"),
            n.path("error").path("message"),
            n.path("error"),
            n.path("detail"),
            n.path("title"),
            n.path("message"),
            n.path("errors").path(0).path("message"))) {
      if (candidate.isString() && !candidate.asString().isBlank()) {
        return preview(candidate.asString());
      }
    }
    String text = answer.text().strip();
    return text.isEmpty() ? "(empty body)" : preview(text);
  }

  static String preview(String s) {
    String one = s.replaceAll("\\s+", " ").strip();
    return one.length() <= 300 ? one : one.substring(0, 300) + "...";
  }
}

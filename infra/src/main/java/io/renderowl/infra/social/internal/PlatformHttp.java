package io.renderowl.infra.social.internal;

import io.renderowl.infra.json.Json;
import io.renderowl.infra.net.LazyHttpClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP calls to the platforms: JSON answers, and failures that say what the platform said
 * without ever quoting a token (only the documented error fields are read).
 */
final class PlatformHttp {
  private static final int MESSAGE_LIMIT = 300;

  /** Built on the first exchange: most commands never call a platform. */
  private final LazyHttpClient client;

  private final Duration timeout;

  PlatformHttp(Duration timeout) {
    this.client =
        new LazyHttpClient(() ->
            HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    this.timeout = timeout;
  }

  /** An answer: status, parsed body and the Retry-After / x-rate-limit-reset hint. */
  record Answer(int status, JsonNode body, OptionalLong retryAfterSeconds) {
    boolean ok() {
      return status / 100 == 2;
    }
  }

  /** The platform refused the request (4xx); the account or request must change. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final transient OptionalLong retryAfter;

    Refused(int status, String message, OptionalLong retryAfter) {
      super(message);
      this.status = status;
      this.retryAfter = retryAfter;
    }

    int status() {
      return status;
    }

    OptionalLong retryAfter() {
      return retryAfter == null ? OptionalLong.empty() : retryAfter;
    }
  }

  /** The platform could not be reached or failed (5xx, network); trying later may work. */
  static final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
      super(message);
    }
  }

  HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(timeout)
        .header("Accept", "application/json");
  }

  static HttpRequest.BodyPublisher form(Map<String, String> fields) {
    return HttpRequest.BodyPublishers.ofString(query(fields));
  }

  static String query(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /**
   * Sends and reads the JSON answer.
   *
   * @param what what the call does, for messages ("X token exchange")
   * @throws Refused on 4xx, with the platform's error
   * @throws Unavailable on 5xx or when the platform cannot be reached
   */
  Answer send(HttpRequest request, String what) {
    HttpResponse<String> r;
    try {
      r = client.get().send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new Unavailable(
          what
              + " failed: "
              + request.uri().getHost()
              + " unreachable ("
              + e.getClass().getSimpleName()
              + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable(what + " interrupted");
    }
    JsonNode body = parse(r.body());
    OptionalLong retryAfter = retryAfter(r);
    Answer answer = new Answer(r.statusCode(), body, retryAfter);
    if (answer.ok()) {
      return answer;
    }
    String message =
        what
            + " failed: HTTP "
            + r.statusCode()
            + errorText(body).map(t -> " (" + t + ")").orElse("");
    if (r.statusCode() / 100 == 4) {
      throw new Refused(r.statusCode(), message, retryAfter);
    }
    throw new Unavailable(message);
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return Json.MAPPER.createObjectNode();
    }
    try {
      return Json.MAPPER.readTree(body);
    } catch (JacksonException notJson) {
      return Json.MAPPER.createObjectNode();
    }
  }

  private static OptionalLong retryAfter(HttpResponse<String> r) {
    var after = r.headers().firstValue("Retry-After");
    if (after.isPresent() && after.get().strip().matches("\\d{1,9}")) {
      return OptionalLong.of(Long.parseLong(after.get().strip()));
    }
    var reset = r.headers().firstValue("x-rate-limit-reset");
    if (reset.isPresent() && reset.get().strip().matches("\\d{1,12}")) {
      long at = Long.parseLong(reset.get().strip());
      return OptionalLong.of(Math.max(0, at - System.currentTimeMillis() / 1000));
    }
    return OptionalLong.empty();
  }

  /**
   * The documented error fields of the platforms' answers: RFC 6749 {@code error} and {@code
   * error_description}; Meta and TikTok {@code error.message}/{@code error.code}; X {@code
   * title}/{@code detail}; LinkedIn {@code message}.
   */
  static java.util.Optional<String> errorText(JsonNode body) {
    StringBuilder text = new StringBuilder();
    JsonNode error = body.path("error");
    if (error.isString()) {
      text.append(error.stringValue());
      if (body.path("error_description").isString()) {
        text.append(": ").append(body.path("error_description").stringValue());
      }
    } else if (error.isObject()) {
      if (!error.path("code").isMissingNode()) {
        text.append(error.path("code").asString());
      }
      if (error.path("message").isString()) {
        text.append(text.isEmpty() ? "" : ": ").append(error.path("message").stringValue());
      }
    } else if (body.path("detail").isString() || body.path("title").isString()) {
      text.append(body.path("title").asString(""))
          .append(": ")
          .append(body.path("detail").asString(""));
    } else if (body.path("message").isString()) {
      text.append(body.path("message").stringValue());
    } else if (body.path("errors").isArray() && !body.path("errors").isEmpty()) {
      text.append(body.path("errors").get(0).path("message").asString(""));
    }
    String t = text.toString().strip();
    if (t.isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        t.length() > MESSAGE_LIMIT ? t.substring(0, MESSAGE_LIMIT) + "…" : t);
  }
}

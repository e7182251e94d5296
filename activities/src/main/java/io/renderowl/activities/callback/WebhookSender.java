package io.renderowl.activities.callback;

import io.renderowl.infra.json.Json;
import io.renderowl.infra.net.LazyHttpClient;
import io.renderowl.infra.net.OutboundUrls;
import io.renderowl.infra.net.UrlRefusedException;
import io.renderowl.infra.net.WebhookSignature;
import io.renderowl.infra.persistence.WebhookDeliveryRepository.Attempt;
import io.renderowl.workflows.CallbackActivities;
import io.renderowl.workflows.CompletionCallback;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One attempt at a completion callback: the JSON body {@code {id, type, status, output_url,
 * error}}, signed with the user's secret ({@link WebhookSignature}), POSTed through {@link
 * OutboundUrls} (refused targets and redirects to them are never connected to), recorded whatever
 * the outcome. Anything but a 2xx answer throws, so that Temporal retries with backoff.
 */
public final class WebhookSender {
  /** The header with the delivery id, the same for every attempt (for receivers' dedup). */
  public static final String DELIVERY_HEADER = "X-Renderowl-Delivery";

  private final OutboundUrls guard;
  private final Function<UUID, String> secretOf;
  private final Consumer<Attempt> log;
  private final Clock clock;
  private final Duration timeout;

  /** Built on the first callback: most commands send none. */
  private final LazyHttpClient client;

  /**
   * @param guard what callback URLs may reach
   * @param secretOf a user's signing secret
   * @param log where attempts are recorded
   * @param clock the signature's timestamp
   * @param timeout one exchange
   */
  public WebhookSender(
      OutboundUrls guard,
      Function<UUID, String> secretOf,
      Consumer<Attempt> log,
      Clock clock,
      Duration timeout) {
    this.guard = guard;
    this.secretOf = secretOf;
    this.log = log;
    this.clock = clock;
    this.timeout = timeout;
    this.client =
        new LazyHttpClient(() ->
            HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
  }

  /** The JSON body of {@code callback}. */
  public static byte[] body(CompletionCallback callback) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", callback.id());
    body.put("type", callback.subjectType());
    body.put("status", callback.status());
    body.put("output_url", callback.outputUrl());
    body.put("error", callback.error());
    if (callback.counts() != null) {
      body.put("counts", callback.counts());
    }
    return Json.MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Sends attempt {@code attempt} of {@code callback}.
   *
   * @throws ApplicationFailure non-retryable {@value CallbackActivities#REFUSED} when the URL is
   *     refused; retryable when the receiver did not answer 2xx
   */
  public void send(CompletionCallback callback, int attempt) {
    UUID user = UUID.fromString(callback.userId());
    String target = callback.callbackUrl();
    long started = System.nanoTime();
    URI uri;
    try {
      uri = guard.check(callback.callbackUrl()).uri();
      target = OutboundUrls.shown(uri);
    } catch (UrlRefusedException e) {
      record(callback, attempt, safeShown(target), null, "refused", e.getMessage(), started);
      throw ApplicationFailure.newNonRetryableFailure(
          "callback refused: " + e.getMessage(), CallbackActivities.REFUSED);
    }
    byte[] body = body(callback);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", "renderowl-webhooks")
            .header(DELIVERY_HEADER, callback.deliveryId())
            .header(
                WebhookSignature.HEADER,
                WebhookSignature.sign(secretOf.apply(user), clock.instant().getEpochSecond(), body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    int status;
    try {
      status =
          guard.send(client.get(), request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (UrlRefusedException e) {
      record(callback, attempt, target, null, "refused", e.getMessage(), started);
      throw ApplicationFailure.newNonRetryableFailure(
          "callback refused: " + e.getMessage(), CallbackActivities.REFUSED);
    } catch (IOException e) {
      String why = e.getClass().getSimpleName() + ": " + e.getMessage();
      record(callback, attempt, target, null, "failed", why, started);
      throw ApplicationFailure.newFailure(
          "callback to " + target + " failed (attempt " + attempt + "): " + why, "CallbackFailed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      record(callback, attempt, target, null, "failed", "interrupted", started);
      throw ApplicationFailure.newFailure("callback interrupted", "CallbackFailed");
    }
    if (status / 100 != 2) {
      record(callback, attempt, target, status, "failed", "answered HTTP " + status, started);
      throw ApplicationFailure.newFailure(
          "callback to " + target + " answered HTTP " + status + " (attempt " + attempt + ")",
          "CallbackFailed");
    }
    record(callback, attempt, target, status, "delivered", null, started);
  }

  private void record(
      CompletionCallback c,
      int attempt,
      String target,
      Integer status,
      String outcome,
      String error,
      long started) {
    log.accept(
        new Attempt(
            c.deliveryId(),
            UUID.fromString(c.userId()),
            c.subjectType(),
            c.id(),
            c.status(),
            target,
            attempt,
            status,
            outcome,
            error,
            Duration.ofNanos(System.nanoTime() - started).toMillis(),
            null));
  }

  private static String safeShown(String url) {
    try {
      return OutboundUrls.shown(new URI(url));
    } catch (java.net.URISyntaxException e) {
      return "(not a URL)";
    }
  }
}

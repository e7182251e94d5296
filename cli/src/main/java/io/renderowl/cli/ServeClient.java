package io.renderowl.cli;

import io.renderowl.infra.pipeline.RenderView;
import io.renderowl.infra.pipeline.RunStatus;
import io.renderowl.infra.stack.ServingProcess;
import io.renderowl.workflows.RenderState;
import io.renderowl.workflows.RunState;
import io.renderowl.workflows.Stage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One-shot commands through the API of the {@code owl serve} that holds the state folder: the run
 * is started and followed there, already warm, instead of in a second engine this process would
 * start (and the folder's lock would refuse). Signs in with the local user's API key from the same
 * folder.
 */
final class ServeClient {

  /** The server's answer to a request it did not carry out: status and its error message. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final Duration retryAfter;

    Refused(int status, String message) {
      this(status, message, Duration.ZERO);
    }

    Refused(int status, String message, Duration retryAfter) {
      super(message);
      this.status = status;
      this.retryAfter = retryAfter;
    }

    /** 429: the user's request rate is spent for now; ask again after {@link #retryAfter}. */
    boolean rateLimited() {
      return status == 429;
    }

    /** How long the server asked to wait before the next request (429's Retry-After). */
    Duration retryAfter() {
      return retryAfter;
    }

    /** 400: the request itself is wrong (a usage error, as the in-process path reports it). */
    boolean badRequest() {
      return status == 400;
    }
  }

  /** A run the server started, or found started by the same request before. */
  record Started(String runId, boolean created) {}

  private static final JsonMapper JSON = JsonMapper.shared();

  private final ServingProcess process;
  private final String apiKey;
  private final HttpClient http;

  private ServeClient(ServingProcess process, String apiKey) {
    this.process = process;
    this.apiKey = apiKey;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * The client of the {@code owl serve} holding this command's state folder ({@code
   * RENDEROWL_HOME}, default {@code .owl}); empty when none serves it or its API key is missing.
   */
  static Optional<ServeClient> find() {
    Path home = home();
    return ServingProcess.find(home)
        .flatMap(process -> apiKey(home).map(key -> new ServeClient(process, key)));
  }

  /** The state folder as the settings read it: system property, then environment, then .owl. */
  static Path home() {
    for (String name : new String[] {"RENDEROWL_HOME", "renderowl.home"}) {
      String value = System.getProperty(name, System.getenv(name));
      if (value != null && !value.isBlank()) {
        return Path.of(value.strip());
      }
    }
    return Path.of(".owl");
  }

  private static Optional<String> apiKey(Path home) {
    try {
      return Optional.of(Files.readString(home.resolve("api-key"), StandardCharsets.UTF_8).strip())
          .filter(key -> !key.isEmpty());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  ServingProcess process() {
    return process;
  }

  /** The error line for a run id the server does not know (a render id, or someone else's run). */
  String unknownRun(String runId) {
    return "owl: " + process.describe() + " knows no run or render " + runId + " of yours";
  }

  /** {@code POST /pipelines}: starts the run {@code body} describes. */
  Started start(ObjectNode body, String idempotencyKey) throws Refused, InterruptedException {
    JsonNode data =
        send(
            request("/pipelines")
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))),
            202);
    return new Started(data.path("id").asString(), data.path("created").asBoolean(true));
  }

  /** {@code GET /pipelines/{id}}: the run's status; empty when the server knows no such run. */
  Optional<RunStatus> status(String runId) throws Refused, InterruptedException {
    return find("/pipelines/" + encode(runId)).map(ServeClient::view);
  }

  /**
   * {@code GET /render/{id}}: the render named by its id or its run id (what {@code owl render}
   * prints); empty when the server knows none of this user's by that name.
   */
  Optional<RenderView> render(String id) throws Refused, InterruptedException {
    return find("/render/" + encode(id)).map(ServeClient::renderView);
  }

  /** The {@code data} of a {@code GET}; empty on 404. */
  private Optional<JsonNode> find(String path) throws Refused, InterruptedException {
    try {
      return Optional.of(send(request(path).GET(), 200));
    } catch (Refused e) {
      if (e.status == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Polls the run every {@code every} until it has ended, passing each status on. */
  RunStatus await(String runId, Duration every, java.util.function.Consumer<RunStatus> progress)
      throws Refused, InterruptedException {
    while (true) {
      RunStatus status;
      try {
        status =
            status(runId)
                .orElseThrow(
                    () -> new Refused(404, "owl serve knows no run " + runId + " any more"));
      } catch (Refused e) {
        if (!e.rateLimited()) {
          throw e;
        }
        // the user's other clients spent the rate (several commands following at once): the run
        // goes on in the server, so wait as told and ask again
        Thread.sleep(e.retryAfter.compareTo(every) > 0 ? e.retryAfter : every);
        continue;
      }
      progress.accept(status);
      if (status.finished()) {
        return status;
      }
      Thread.sleep(every);
    }
  }

  /** Downloads the finished video from its presigned URL to {@code target}. */
  Path download(String url, Path target) throws Refused, InterruptedException {
    Path absolute = target.toAbsolutePath();
    try {
      Path parent = absolute.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
      HttpResponse<Path> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(10)).GET().build(),
              HttpResponse.BodyHandlers.ofFile(partial));
      if (response.statusCode() != 200) {
        Files.deleteIfExists(partial);
        throw new Refused(
            response.statusCode(),
            "could not download the video (HTTP " + response.statusCode() + ")");
      }
      return Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new Refused(0, "could not download the video to " + absolute + ": " + e.getMessage());
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(process.api() + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + apiKey)
        .header("Accept", "application/json");
  }

  /** Sends, and returns the answer's {@code data} when its status is {@code expected}. */
  private JsonNode send(HttpRequest.Builder request, int expected)
      throws Refused, InterruptedException {
    HttpResponse<String> response;
    try {
      response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new Refused(
          0,
          process.describe()
              + " did not answer: "
              + e.getClass().getSimpleName()
              + " "
              + e.getMessage());
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (RuntimeException e) {
      body = JSON.missingNode();
    }
    if (response.statusCode() != expected) {
      throw new Refused(
          response.statusCode(),
          errorMessage(response.statusCode(), body),
          Duration.ofSeconds(
              response
                  .headers()
                  .firstValueAsLong("Retry-After")
                  .orElse(response.statusCode() == 429 ? 1 : 0)));
    }
    return body.path("data");
  }

  /** The error envelope's message with its field details: {@code Invalid input: duration …}. */
  static String errorMessage(int status, JsonNode body) {
    JsonNode error = body.path("error");
    String message = error.path("message").asString("");
    if (message.isEmpty()) {
      message = "HTTP " + status;
    }
    String details =
        error
            .path("details")
            .valueStream()
            .map(d -> d.path("field").asString("") + " " + d.path("message").asString(""))
            .map(String::strip)
            .collect(Collectors.joining("; "));
    return details.isEmpty() ? message : message + ": " + details;
  }

  /** A run's status from {@code GET /pipelines/{id}}'s data. */
  static RunStatus view(JsonNode data) {
    return new RunStatus(
        data.path("id").asString(),
        "",
        data.path("topic").asString(""),
        RunState.from(data.path("status").asString()),
        data.path("stage").isString()
            ? Stage.valueOf(data.path("stage").asString().toUpperCase(Locale.ROOT))
            : Stage.QUEUED,
        data.path("progress").asInt(0),
        data.path("message").isString() ? data.path("message").asString() : null,
        null,
        data.path("output_url").isString() ? data.path("output_url").asString() : null,
        instant(data.path("created_at")),
        instant(data.path("updated_at")));
  }

  /** The API's render ({@code RenderStatusView}) as the CLI prints it. */
  static RenderView renderView(JsonNode data) {
    return new RenderView(
        data.path("id").asString(),
        data.path("run_id").asString(""),
        data.path("timeline_id").asString(""),
        RenderState.from(data.path("status").asString()),
        data.path("progress").asInt(0),
        data.path("preset").asString(""),
        data.path("chunks_done").asInt(0),
        data.path("chunks_started").asInt(0),
        text(data.path("output_url")),
        text(data.path("poster_url")),
        text(data.path("error")),
        text(data.path("callback_url")),
        instant(data.path("created_at")),
        data.path("started_at").isString() ? instant(data.path("started_at")) : null,
        data.path("completed_at").isString() ? instant(data.path("completed_at")) : null);
  }

  private static @Nullable String text(JsonNode node) {
    return node.isString() ? node.asString() : null;
  }

  private static Instant instant(JsonNode node) {
    return node.isString() ? Instant.parse(node.asString()) : Instant.EPOCH;
  }

  private static String encode(String segment) {
    return java.net.URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}

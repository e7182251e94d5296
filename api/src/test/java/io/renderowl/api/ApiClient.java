package io.renderowl.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the API under test; every answer is parsed as JSON. */
final class ApiClient {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI base;

  ApiClient(int port) {
    this.base = URI.create("http://localhost:" + port);
  }

  /** {@code headers} are name/value pairs. */
  Reply post(String path, String body, String... headers) {
    return send("POST", path, HttpRequest.BodyPublishers.ofString(body), headers);
  }

  Reply get(String path, String... headers) {
    return send("GET", path, HttpRequest.BodyPublishers.noBody(), headers);
  }

  Reply send(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).method(method, body);
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String text = response.body();
      boolean json =
          response
              .headers()
              .firstValue("Content-Type")
              .map(type -> type.contains("json"))
              .orElse(true);
      // A YAML or HTML answer (the OpenAPI documents, the docs page) has no JSON tree.
      return new Reply(
          response.statusCode(),
          response.headers(),
          json ? JSON.readTree(text) : tools.jackson.databind.node.MissingNode.getInstance(),
          text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  record Reply(int status, HttpHeaders headers, JsonNode json, String body) {

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    String text(String pointer) {
      return json.at(pointer).asString();
    }

    /** The message of the error detail about {@code field}. */
    String detailFor(String field) {
      return json.at("/error/details")
          .valueStream()
          .filter(d -> field.equals(d.at("/field").asString()))
          .map(d -> d.at("/message").asString())
          .findFirst()
          .orElseThrow(
              () -> new AssertionError("no error detail for field " + field + " in " + body));
    }
  }

  /** A fresh Idempotency-Key. */
  static String uniqueKey() {
    return java.util.UUID.randomUUID().toString();
  }
}

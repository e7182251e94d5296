package io.renderowl.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.api.ApiClient.Reply;
import io.renderowl.infra.users.Role;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Isolation, proven on every registered endpoint: a second user tries every endpoint that takes an
 * id with every id the first user owns and gets 404 (never 2xx, a 403 that reveals existence, or a
 * 5xx); list endpoints never show the first user's ids; the first user's things are unchanged
 * afterwards. The endpoints come from Spring's {@link RequestMappingHandlerMapping}, so the test
 * FAILS when an endpoint is registered that the tables below do not cover.
 *
 * <p>To cover a new endpoint: a pattern with a path variable goes into {@link #ID_KIND_OF_PATTERN}
 * (which kind of owned id it takes), and a new kind gets a fixture in {@link #ownerIds} that
 * creates one for the owner; a pattern without one goes into {@link #WITHOUT_OWNED_IDS} (saying why
 * it cannot reach another user's rows); admin-only endpoints go into {@link #ADMIN_ONLY}.
 */
class IsolationMatrixSystemTest extends AccountsStack {

  private static final Logger log = LoggerFactory.getLogger(IsolationMatrixSystemTest.class);

  /** "METHOD pattern" of endpoints taking an owned id -> the kind of id their variable names. */
  static final Map<String, String> ID_KIND_OF_PATTERN =
      Map.ofEntries(
          Map.entry("GET /api/v1/pipelines/{id}", "run"),
          Map.entry("GET /api/v1/batch/{id}", "batch"),
          Map.entry("POST /api/v1/batch/{id}/resume", "batch"),
          Map.entry("GET /api/v1/channels/{id}", "channel"),
          Map.entry("POST /api/v1/channels/{id}/pause", "channel"),
          Map.entry("POST /api/v1/channels/{id}/resume", "channel"),
          Map.entry("POST /api/v1/channels/{id}/run", "channel"),
          Map.entry("DELETE /api/v1/channels/{id}", "channel"),
          Map.entry("DELETE /api/v1/user/api-keys/{id}", "api_key"));

  /** "METHOD pattern" of endpoints only admins reach (users get 403 whatever the id). */
  static final Set<String> ADMIN_ONLY = Set.of("GET /api/v1/jobs", "POST /api/v1/jobs/{name}/run");

  /**
   * "METHOD pattern" of endpoints without an owned id: they create the caller's own things, show
   * the caller's own rows (the GETs are checked for foreign ids), compute without storing, or sign
   * in.
   */
  static final Set<String> WITHOUT_OWNED_IDS =
      Set.of(
          "POST /api/v1/pipelines",
          "POST /api/v1/batch",
          "GET /api/v1/channels",
          "POST /api/v1/channels",
          "GET /api/v1/ai/script-styles",
          "GET /api/v1/ai/voices",
          "GET /api/v1/ai/image-sources",
          "POST /api/v1/ai/script",
          "POST /api/v1/ai/script/enhance",
          "POST /api/v1/ai/scenes",
          "POST /api/v1/ai/voice",
          "GET /api/v1/user",
          "PATCH /api/v1/user",
          "GET /api/v1/user/api-keys",
          "POST /api/v1/user/api-keys",
          "POST /api/v1/auth/login",
          "POST /api/v1/auth/refresh",
          "POST /api/v1/auth/logout",
          "GET /.well-known/jwks.json");

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mapping;

  @Test
  void aSecondUserReachesNothingOfTheFirstThroughAnyEndpoint() {
    TestUser owner = newUser("owner", Role.USER);
    TestUser intruder = newUser("intruder", Role.USER);
    Map<String, List<String>> owned = ownerIds(owner);
    List<String> everyOwnedId = owned.values().stream().flatMap(List::stream).toList();
    Set<String> endpoints = registeredEndpoints();

    Set<String> uncovered = new TreeSet<>(endpoints);
    uncovered.removeAll(ID_KIND_OF_PATTERN.keySet());
    uncovered.removeAll(ADMIN_ONLY);
    uncovered.removeAll(WITHOUT_OWNED_IDS);
    assertThat(uncovered)
        .as(
            "endpoints missing from the isolation matrix: add each to ID_KIND_OF_PATTERN (with an"
                + " owner fixture), ADMIN_ONLY or WITHOUT_OWNED_IDS")
        .isEmpty();
    assertThat(owned.keySet()).containsAll(ID_KIND_OF_PATTERN.values());

    List<String> leaks = new ArrayList<>();
    int tries = 0;
    int endpointsWithIds = 0;
    for (String endpoint : endpoints) {
      String method = endpoint.substring(0, endpoint.indexOf(' '));
      String pattern = endpoint.substring(endpoint.indexOf(' ') + 1);
      boolean adminOnly = ADMIN_ONLY.contains(endpoint);
      if (!pattern.contains("{")) {
        if (method.equals("GET") && !adminOnly) {
          Reply list = send(method, pattern, intruder);
          tries++;
          for (String id : everyOwnedId) {
            if (list.body().contains(id)) {
              leaks.add(endpoint + " lists the owner's " + id);
            }
          }
          if (list.status() >= 500) {
            leaks.add(endpoint + " answered " + list.status());
          }
        } else if (adminOnly) {
          tries++;
          expect(leaks, endpoint, send(method, pattern, intruder), 403);
        }
        continue;
      }
      endpointsWithIds++;
      for (String id : everyOwnedId) {
        String path = pattern.replaceAll("\\{[^}]+}", id);
        tries++;
        expect(
            leaks, endpoint + " with " + id, send(method, path, intruder), adminOnly ? 403 : 404);
      }
    }
    log.info(
        "Isolation matrix: {} endpoints with ids x {} owned ids, {} requests in all over {}"
            + " registered endpoints",
        endpointsWithIds,
        everyOwnedId.size(),
        tries,
        endpoints.size());
    assertThat(leaks).as("isolation failures").isEmpty();

    // Nothing of the owner's changed.
    assertThat(
            send("GET", "/api/v1/channels/" + owned.get("channel").getFirst(), owner)
                .text("/data/is_active"))
        .isEqualTo("true");
    assertThat(send("GET", "/api/v1/pipelines/" + owned.get("run").getFirst(), owner).status())
        .isEqualTo(200);
    assertThat(send("GET", "/api/v1/batch/" + owned.get("batch").getFirst(), owner).status())
        .isEqualTo(200);
    Reply keys = send("GET", "/api/v1/user/api-keys", owner);
    assertThat(keys.body()).contains(owned.get("api_key").getFirst());
    assertThat(keys.json().at("/data/0/active").asBoolean()).isTrue();
  }

  /**
   * The owner's ids by kind, each created through the API (or the accounts service for keys). Add a
   * kind here when an endpoint with a new kind of id is registered.
   */
  private Map<String, List<String>> ownerIds(TestUser owner) {
    Map<String, List<String>> ids = new LinkedHashMap<>();
    Reply run =
        api.post(
            "/api/v1/pipelines",
            "{\"topic\":\"Isolation of owls\",\"duration\":10}",
            withKey(owner, "Idempotency-Key", ApiClient.uniqueKey()));
    assertThat(run.status()).as(run.body()).isEqualTo(202);
    ids.put("run", List.of(run.text("/data/id")));

    Reply batch =
        api.post(
            "/api/v1/batch",
            "{\"name\":\"iso\",\"items\":[{\"topic\":\"Tides\",\"duration\":12}]}",
            owner.auth());
    assertThat(batch.status()).as(batch.body()).isEqualTo(202);
    String statusUrl = batch.text("/data/status_url");
    ids.put("batch", List.of(statusUrl.substring(statusUrl.lastIndexOf('/') + 1)));

    Reply channel =
        api.post(
            "/api/v1/channels",
            "{\"name\":\"Iso channel\",\"cron_expr\":\"0 9 * * *\",\"topic_source\":\"list\","
                + "\"topics\":[\"One\"],\"duration\":12}",
            owner.auth());
    assertThat(channel.status()).as(channel.body()).isEqualTo(201);
    ids.put("channel", List.of(channel.text("/data/id")));

    ids.put(
        "api_key", List.of(accounts.createApiKey(owner.id(), "second key").key().id().toString()));
    return ids;
  }

  /** Every "METHOD pattern" registered under /api/v1 and /.well-known. */
  private Set<String> registeredEndpoints() {
    Set<String> endpoints = new TreeSet<>();
    for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
      Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
      for (String pattern : info.getPatternValues()) {
        if (!pattern.startsWith("/api/") && !pattern.startsWith("/.well-known/")) {
          continue;
        }
        if (methods.isEmpty()) {
          endpoints.add("ANY " + pattern);
        }
        for (RequestMethod m : methods) {
          endpoints.add(m.name() + " " + pattern);
        }
      }
    }
    return endpoints;
  }

  private Reply send(String method, String path, TestUser user) {
    HttpRequest.BodyPublisher body =
        method.equals("GET") || method.equals("DELETE")
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString("{}");
    return api.send(method, path, body, user.auth());
  }

  private static void expect(List<String> failures, String what, Reply reply, int status) {
    if (reply.status() != status) {
      failures.add(
          what + " answered " + reply.status() + " (expected " + status + "): " + reply.body());
    }
  }

  private static String[] withKey(TestUser user, String... more) {
    String[] auth = user.auth();
    String[] all = new String[auth.length + more.length];
    System.arraycopy(auth, 0, all, 0, auth.length);
    System.arraycopy(more, 0, all, auth.length, more.length);
    return all;
  }
}

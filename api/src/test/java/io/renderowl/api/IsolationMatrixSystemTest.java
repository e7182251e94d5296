package io.renderowl.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.api.ApiClient.Reply;
import io.renderowl.infra.credits.Credits;
import io.renderowl.infra.users.Role;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
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
          Map.entry("GET /api/v1/batch/{id}/skipped.csv", "batch"),
          Map.entry("GET /api/v1/channels/{id}", "channel"),
          Map.entry("PATCH /api/v1/channels/{id}", "channel"),
          Map.entry("POST /api/v1/channels/{id}/pause", "channel"),
          Map.entry("POST /api/v1/channels/{id}/resume", "channel"),
          Map.entry("POST /api/v1/channels/{id}/run", "channel"),
          Map.entry("DELETE /api/v1/channels/{id}", "channel"),
          Map.entry("DELETE /api/v1/user/api-keys/{id}", "api_key"),
          Map.entry("GET /api/v1/timelines/{id}", "timeline"),
          Map.entry("PUT /api/v1/timelines/{id}", "timeline"),
          Map.entry("DELETE /api/v1/timelines/{id}", "timeline"),
          Map.entry("GET /api/v1/timelines/{id}/tracks", "timeline"),
          Map.entry("POST /api/v1/timelines/{id}/tracks", "timeline"),
          Map.entry("GET /api/v1/timelines/{id}/clips", "timeline"),
          Map.entry("POST /api/v1/timelines/{id}/clips", "timeline"),
          Map.entry("PUT /api/v1/tracks/{id}", "track"),
          Map.entry("DELETE /api/v1/tracks/{id}", "track"),
          Map.entry("PUT /api/v1/clips/{id}", "clip"),
          Map.entry("DELETE /api/v1/clips/{id}", "clip"),
          Map.entry("GET /api/v1/render/{id}", "render"),
          Map.entry("DELETE /api/v1/social/accounts/{id}", "social_account"),
          Map.entry("DELETE /api/v1/social/scheduled/{id}", "scheduled_post"),
          Map.entry("DELETE /api/v1/render/{id}", "render"),
          Map.entry("GET /api/v1/templates/{id}", "template"),
          Map.entry("PUT /api/v1/templates/{id}", "template"),
          Map.entry("DELETE /api/v1/templates/{id}", "template"),
          Map.entry("POST /api/v1/templates/{id}/use", "template"),
          Map.entry("POST /api/v1/templates/{id}/instantiate", "template"),
          // The video id is a render id. The owner's render has no publications here (those come
          // only from a real publish), so the owner would get 404 too: this row proves no more
          // than that another user's render id answers 404.
          Map.entry("GET /api/v1/analytics/videos/{id}", "render"),
          Map.entry("GET /api/v1/webhooks/deliveries/{id}", "webhook_delivery"));

  /** "METHOD pattern" of endpoints only admins reach (users get 403 whatever the id). */
  static final Set<String> ADMIN_ONLY =
      Set.of(
          "GET /api/v1/jobs",
          "POST /api/v1/jobs/{name}/run",
          // Operator views of every user's accounts, runs and renders (each read audited).
          "GET /api/v1/admin/users",
          "GET /api/v1/admin/runs",
          "GET /api/v1/admin/renders");

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
          "GET /.well-known/jwks.json",
          // Timelines and projects: create the caller's own, or list the caller's own rows.
          "GET /api/v1/timelines",
          "POST /api/v1/timelines",
          "GET /api/v1/projects",
          "POST /api/v1/projects",
          // Renders: start one of the caller's timelines (a foreign timeline_id is not found), or
          // list the caller's own.
          "POST /api/v1/render",
          "GET /api/v1/render",
          // The render presets: a fixed catalogue, nobody's rows.
          "GET /api/v1/render/presets",
          // Templates: the built-ins, public ones and the caller's own (foreign private ones are
          // checked absent from the list), or create the caller's own.
          "GET /api/v1/templates",
          "POST /api/v1/templates",
          // Completion callbacks as delivered: the caller's own (scoped in SQL).
          "GET /api/v1/webhooks/deliveries",
          // {platform} names a platform, not an owned row; still tried with every owned id (404).
          "GET /api/v1/social/auth/{platform}",
          "POST /api/v1/social/callback/{platform}",
          "GET /api/v1/social/accounts",
          // The caller's own runs and accounts; a foreign run_id or account_id is not found.
          "POST /api/v1/social/crosspost",
          "POST /api/v1/social/schedule",
          "GET /api/v1/social/scheduled",
          "GET /api/v1/analytics/dashboard",
          "GET /api/v1/analytics/videos",
          // Credits: the caller's own balance, ledger and checkout; the price list is public.
          "GET /api/v1/credits/balance",
          "GET /api/v1/credits/transactions",
          "GET /api/v1/credits/prices",
          "POST /api/v1/credits/purchase",
          // Stripe's webhook: unauthenticated, accepted only with a valid Stripe-Signature; it
          // takes no id from the caller.
          "POST /api/v1/credits/webhook",
          // The OpenAPI contract and its UI (springdoc): unauthenticated, no user data.
          "GET /api/v1/docs",
          "GET /api/v1/openapi.json",
          "GET /api/v1/openapi.json.yaml",
          "GET /api/v1/openapi.json/swagger-config");

  @Autowired Credits credits;
  @Autowired DataSource dataSource;

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
            leaks,
            endpoint + " with " + id,
            send(method, endpoint, path, intruder, owned.get("track").getFirst()),
            adminOnly ? 403 : 404);
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
    Reply timeline = send("GET", "/api/v1/timelines/" + owned.get("timeline").getFirst(), owner);
    assertThat(timeline.status()).isEqualTo(200);
    assertThat(timeline.header("ETag")).isEqualTo("\"v1\"");
    assertThat(timeline.text("/data/tracks/0/clips/0/content/text"))
        .isEqualTo("Owls keep to themselves");
    Reply template = send("GET", "/api/v1/templates/" + owned.get("template").getFirst(), owner);
    assertThat(template.status()).isEqualTo(200);
    assertThat(template.header("ETag")).isEqualTo("\"v1\"");
    Reply render = send("GET", "/api/v1/render/" + owned.get("render").getFirst(), owner);
    assertThat(render.status()).isEqualTo(200);
    assertThat(render.text("/data/status")).isNotEqualTo("cancelled");
    assertThat(send("GET", "/api/v1/social/accounts", owner).body())
        .contains(owned.get("social_account").getFirst());
    Reply scheduled = send("GET", "/api/v1/social/scheduled", owner);
    assertThat(scheduled.body()).contains(owned.get("scheduled_post").getFirst());
    assertThat(scheduled.text("/data/0/state")).isEqualTo("scheduled");
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
    // A registered account starts with no credits, and runs and renders reserve theirs: the owner
    // gets a grant, as an admin gives one with owl.
    assertThat(credits.grant(owner.id(), 1000, "isolation matrix", "iso-" + owner.id())).isTrue();
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

    Reply timeline = api.post("/api/v1/timelines", TIMELINE, owner.auth());
    assertThat(timeline.status()).as(timeline.body()).isEqualTo(201);
    ids.put("timeline", List.of(timeline.text("/data/id")));
    ids.put("track", List.of(timeline.text("/data/tracks/0/id")));
    ids.put("clip", List.of(timeline.text("/data/tracks/0/clips/0/id")));

    Reply render =
        api.post(
            "/api/v1/render",
            "{\"timeline_id\":\"" + timeline.text("/data/id") + "\",\"preset\":\"preview\"}",
            owner.auth());
    assertThat(render.status()).as(render.body()).isEqualTo(202);
    ids.put("render", List.of(render.text("/data/id")));

    Reply template = api.post("/api/v1/templates", TEMPLATE, owner.auth());
    assertThat(template.status()).as(template.body()).isEqualTo(201);
    ids.put("template", List.of(template.text("/data/id")));

    // An X account, connected through the API against AccountsStack's stub of X's OAuth endpoints.
    Reply authorize = api.get("/api/v1/social/auth/x", owner.auth());
    assertThat(authorize.status()).as(authorize.body()).isEqualTo(200);
    Reply connected =
        api.post(
            "/api/v1/social/callback/x",
            "{\"code\":\"iso-code\",\"state\":\"" + authorize.text("/data/state") + "\"}",
            owner.auth());
    assertThat(connected.status()).as(connected.body()).isEqualTo(200);
    ids.put("social_account", List.of(connected.text("/data/id")));

    ids.put(
        "scheduled_post",
        List.of(scheduledPost(owner, run.text("/data/id"), connected.text("/data/id")).toString()));

    ids.put("webhook_delivery", List.of(webhookDelivery(owner, run.text("/data/id"))));
    return ids;
  }

  /**
   * A post of the owner's run on its X account, scheduled for tomorrow, as the publishing workflow
   * records it when it starts waiting for its time: a publications row in state scheduled with its
   * render. Written here because this stack's instant stages render no video and post nowhere
   * (SocialPostsSystemTest schedules through the API against platform stubs).
   */
  private UUID scheduledPost(TestUser owner, String runId, String accountId) {
    JdbcClient jdbc = JdbcClient.create(dataSource);
    UUID render =
        jdbc.sql(
                "INSERT INTO renders (user_id, preset, status, run_id) VALUES (:u, 'preview',"
                    + " 'completed', :r) ON CONFLICT (run_id) DO UPDATE SET status = 'completed'"
                    + " RETURNING id")
            .param("u", owner.id())
            .param("r", runId)
            .query(UUID.class)
            .single();
    return jdbc.sql(
            """
            INSERT INTO publications (run_id, user_id, render_id, platform, social_account_id,
              status, publish_at, workflow_id)
            VALUES (:r, :u, :v, 'x', :a, 'scheduled', NOW() + INTERVAL '1 day', :w)
            RETURNING id
            """)
        .param("r", runId)
        .param("u", owner.id())
        .param("v", render)
        .param("a", UUID.fromString(accountId))
        .param("w", runId + "-publish-" + accountId)
        .query(UUID.class)
        .single();
  }

  /**
   * A completion callback of the owner's run, recorded as the delivery activity records an attempt
   * (this stack's runs have no callback URL).
   */
  private String webhookDelivery(TestUser owner, String runId) {
    String deliveryId = runId + ":completed";
    JdbcClient.create(dataSource)
        .sql(
            """
            INSERT INTO webhook_deliveries (delivery_id, user_id, subject_type, subject_id,
              event_status, target, attempt, status_code, outcome, error, duration_ms)
            VALUES (:d, :u, 'run', :r, 'completed', 'https://hooks.example.com', 1, 204,
              'delivered', NULL, 12)
            """)
        .param("d", deliveryId)
        .param("u", owner.id())
        .param("r", runId)
        .update();
    return deliveryId;
  }

  /** The owner's timeline: one text track with one clip. */
  private static final String TIMELINE =
      """
      {"name": "Iso timeline", "resolution": "320x240", "fps": 10, "duration": 2,
       "tracks": [{"name": "Captions", "type": "text", "order": 0,
                   "clips": [{"type": "text", "start_time": 0, "duration": 2,
                              "content": {"text": "Owls keep to themselves"}}]}]}
      """;

  /** The owner's private template: the timeline above with its text as a merge field. */
  private static final String TEMPLATE =
      """
      {"name": "Iso template", "fields": [{"name": "text", "type": "text", "required": true}],
       "structure": {"name": "Iso", "resolution": "320x240", "fps": 10, "duration": 2,
                     "tracks": [{"id": "t", "name": "Captions", "type": "text", "order": 0,
                                 "clips": [{"id": "c", "type": "text", "start_time": 0,
                                            "duration": 2, "content": {"text": "{{text}}"}}]}]}}
      """;

  /**
   * Bodies the owner could send with success, so that the intruder's request passes validation and
   * reaches the ownership check (a bare "{}" would stop at 400 before the id is looked up). The
   * clip's track_id is filled in with the owner's track.
   */
  private static final Map<String, String> BODY_OF_PATTERN =
      Map.of(
          "PUT /api/v1/timelines/{id}",
          TIMELINE,
          "POST /api/v1/timelines/{id}/tracks",
          "{\"name\": \"Music\", \"type\": \"audio\", \"order\": 1}",
          "PUT /api/v1/tracks/{id}",
          "{\"name\": \"Renamed\", \"type\": \"text\", \"order\": 0}",
          "POST /api/v1/timelines/{id}/clips",
          "{\"track_id\": \"%TRACK%\", \"type\": \"text\", \"start_time\": 0,"
              + " \"duration\": 1, \"content\": {\"text\": \"Intruder\"}}",
          "PUT /api/v1/templates/{id}",
          TEMPLATE,
          "POST /api/v1/templates/{id}/use",
          "{\"merge\": {\"text\": \"Intruder\"}}",
          "POST /api/v1/templates/{id}/instantiate",
          "{\"merge\": {\"text\": \"Intruder\"}}",
          "PUT /api/v1/clips/{id}",
          "{\"type\": \"text\", \"start_time\": 0, \"duration\": 1,"
              + " \"content\": {\"text\": \"Intruder\"}}");

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
    return send(method, path, path, user, "");
  }

  /**
   * The request for {@code endpoint}'s pattern: its body from {@link #BODY_OF_PATTERN} ("{}" for
   * other POST, PUT and PATCH), and on PUT and DELETE an If-Match naming the owner's current
   * version ("v1"), so that a timeline edit is not refused with 428 before the id is looked up.
   */
  private Reply send(String method, String endpoint, String path, TestUser user, String trackId) {
    String text = BODY_OF_PATTERN.getOrDefault(endpoint, "{}").replace("%TRACK%", trackId);
    HttpRequest.BodyPublisher body =
        method.equals("GET") || method.equals("DELETE")
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(text);
    String[] headers =
        method.equals("PUT") || method.equals("DELETE")
            ? withKey(user, "If-Match", "\"v1\"")
            : user.auth();
    return api.send(method, path, body, headers);
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

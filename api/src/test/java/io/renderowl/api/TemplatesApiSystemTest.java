package io.renderowl.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.renderowl.api.ApiClient.Reply;
import io.renderowl.apisystem.EngineApiTestApplication;
import io.renderowl.infra.persistence.UserRepository;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.infra.users.LocalUser;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Templates over HTTP on the real engine: the built-ins are listed and read with their posters,
 * used with merge values (bad values named one by one), rendered; a user saves templates of their
 * own, edits them with ETags, and another user neither sees nor changes them.
 */
@Tag("system")
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(
    classes = EngineApiTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class TemplatesApiSystemTest {

  private static final String TOKEN = "owl_templates-test-dev-key";
  private static final String OTHER_TOKEN = "owl_templates-test-other-key";

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    EngineApiTestApplication.properties(registry);
  }

  @LocalServerPort int port;
  @Autowired UserRepository users;
  @Autowired LocalUser localUser;
  @Autowired ObjectStore store;
  @TempDir Path dir;
  ApiClient api;

  @BeforeEach
  void connect() {
    api = new ApiClient(port);
    users.ensureApiToken(localUser.id(), "templates test dev key", TOKEN);
    UUID other =
        users.ensureUser(
            "templates-test:other",
            "other-tmpl@renderowl.test",
            "Other",
            LocalUser.STARTING_CREDITS);
    users.ensureApiToken(other, "templates test token", OTHER_TOKEN);
  }

  @Test
  void builtInTemplatesAreListedWithPostersAndUsedWithMergeValues() throws Exception {
    Reply all = get("/api/v1/templates?limit=100", TOKEN);
    assertThat(all.status()).as(all.body()).isEqualTo(200);
    assertThat(all.json().at("/pagination/total").asLong()).isGreaterThanOrEqualTo(5);
    List<String> keys = new ArrayList<>();
    all.json().get("data").forEach(t -> keys.add(t.path("built_in_key").asString()));
    assertThat(keys)
        .contains(
            "vertical-captions",
            "explainer-16x9",
            "quote-card",
            "listicle-9x16",
            "news-brief-16x9");
    assertThat(get("/api/v1/templates?limit=101", TOKEN).status()).isEqualTo(400);

    Reply quotes = get("/api/v1/templates?category=quote", TOKEN);
    assertThat(quotes.json().at("/pagination/total").asLong()).isEqualTo(1);
    String quoteId = quotes.text("/data/0/id");

    Reply quote = get("/api/v1/templates/" + quoteId, TOKEN);
    assertThat(quote.status()).as(quote.body()).isEqualTo(200);
    assertThat(quote.header("ETag")).isNotBlank();
    assertThat(quote.text("/data/resolution")).isEqualTo("1080x1080");
    assertThat(quote.json().at("/data/built_in").asBoolean()).isTrue();
    assertThat(quote.json().at("/data/structure/tracks").size()).isEqualTo(2);
    // The poster: drawn once by the render engine, a JPEG of the template's frame size.
    String posterUrl = quote.text("/data/poster_url");
    assertThat(posterUrl).contains("X-Amz-Signature=");
    BufferedImage poster = ImageIO.read(new java.io.ByteArrayInputStream(download(posterUrl)));
    assertThat(poster.getWidth()).isEqualTo(1080);
    assertThat(poster.getHeight()).isEqualTo(1080);
    assertThat(get("/api/v1/templates/quote-card", TOKEN).text("/data/poster_url"))
        .as("the poster is cached by content hash")
        .contains(quote.text("/data/poster_url").substring(0, posterUrl.indexOf('?')));

    // Missing, unknown and mistyped fields: one detail each, nothing is created.
    Reply bad =
        post(
            "/api/v1/templates/" + quoteId + "/instantiate",
            "{\"merge\": {\"quote\": \"Hoot\", \"colour\": \"red\", \"duration\": \"long\"}}",
            TOKEN);
    assertThat(bad.status()).as(bad.body()).isEqualTo(400);
    assertThat(fields(bad))
        .containsExactlyInAnyOrder("merge.colour", "merge.author", "merge.duration");
    long timelinesBefore = get("/api/v1/timelines", TOKEN).json().at("/pagination/total").asLong();

    Reply used =
        post(
            "/api/v1/templates/" + quoteId + "/use",
            """
            {"merge": {"quote": "The owl sees in the dark", "author": "A. Owl", "duration": 2,
                       "background": "#203040"},
             "render": true, "preset": "preview"}
            """,
            TOKEN);
    assertThat(used.status()).as(used.body()).isEqualTo(201);
    assertThat(used.text("/data/timeline/name")).isEqualTo("Quote by A. Owl");
    assertThat(used.text("/data/timeline/background_color")).isEqualTo("#203040");
    assertThat(used.json().at("/data/timeline/duration").asDouble()).isEqualTo(2.0);
    assertThat(used.text("/data/timeline/tracks/0/clips/0/content/text"))
        .isEqualTo("\u201cThe owl sees in the dark\u201d");
    assertThat(get("/api/v1/timelines", TOKEN).json().at("/pagination/total").asLong())
        .isEqualTo(timelinesBefore + 1);
    String renderId = used.text("/data/render/id");
    Reply done =
        await()
            .atMost(Duration.ofMinutes(4))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> get("/api/v1/render/" + renderId, TOKEN),
                r ->
                    Arrays.asList("completed", "failed", "cancelled")
                        .contains(r.text("/data/status")));
    assertThat(done.text("/data/status")).as(done.body()).isEqualTo("completed");

    // Media fields take objects of this server's storage.
    String[] pictures = new String[3];
    for (int i = 0; i < 3; i++) {
      Path png = dir.resolve("p" + i + ".png");
      ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
      pictures[i] = store.put("template-test/p" + i + ".png", png, "image/png");
    }
    Reply vertical =
        post(
            "/api/v1/templates/vertical-captions/instantiate",
            """
            {"merge": {"title": "Owls", "scene.1.text": "One", "scene.1.image": "%s",
                       "scene.2.text": "Two", "scene.2.image": "%s",
                       "scene.3.text": "Three", "scene.3.image": "%s"}}
            """
                .formatted(pictures[0], pictures[1], pictures[2]),
            TOKEN);
    assertThat(vertical.status()).as(vertical.body()).isEqualTo(201);
    assertThat(vertical.text("/data/timeline/resolution")).isEqualTo("1080x1920");
    assertThat(vertical.text("/data/timeline/tracks/0/clips/2/source_url")).isEqualTo(pictures[2]);
    assertThat(vertical.text("/data/timeline/tracks/1/clips/0/content/color")).isEqualTo("#ffffff");
    Reply outside =
        post(
            "/api/v1/templates/news-brief-16x9/use",
            "{\"merge\": {\"headline\": \"H\", \"summary\": \"S\", \"image\": \"/etc/passwd\"}}",
            TOKEN);
    assertThat(outside.status()).as(outside.body()).isEqualTo(400);
    assertThat(outside.body()).contains("source_url must be an object of this server's storage");

    // Built-ins are read-only.
    String etag = quote.header("ETag");
    assertThat(send("PUT", "/api/v1/templates/" + quoteId, OWN, TOKEN, "If-Match", etag).status())
        .isEqualTo(403);
    Reply refused = send("DELETE", "/api/v1/templates/" + quoteId, "", TOKEN, "If-Match", etag);
    assertThat(refused.status()).as(refused.body()).isEqualTo(403);
    assertThat(refused.text("/error/code")).isEqualTo("TEMPLATE_READ_ONLY");
  }

  /** A user's template: a title card whose text, colour and length are fields. */
  private static final String OWN =
      """
      {"name": "My title card", "category": "mine",
       "fields": [{"name": "title", "type": "text", "required": true},
                  {"name": "seconds", "type": "number", "default": 3},
                  {"name": "bg", "type": "color", "default": "#112233"}],
       "structure": {"name": "{{title}}", "resolution": "640x360", "fps": 10,
                     "background_color": "{{bg}}", "duration": "{{seconds}}",
                     "tracks": [{"id": "t", "name": "Title", "type": "text", "order": 0,
                                 "clips": [{"id": "c", "type": "text", "start_time": 0,
                                            "duration": "{{seconds}}",
                                            "content": {"text": "{{title}}"}}]}]}}
      """;

  @Test
  void usersOwnTemplatesAreTheirsAlone() throws Exception {
    Reply invalid =
        post(
            "/api/v1/templates",
            """
            {"name": "Broken", "fields": [{"name": "title", "type": "text", "required": true}],
             "structure": {"name": "{{title}} {{subtitle}}", "resolution": "640x360", "duration": 2,
                           "tracks": [{"id": "t", "name": "T", "type": "sticker", "clips": []}]}}
            """,
            TOKEN);
    assertThat(invalid.status()).as(invalid.body()).isEqualTo(400);
    assertThat(invalid.body()).contains("{{subtitle}}");
    Reply wrongTrack =
        post(
            "/api/v1/templates",
            OWN.replace("\"type\": \"text\", \"order\"", "\"type\": \"sticker\", \"order\""),
            TOKEN);
    assertThat(wrongTrack.status()).as(wrongTrack.body()).isEqualTo(400);
    assertThat(fields(wrongTrack)).contains("structure.tracks.t");

    Reply created = post("/api/v1/templates", OWN, TOKEN);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.header("ETag")).isEqualTo("\"v1\"");
    String id = created.text("/data/id");
    assertThat(created.header("Location")).isEqualTo("/api/v1/templates/" + id);
    assertThat(created.json().at("/data/owned").asBoolean()).isTrue();
    assertThat(created.text("/data/poster_url")).contains("X-Amz-Signature=");

    // Another user: a private template does not exist for them.
    assertThat(get("/api/v1/templates/" + id, OTHER_TOKEN).status()).isEqualTo(404);
    assertThat(get("/api/v1/templates?limit=100", OTHER_TOKEN).body()).doesNotContain(id);
    assertThat(
            send("PUT", "/api/v1/templates/" + id, OWN, OTHER_TOKEN, "If-Match", "\"v1\"").status())
        .isEqualTo(404);
    assertThat(
            send("DELETE", "/api/v1/templates/" + id, "", OTHER_TOKEN, "If-Match", "\"v1\"")
                .status())
        .isEqualTo(404);
    assertThat(
            post("/api/v1/templates/" + id + "/use", "{\"merge\": {\"title\": \"x\"}}", OTHER_TOKEN)
                .status())
        .isEqualTo(404);

    // ETags: required, checked.
    String shared =
        OWN.replace("\"category\": \"mine\"", "\"category\": \"mine\", \"is_public\": true");
    assertThat(send("PUT", "/api/v1/templates/" + id, shared, TOKEN).status()).isEqualTo(428);
    assertThat(send("PUT", "/api/v1/templates/" + id, shared, TOKEN, "If-Match", "\"v9\"").status())
        .isEqualTo(412);
    Reply replaced = send("PUT", "/api/v1/templates/" + id, shared, TOKEN, "If-Match", "\"v1\"");
    assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
    assertThat(replaced.header("ETag")).isEqualTo("\"v2\"");

    // Public now: the other user reads and uses it, but cannot change it.
    assertThat(get("/api/v1/templates/" + id, OTHER_TOKEN).json().at("/data/owned").asBoolean())
        .isFalse();
    Reply theirs =
        post("/api/v1/templates/" + id + "/use", "{\"merge\": {\"title\": \"Hi\"}}", OTHER_TOKEN);
    assertThat(theirs.status()).as(theirs.body()).isEqualTo(201);
    assertThat(theirs.json().at("/data/timeline/duration").asDouble()).isEqualTo(3.0);
    assertThat(
            send("PUT", "/api/v1/templates/" + id, OWN, OTHER_TOKEN, "If-Match", "\"v2\"").status())
        .isEqualTo(403);

    // A timeline of the user's saved as a template.
    String timelineId = theirs.text("/data/timeline/id");
    Reply saved =
        post(
            "/api/v1/templates",
            "{\"name\": \"Saved\", \"timeline_id\": \"" + timelineId + "\"}",
            OTHER_TOKEN);
    assertThat(saved.status()).as(saved.body()).isEqualTo(201);
    assertThat(saved.json().at("/data/structure/tracks/0/clips/0/content/text").asString())
        .isEqualTo("Hi");
    assertThat(
            post(
                    "/api/v1/templates",
                    "{\"name\": \"Stolen\", \"timeline_id\": \"" + timelineId + "\"}",
                    TOKEN)
                .status())
        .isEqualTo(400);

    // Its posters (drawn when it was read) go with it; the built-ins' stay.
    String quotePoster = get("/api/v1/templates/quote-card", TOKEN).text("/data/poster_url");
    assertThat(store.list("templates/" + id + "/")).as("its posters before").isNotEmpty();
    Reply deleted = send("DELETE", "/api/v1/templates/" + id, "", TOKEN, "If-Match", "\"v2\"");
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
    assertThat(get("/api/v1/templates/" + id, TOKEN).status()).isEqualTo(404);
    assertThat(store.list("templates/" + id + "/")).as("its posters after").isEmpty();
    assertThat(download(quotePoster)).isNotEmpty();
  }

  private static List<String> fields(Reply reply) {
    List<String> fields = new ArrayList<>();
    for (JsonNode d : reply.json().at("/error/details")) {
      fields.add(d.path("field").asString());
    }
    return fields;
  }

  private static byte[] download(String url) throws Exception {
    HttpResponse<byte[]> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  private Reply get(String path, String token) {
    return api.get(path, "Authorization", "Bearer " + token);
  }

  private Reply post(String path, String body, String token) {
    return api.post(
        path, body, "Authorization", "Bearer " + token, "Content-Type", "application/json");
  }

  private Reply send(String method, String path, String body, String token, String... headers) {
    String[] all = {"Authorization", "Bearer " + token, "Content-Type", "application/json"};
    String[] with = Arrays.copyOf(all, all.length + headers.length);
    System.arraycopy(headers, 0, with, all.length, headers.length);
    return api.send(method, path, HttpRequest.BodyPublishers.ofString(body), with);
  }
}

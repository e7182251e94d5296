package io.renderowl.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.renderowl.api.ApiClient.Reply;
import io.renderowl.apisystem.EngineApiTestApplication;
import io.renderowl.infra.persistence.UserRepository;
import io.renderowl.infra.users.LocalUser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.FFmpegFrameGrabber;
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

/**
 * Render presets over HTTP on the real engine: the presets are listed, one 1280x720 timeline
 * rendered at {@code preview} and {@code sd} comes out at 640x360 and 854x480 with exactly the
 * timeline's frames (read back with FFmpeg), and an unknown preset is a 400 naming the valid ones
 * that starts nothing (a render, or a template's timeline).
 */
@Tag("system")
// EngineApiTestApplication's state folder is locked by one application at a time
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(
    classes = EngineApiTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RenderPresetsSystemTest {

  private static final String TOKEN = "owl_presets-test-dev-key";
  private static final Duration RENDER_LIMIT = Duration.ofMinutes(4);

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    EngineApiTestApplication.properties(registry);
  }

  @LocalServerPort int port;
  @Autowired UserRepository users;
  @Autowired LocalUser localUser;
  @TempDir Path work;
  ApiClient api;

  @BeforeEach
  void connect() {
    api = new ApiClient(port);
    users.ensureApiToken(localUser.id(), "presets test dev key", TOKEN);
  }

  @Test
  void thePresetsAreListedWithTheirSizeRulePriceAndExamples() {
    Reply presets = get("/api/v1/render/presets");
    assertThat(presets.status()).as(presets.body()).isEqualTo(200);
    assertThat(presets.json().at("/data").valueStream().map(p -> p.at("/name").asString()))
        .containsExactly("preview", "sd", "hd", "fhd", "original");
    assertThat(presets.json().at("/pagination/total").asLong()).isEqualTo(5);
    assertThat(presets.text("/data/1/aliases/0")).isEqualTo("480p");
    assertThat(presets.text("/data/2/examples/1920x1080")).isEqualTo("1280x720");
    assertThat(presets.text("/data/3/examples/1080x1920")).isEqualTo("1080x1920");
    assertThat(presets.text("/data/1/examples/1080x1920")).isEqualTo("480x854");
    assertThat(presets.text("/data/0/quality")).isEqualTo("preview");
    assertThat(presets.text("/data/0/price")).isEqualTo("preview");
    assertThat(presets.text("/data/3/price")).isEqualTo("full");
    assertThat(presets.json().at("/data/4/short_side").isNull()).isTrue();
  }

  @Test
  void aTimelineRendersAtTwoPresetsWithItsAspectAndExactlyItsFrames() throws Exception {
    // 1280x720 at 10 fps for 1.2 s: 12 frames
    Reply created = post("/api/v1/timelines", timeline("1280x720", 10, 1.2));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.text("/data/id");

    Reply preview =
        post("/api/v1/render", "{\"timeline_id\": \"" + id + "\", \"preset\": \"preview\"}");
    assertThat(preview.status()).as(preview.body()).isEqualTo(202);
    assertThat(preview.text("/data/preset")).isEqualTo("preview");
    Reply sd =
        post(
            "/api/v1/render",
            "{\"timeline_id\": \"" + id + "\", \"preset\": \"480P\", \"chunks\": 2}");
    assertThat(sd.status()).as(sd.body()).isEqualTo(202);
    assertThat(sd.text("/data/preset")).isEqualTo("sd");

    assertVideo(awaitCompleted(preview.text("/data/id")), 640, 360, 12);
    assertVideo(awaitCompleted(sd.text("/data/id")), 854, 480, 12);
  }

  @Test
  void anUnknownPresetIsRefusedNamingTheValidOnesAndStartsNothing() {
    Reply created = post("/api/v1/timelines", timeline("640x360", 10, 1));
    String id = created.text("/data/id");
    Reply refused = post("/api/v1/render", "{\"timeline_id\": \"" + id + "\", \"preset\": \"8k\"}");
    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    assertThat(refused.detailFor("preset"))
        .contains("preview", "sd (480p)", "hd (720p)", "fhd (1080p)", "'640x360'", "'8k'");
    assertThat(get("/api/v1/render?timeline_id=" + id).json().at("/pagination/total").asLong())
        .as("nothing was started")
        .isZero();

    long timelines = get("/api/v1/timelines").json().at("/pagination/total").asLong();
    Reply template =
        post(
            "/api/v1/templates/quote-card/use",
            "{\"merge\": {}, \"render\": true, \"preset\": \"ultra\"}");
    assertThat(template.status()).as(template.body()).isEqualTo(400);
    assertThat(template.detailFor("preset")).contains("fhd (1080p)", "'ultra'");
    assertThat(get("/api/v1/timelines").json().at("/pagination/total").asLong())
        .as("no timeline was stored")
        .isEqualTo(timelines);
  }

  private static String timeline(String resolution, int fps, double duration) {
    return """
    {"name": "Presets", "resolution": "%s", "fps": %d, "duration": %s,
     "tracks": [{"id": "captions", "name": "Captions", "type": "text", "order": 0,
                 "clips": [{"id": "c1", "type": "text", "start_time": 0, "duration": %s,
                            "content": {"text": "Owls at every size", "fontSize": 40}}]}]}
    """
        .formatted(resolution, fps, duration, duration);
  }

  private String awaitCompleted(String renderId) {
    Reply done =
        await()
            .atMost(RENDER_LIMIT)
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> get("/api/v1/render/" + renderId),
                r -> List.of("completed", "failed", "cancelled").contains(r.text("/data/status")));
    assertThat(done.text("/data/status")).as(done.body()).isEqualTo("completed");
    return done.text("/data/output_url");
  }

  /** Downloads the MP4 and reads its frame size and every frame with FFmpeg. */
  private void assertVideo(String url, int width, int height, int frames) throws Exception {
    HttpResponse<byte[]> video =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(video.statusCode()).isEqualTo(200);
    Path mp4 = Files.write(work.resolve(width + "x" + height + ".mp4"), video.body());
    int counted = 0;
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(mp4.toFile())) {
      grabber.start();
      assertThat(grabber.getImageWidth()).as("width").isEqualTo(width);
      assertThat(grabber.getImageHeight()).as("height").isEqualTo(height);
      while (grabber.grabImage() != null) {
        counted++;
      }
    }
    assertThat(counted).as("frames of the %dx%d render", width, height).isEqualTo(frames);
  }

  private Reply get(String path) {
    return api.get(path, "Authorization", "Bearer " + TOKEN);
  }

  private Reply post(String path, String body) {
    return api.post(
        path, body, "Authorization", "Bearer " + TOKEN, "Content-Type", "application/json");
  }
}

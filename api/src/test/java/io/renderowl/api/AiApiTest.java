package io.renderowl.api;

import static io.renderowl.api.InMemoryApiApplication.ALICE_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.api.ApiClient.Reply;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The /ai endpoints over the offline providers. */
@SpringBootTest(
    classes = InMemoryApiApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Timeout(value = 2, unit = TimeUnit.MINUTES) // starts the API on in-memory runs; seconds
class AiApiTest {
  @LocalServerPort int port;
  ApiClient api;

  @BeforeEach
  void connect() {
    api = new ApiClient(port);
  }

  Reply get(String path) {
    return api.get(path, "Authorization", "Bearer " + ALICE_TOKEN);
  }

  Reply post(String path, String body) {
    return api.post(
        path, body, "Authorization", "Bearer " + ALICE_TOKEN, "Content-Type", "application/json");
  }

  @Test
  void listsScriptStylesVoicesAndImageSources() {
    Reply styles = get("/api/v1/ai/script-styles");
    assertThat(styles.status()).isEqualTo(200);
    assertThat(styles.json().at("/data")).hasSize(5);
    assertThat(styles.text("/data/0/id")).isEqualTo("educational");
    assertThat(styles.text("/data/4/id")).isEqualTo("motivational");

    Reply voices = get("/api/v1/ai/voices");
    assertThat(voices.text("/data/0/id")).isEqualTo("en");
    assertThat(voices.text("/data/0/provider")).isEqualTo("offline:espeak-ng");

    Reply sources = get("/api/v1/ai/image-sources");
    assertThat(sources.json().at("/data")).hasSize(8);
    assertThat(sources.body())
        .contains("{\"id\":\"procedural\",\"kind\":\"offline\",\"enabled\":true}")
        .contains("{\"id\":\"pexels\",\"kind\":\"stock\",\"enabled\":false}");
  }

  @Test
  void writesAScriptThenScenesThenSpeech() {
    Reply script =
        post(
            "/api/v1/ai/script",
            "{\"topic\":\"Why owls fly silently\",\"style\":\"news\",\"durationSeconds\":20}");
    assertThat(script.status()).as(script.body()).isEqualTo(200);
    assertThat(script.json().at("/data/sentences").size()).isGreaterThan(2);

    Reply scenes =
        post(
            "/api/v1/ai/scenes",
            "{\"script\":" + script.json().at("/data") + ",\"durationSeconds\":20}");
    assertThat(scenes.status()).as(scenes.body()).isEqualTo(200);
    assertThat(scenes.json().at("/data/0/visualPrompt").asString()).isNotBlank();

    Reply voice =
        post(
            "/api/v1/ai/voice",
            "{\"text\":\"Owls fly <break time=\\\"300ms\\\"/> silently.\",\"voice\":\"en\"}");
    assertThat(voice.status()).as(voice.body()).isEqualTo(200);
    byte[] wav = Base64.getDecoder().decode(voice.text("/data/audioBase64"));
    assertThat(new String(wav, 0, 4)).isEqualTo("RIFF");
    assertThat(voice.json().at("/data/durationSeconds").asDouble()).isGreaterThan(0.5);
    assertThat(voice.json().at("/data/words")).hasSize(3);
    assertThat(voice.text("/data/timingSource")).isEqualTo("estimate");
  }

  @Test
  void badInputIsA400NamingTheProblem() {
    Reply style =
        post(
            "/api/v1/ai/script", "{\"topic\":\"Owls\",\"style\":\"haiku\",\"durationSeconds\":20}");
    assertThat(style.status()).isEqualTo(400);
    assertThat(style.body()).contains("style");

    Reply missing = post("/api/v1/ai/voice", "{\"voice\":\"en\"}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.body()).contains("\"field\":\"text\"");

    Reply enhance =
        post(
            "/api/v1/ai/script/enhance", "{\"script\":{\"title\":\"t\",\"sentences\":[\"One.\"]}}");
    assertThat(enhance.status()).isEqualTo(400);
    assertThat(enhance.body()).contains("RENDEROWL_SCRIPT_PROVIDER=openai");
  }

  @Test
  void aBadBodyIsOneValidationDetailPerField() {
    Reply blank =
        post(
            "/api/v1/ai/scenes",
            "{\"script\":{\"title\":\"t\",\"sentences\":[]},\"durationSeconds\":20}");
    assertThat(blank.status()).isEqualTo(400);
    assertThat(blank.text("/error/code")).isEqualTo("VALIDATION_ERROR");
    assertThat(blank.json().at("/error/details")).hasSize(1);
    assertThat(blank.detailFor("script"))
        .isEqualTo("needs a title and a non-empty list of sentences");

    Reply wrongType =
        post("/api/v1/ai/script", "{\"topic\":\"Owls\",\"durationSeconds\":\"long\"}");
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(wrongType.text("/error/code")).isEqualTo("VALIDATION_ERROR");
    assertThat(wrongType.detailFor("durationSeconds")).isEqualTo("has the wrong type");
  }
}

package io.renderowl.activities;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.renderowl.activities.provider.ProviderTestData;
import io.renderowl.infra.persistence.PipelineRunRepository;
import io.renderowl.infra.persistence.PipelineRunRow;
import io.renderowl.infra.persistence.ProviderUsageRepository;
import io.renderowl.infra.persistence.TimelineRepository;
import io.renderowl.infra.pipeline.PipelineRuns;
import io.renderowl.infra.pipeline.RunStatus;
import io.renderowl.infra.pipeline.StartedRun;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.infra.users.LocalUser;
import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.RunState;
import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.TimelineDocument;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole pipeline on the embedded stack with every external provider replaced by a WireMock
 * stand-in of its documented API: the script and scenes from an OpenAI-compatible chat endpoint,
 * pictures from the user's uploads, Pexels and (where Pexels has nothing) OpenAI Images, speech
 * from ElevenLabs.
 */
@Tag("system")
@SpringBootTest(classes = EngineTestApplication.class)
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
@Timeout(
    value = 10,
    unit = TimeUnit.MINUTES) // a whole pipeline run on the embedded stack: 10-25 s here
class ProviderPipelineEndToEndTest {
  static final String[] TEXTS = {
    "Octopuses have three hearts.",
    "Two hearts pump blood through the gills.",
    "The third heart feeds the whole body."
  };

  static final WireMockServer STUBS = startStubs();
  static final Path OWN_HOME =
      EngineTestApplication.HOME.resolveSibling(
          EngineTestApplication.HOME.getFileName() + "-providers");

  static WireMockServer startStubs() {
    WireMockServer server =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    String script =
        "{\"title\":\"Three hearts\",\"sentences\":[\"" + String.join("\",\"", TEXTS) + "\"]}";
    String scenes =
        "{\"scenes\":["
            + "{\"text\":\""
            + TEXTS[0]
            + "\",\"visual_prompt\":\"an octopus on a reef\",\"search_terms\":\"octopus reef\",\"duration_seconds\":4},"
            + "{\"text\":\""
            + TEXTS[1]
            + "\",\"visual_prompt\":\"glowing octopus gills diagram\",\"search_terms\":\"octopus gills\",\"duration_seconds\":4},"
            + "{\"text\":\""
            + TEXTS[2]
            + "\",\"visual_prompt\":\"an octopus swimming\",\"search_terms\":\"octopus swimming\",\"duration_seconds\":4}]}";
    server.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(
                matchingJsonPath("$.response_format.json_schema.name", equalTo("script")))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(ProviderTestData.chatCompletion(script, 150, 60))));
    server.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(
                matchingJsonPath("$.response_format.json_schema.name", equalTo("scenes")))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(ProviderTestData.chatCompletion(scenes, 220, 140))));
    // Pexels has photos for two scenes and nothing for "octopus gills".
    server.stubFor(
        get(urlPathEqualTo("/v1/search"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"page\":1,\"per_page\":15,\"total_results\":1,\"photos\":[{\"id\":1,\"width\":6000,\"height\":4000,"
                            + "\"url\":\"https://www.pexels.com/photo/1/\",\"photographer\":\"Mia\",\"src\":{\"original\":\""
                            + server.baseUrl()
                            + "/photos/1/original.jpeg\"}}]}")));
    server.stubFor(
        get(urlPathEqualTo("/v1/search"))
            .withQueryParam("query", equalTo("octopus gills"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"page\":1,\"per_page\":15,\"total_results\":0,\"photos\":[]}")));
    server.stubFor(
        get(urlEqualTo("/photos/1/original.jpeg"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "image/jpeg")
                    .withBody(ProviderTestData.jpeg(1920, 1280, new Color(200, 60, 40)))));
    server.stubFor(
        post(urlEqualTo("/v1/images/generations"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"created\":1,\"data\":[{\"b64_json\":\""
                            + java.util.Base64.getEncoder()
                                .encodeToString(
                                    ProviderTestData.png(1792, 1024, new Color(20, 80, 200)))
                            + "\"}]}")));
    for (String text : TEXTS) {
      server.stubFor(
          post(urlPathMatching("/v1/text-to-speech/.*/with-timestamps"))
              .withRequestBody(containing(text))
              .willReturn(
                  aResponse()
                      .withHeader("Content-Type", "application/json")
                      .withBody(
                          ProviderTestData.withTimestamps(ProviderTestData.mp3(2.5), text, 2.3))));
    }
    return server;
  }

  @AfterAll
  static void stopStubs() {
    STUBS.stop();
  }

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    EngineTestApplication.properties(registry);
    // Its own state folder: another engine context of this JVM may still hold the shared one.
    registry.add("RENDEROWL_HOME", () -> OWN_HOME.toString());
    Map.of(
            "RENDEROWL_SCRIPT_PROVIDER", "openai",
            "OPENAI_BASE_URL", STUBS.baseUrl() + "/v1",
            "OPENAI_API_KEY", "sk-e2e",
            "RENDEROWL_VISUAL_PROVIDERS", "user-assets,pexels,openai-images",
            "PEXELS_BASE_URL", STUBS.baseUrl(),
            "PEXELS_API_KEY", "pexels-e2e",
            "RENDEROWL_VOICE_PROVIDER", "elevenlabs",
            "ELEVENLABS_BASE_URL", STUBS.baseUrl(),
            "ELEVENLABS_API_KEY", "xi-e2e")
        .forEach((k, v) -> registry.add(k, () -> v));
  }

  @Autowired PipelineRuns runs;
  @Autowired LocalUser localUser;
  @Autowired ObjectStore store;
  @Autowired PipelineRunRepository runRows;
  @Autowired TimelineRepository timelines;
  @Autowired ProviderUsageRepository usage;
  @Autowired io.renderowl.infra.temporal.TemporalConnection temporal;

  @Test
  void aTopicBecomesAVideoThroughTheProviderStubs(@TempDir Path tmp, CapturedOutput output)
      throws Exception {
    PipelineRequest request =
        new PipelineRequest(
            localUser.id().toString(),
            "Why octopuses have three hearts",
            Aspect.LANDSCAPE,
            10,
            "en",
            List.of("local-folder"),
            UUID.randomUUID().toString(),
            "educational",
            "en",
            "preview");

    Path bed = Files.write(tmp.resolve("bed.mp3"), ProviderTestData.mp3(20.0));
    store.put("library/music/calm/bed.mp3", bed, "audio/mpeg");

    Path upload =
        Files.write(
            tmp.resolve("mine.jpg"), ProviderTestData.jpeg(1920, 1080, new Color(30, 160, 90)));
    store.put("users/" + localUser.id() + "/assets/Octopus-Swimming.jpg", upload, "image/jpeg");

    StartedRun started = runs.start(request);
    RunStatus done = runs.await(started.runId(), Duration.ofMillis(250), s -> {});

    assertThat(done.state()).as(done.message()).isEqualTo(RunState.COMPLETED);
    PipelineRunRow row = runRows.find(started.runId()).orElseThrow();
    TimelineDocument timeline = timelines.load(row.timelineId());
    assertThat(timeline.name()).isEqualTo("Three hearts");
    List<ClipDocument> pictures = timeline.tracks().get(0).clips();
    assertThat(pictures)
        .extracting(c -> c.content().get("provider"))
        .containsExactly("pexels", "openai-images", "user-assets");
    assertThat(pictures.get(0).content())
        .containsEntry("attribution", "Photo by Mia on Pexels (https://www.pexels.com/photo/1/)");
    List<ClipDocument> captions = timeline.tracks().get(1).clips();
    assertThat(captions).extracting(c -> c.content().get("text")).containsExactly((Object[]) TEXTS);
    assertThat((List<?>) captions.get(0).content().get("words")).hasSize(4);
    assertThat(captions.get(0).content()).containsEntry("timingSource", "provider");
    assertThat(timeline.tracks().get(2).clips())
        .allSatisfy(c -> assertThat(c.content()).containsEntry("provider", "elevenlabs"));
    // Educational scripts get the "calm" mood: the one track there becomes a ducked bed.
    ClipDocument music = timeline.tracks().get(3).clips().getFirst();
    assertThat(music.sourceUrl()).isEqualTo(store.url("library/music/calm/bed.mp3"));
    assertThat(music.content())
        .containsEntry("role", "music")
        .containsEntry("duckUnderSpeech", true);

    String srt =
        Files.readString(
            store.download("runs/" + started.runId() + "/captions.srt", tmp.resolve("c.srt")));
    assertThat(srt).startsWith("1\n00:00:00,250 --> ").contains("Octopuses have three hearts.");
    assertThat(
            Files.readString(
                store.download("runs/" + started.runId() + "/captions.vtt", tmp.resolve("c.vtt"))))
        .startsWith("WEBVTT");

    Map<String, Double> paid = usage.paidTotals(started.runId());
    assertThat(paid)
        .containsEntry("openai/input_tokens", 370.0)
        .containsEntry("openai/output_tokens", 200.0)
        .containsEntry("openai/images", 1.0);
    assertThat(paid.get("elevenlabs/characters"))
        .isEqualTo((double) String.join("", TEXTS).length());
    assertThat(paid.get("elevenlabs/audio_seconds")).isCloseTo(7.5, within(0.3));

    STUBS.verify(
        2,
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withHeader("Authorization", equalTo("Bearer sk-e2e")));
    STUBS.verify(
        2,
        getRequestedFor(urlPathEqualTo("/v1/search"))
            .withHeader("Authorization", equalTo("pexels-e2e")));
    STUBS.verify(
        3,
        postRequestedFor(urlPathMatching("/v1/text-to-speech/.*/with-timestamps"))
            .withHeader("xi-api-key", equalTo("xi-e2e")));

    // The provider keys appear in no log line and in no workflow history of the whole run (the
    // histories' payloads are printed readable: the topic is found in them).
    String histories =
        temporal.client().fetchHistory(started.runId()).getHistory().toString()
            + temporal.client().fetchHistory(started.runId() + "-render").getHistory().toString();
    assertThat(histories).contains("Why octopuses have three hearts");
    assertThat(output.getAll()).contains(started.runId());
    for (String secret : List.of("sk-e2e", "pexels-e2e", "xi-e2e")) {
      assertThat(histories).as("workflow histories").doesNotContain(secret);
      assertThat(output.getAll()).as("log").doesNotContain(secret);
      assertThat(done.message()).doesNotContain(secret);
    }

    Path mp4 = store.download(row.outputKey(), tmp.resolve("out.mp4"));
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(mp4.toFile())) {
      grabber.start();
      assertThat(grabber.getVideoCodecName()).isEqualTo("h264");
      assertThat(grabber.getAudioChannels()).isPositive();
      assertThat(grabber.getLengthInTime() / 1e6)
          .isCloseTo(timeline.durationSeconds(), within(timeline.durationSeconds() * 0.05));
    }
  }
}

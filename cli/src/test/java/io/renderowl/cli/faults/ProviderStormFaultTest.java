package io.renderowl.cli.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.renderowl.activities.EngineTestApplication;
import io.renderowl.activities.provider.ProviderTestData;
import io.renderowl.infra.persistence.PipelineRunRow;
import io.renderowl.infra.persistence.ProviderUsageRepository;
import io.renderowl.infra.persistence.TimelineRepository;
import io.renderowl.infra.pipeline.RunStatus;
import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.RunState;
import io.renderowl.workflows.timeline.TimelineDocument;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Fault: the providers misbehave during a whole run. The pipeline runs in an {@code owl worker}
 * process whose script, scene, picture and speech providers are WireMock stand-ins (loopback) of
 * their documented APIs (OpenAI-compatible chat and images, Pexels, ElevenLabs), each answering a
 * storm first: 429 with {@code Retry-After}, 5xx, an answer slower than the provider timeout, a
 * body cut in the middle, model output that is not the asked-for JSON; then they recover. The run
 * must complete with the providers' real output (no scene handed to a lower source because of a
 * short rate limit), each retry no earlier than the {@code Retry-After} asked, nothing charged
 * twice. Each storm belongs to one call (a request body, a search query), so the parallel scenes
 * meet the same storm in every run. A model that keeps answering malformed output fails the run
 * with a clear reason and refunds it.
 */
@Tag("faults")
// one worker JVM per test (10 s idle, 1-3 min under load) and a short run with a few retries
@Timeout(value = 20, unit = TimeUnit.MINUTES)
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(classes = EngineTestApplication.class)
class ProviderStormFaultTest extends WorkerProcessScenario {
  static final String[] TEXTS = {
    "Storm petrels walk on water.", "They patter over the waves.", "Sailors named them after Peter."
  };
  static final int RETRY_AFTER_CHAT = 2;
  static final int RETRY_AFTER_TTS = 1;
  static final int RETRY_AFTER_PEXELS = 1;
  static final WireMockServer STUBS =
      new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));

  static {
    System.setProperty("LOG_FILE", EngineTestApplication.HOME.resolve("logs/test.log").toString());
    STUBS.start();
  }

  @AfterAll
  static void stopStubs() {
    STUBS.stop();
  }

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    EngineTestApplication.properties(registry);
    registry.add("RENDEROWL_MAX_RUNS", () -> "0");
    registry.add("RENDEROWL_MAX_RUNS_PER_USER", () -> "0");
  }

  @Autowired TimelineRepository timelines;
  @Autowired ProviderUsageRepository usage;

  @BeforeEach
  void freshStubs() {
    STUBS.resetAll();
  }

  private WorkerProcess.Options providers(Path publishDir) {
    return WorkerProcess.options()
        .publishDir(publishDir)
        .env("RENDEROWL_SCRIPT_PROVIDER", "openai")
        .env("OPENAI_BASE_URL", STUBS.baseUrl() + "/v1")
        .env("OPENAI_API_KEY", "sk-storm")
        .env("RENDEROWL_VISUAL_PROVIDERS", "user-assets,pexels,openai-images")
        .env("PEXELS_BASE_URL", STUBS.baseUrl())
        .env("PEXELS_API_KEY", "pexels-storm")
        .env("RENDEROWL_VOICE_PROVIDER", "elevenlabs")
        .env("ELEVENLABS_BASE_URL", STUBS.baseUrl())
        .env("ELEVENLABS_API_KEY", "xi-storm")
        .env("RENDEROWL_ALLOWED_URL_HOSTS", "localhost,127.0.0.1")
        // the "timeout" answer comes after 6 s: a call is given up after 3
        .env("RENDEROWL_PROVIDER_TIMEOUT_SECONDS", "3");
  }

  @Test
  void aRunThroughAProviderStormCompletesWithTheProvidersOutputAndIsChargedOnce(@TempDir Path tmp)
      throws Exception {
    calmProviders();
    // The storm: each call's first answers, in order, before the calm ones. The scenes are sourced
    // and spoken in parallel, so a storm that several calls share would hit whichever call came
    // first; each storm below belongs to one call (its body, its query), so every run meets the
    // same storm whatever the order of the parallel calls.
    // the script request: 429, 503, an answer slower than the timeout, a body cut in the middle
    storm(
        "chat",
        ProviderStormFaultTest::scriptRequest,
        List.of(
            tooMany(RETRY_AFTER_CHAT),
            aResponse().withStatus(503).withBody("upstream overloaded"),
            json(ProviderTestData.chatCompletion(scriptJson(), 150, 60)).withFixedDelay(6000),
            json(half(ProviderTestData.chatCompletion(scriptJson(), 150, 60)))));
    // the scenes request: prose instead of the JSON asked for (repaired), then a 503
    storm(
        "scenes",
        ProviderStormFaultTest::scenesRequest,
        List.of(
            json(
                ProviderTestData.chatCompletion("Sure! Here are the scenes you asked for.", 40, 9)),
            aResponse().withStatus(503).withBody("upstream overloaded")));
    // speech, one fault per sentence: 429, 500, a body cut in the middle
    List<ResponseDefinitionBuilder> speechFaults =
        List.of(
            tooMany(RETRY_AFTER_TTS),
            aResponse().withStatus(500).withBody("{\"detail\":\"internal\"}"),
            json(half(ProviderTestData.withTimestamps(ProviderTestData.mp3(2.5), TEXTS[2], 2.3))));
    for (int i = 0; i < TEXTS.length; i++) {
      String text = TEXTS[i];
      storm(
          "tts-" + i,
          () -> speechRequest().withRequestBody(containing(text)),
          List.of(speechFaults.get(i)));
    }
    // Pexels: the first scene's search is rate limited (it must wait for Pexels, not go to the
    // paid generator), the second's answers 502 (it moves on at once, to the generator)
    storm(
        "pexels-waves", () -> searchRequest("petrel waves"), List.of(tooMany(RETRY_AFTER_PEXELS)));
    storm(
        "pexels-pattering",
        () -> searchRequest("petrel pattering"),
        List.of(aResponse().withStatus(502).withBody("bad gateway")));
    // only the second scene reaches the generator
    storm(
        "images",
        () -> post(urlEqualTo("/v1/images/generations")),
        List.of(aResponse().withStatus(500).withBody("{\"error\":{\"message\":\"server\"}}")));

    Instant since = Instant.now().minusSeconds(1);
    Path publishDir = tmp.resolve("published");
    Path bed = Files.write(tmp.resolve("bed.mp3"), ProviderTestData.mp3(20.0));
    store.put("library/music/calm/bed.mp3", bed, "audio/mpeg");
    Path upload =
        Files.write(
            tmp.resolve("mine.jpg"), ProviderTestData.jpeg(1920, 1080, new Color(30, 160, 90)));
    store.put("users/" + localUser.id() + "/assets/Petrel-Sailors.jpg", upload, "image/jpeg");

    try (WorkerProcess worker =
        WorkerProcess.startPolling(stack, tmp.resolve("worker"), providers(publishDir))) {
      double start = System.nanoTime() / 1e9;
      String runId = runs.start(request("Why storm petrels walk on water")).runId();
      RunStatus done = runs.await(runId, java.time.Duration.ofMillis(250), s -> {});
      double took = System.nanoTime() / 1e9 - start;
      assertThat(done.state())
          .as(done.message() + "\nserved:\n" + served() + "\nworker log:\n" + worker.log())
          .isEqualTo(RunState.COMPLETED);

      String checked = invariants().check(runId, publishDir, tmp, since);
      // the providers' own output, not a fallback
      PipelineRunRow row = runRows.find(runId).orElseThrow();
      TimelineDocument timeline = timelines.load(row.timelineId());
      assertThat(timeline.name()).isEqualTo("Storm petrels");
      // which source each scene finally used: the first waited for Pexels' Retry-After rather than
      // go to the generator; the second had nothing from Pexels (502, then no photo)
      assertThat(timeline.tracks().get(0).clips())
          .as("the scenes' sources\nserved:\n" + served())
          .extracting(c -> c.content().get("provider"))
          .containsExactly("pexels", "openai-images", "user-assets");
      assertThat(timeline.tracks().get(2).clips())
          .allSatisfy(c -> assertThat(c.content()).containsEntry("provider", "elevenlabs"));
      // every storm answer was served (the storm really hit the run)
      for (String s :
          List.of(
              "chat",
              "scenes",
              "tts-0",
              "tts-1",
              "tts-2",
              "pexels-waves",
              "pexels-pattering",
              "images")) {
        assertThat(STUBS.getAllScenarios().getScenarios())
            .filteredOn(sc -> sc.getName().equals(s))
            .singleElement()
            .satisfies(sc -> assertThat(sc.getState()).isEqualTo("calm"));
      }
      // retries honour Retry-After: the same call's next attempt came no sooner
      double chatGap =
          gapAfter429(e ->
              e.getRequest().getUrl().startsWith("/v1/chat/completions")
                      && e.getRequest()
                          .getBodyAsString()
                          .matches("(?s).*\"name\"\\s*:\\s*\"script\".*")
                  ? "script"
                  : null);
      double ttsGap =
          gapAfter429(e ->
              e.getRequest().getUrl().contains("/with-timestamps")
                  ? textOf(e.getRequest().getBodyAsString())
                  : null);
      double pexelsGap =
          gapAfter429(e ->
              e.getRequest().getUrl().startsWith("/v1/search") ? e.getRequest().getUrl() : null);
      assertThat(chatGap)
          .as("chat retried after its Retry-After")
          .isGreaterThanOrEqualTo(RETRY_AFTER_CHAT - 0.05);
      assertThat(ttsGap)
          .as("speech retried after its Retry-After")
          .isGreaterThanOrEqualTo(RETRY_AFTER_TTS - 0.05);
      assertThat(pexelsGap)
          .as("search retried after its Retry-After")
          .isGreaterThanOrEqualTo(RETRY_AFTER_PEXELS - 0.05);
      // each sentence's speech paid once (a cut answer or a 5xx is not paid, nor charged)
      Map<String, Double> paid = usage.paidTotals(runId);
      assertThat(paid.get("elevenlabs/characters"))
          .isEqualTo((double) String.join("", TEXTS).length());
      assertThat(paid).containsEntry("openai/images", 1.0);
      // every call asked as often as its storm and the retries explain, no more: script 429, 503,
      // slow, cut, then the calm answer and its 2 repair requests (15 words are short of what a
      // 10 s video asks for; the last usable answer is used); scenes prose, its repair (503),
      // calm; each sentence's speech one fault and calm; the first search 429 and calm (then its
      // photo), the second 502 and calm (no photo: the generator's picture is used); the
      // generator 500 and calm
      Map<String, Long> asked = new java.util.TreeMap<>();
      for (ServeEvent e : STUBS.getAllServeEvents()) {
        asked.merge(callOf(e), 1L, Long::sum);
      }
      assertThat(asked)
          .as("requests per call\nserved:\n" + served())
          .isEqualTo(
              Map.of(
                  "script", 7L,
                  "scenes", 3L,
                  "speech", 6L,
                  "search petrel waves", 2L,
                  "search petrel pattering", 2L,
                  "photo", 1L,
                  "images", 2L));
      long requests = STUBS.getAllServeEvents().size();
      FaultReport.line(
          "provider storm over a whole run (WireMock): script chat 429 Retry-After 2 s, 503, 6 s"
              + " answer (timeout 3 s), cut JSON; scenes chat prose instead of JSON, 503; speech"
              + " 429 / 500 / cut JSON (one sentence each); Pexels 429 (one scene's search), 502"
              + " (another's); OpenAI Images 500",
          checked
              + "; scenes from pexels/openai-images/user-assets and speech from elevenlabs (no"
              + " fallback); retries after Retry-After (chat "
              + String.format(
                  Locale.ROOT, "%.1f s, speech %.1f s, search %.1f s", chatGap, ttsGap, pexelsGap)
              + "); each sentence's speech paid once; requests per call as expected "
              + asked,
          true,
          took,
          requests
              + " provider requests for the run (run took "
              + String.format(Locale.ROOT, "%.1f s)", took));
    }
  }

  @Test
  void aModelThatKeepsAnsweringMalformedOutputFailsTheRunWithItsReasonAndRefundsIt(
      @TempDir Path tmp) throws Exception {
    STUBS.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .willReturn(
                json(
                    ProviderTestData.chatCompletion(
                        "{\"title\": \"Broken\", \"sentences\": \"not a list", 40, 9))));
    long balanceBefore = users.creditsBalance(localUser.id());
    Path publishDir = tmp.resolve("published");
    try (WorkerProcess worker =
        WorkerProcess.startPolling(stack, tmp.resolve("worker"), providers(publishDir))) {
      double start = System.nanoTime() / 1e9;
      String runId = runs.start(request("Why malformed answers never end")).runId();
      RunStatus done = runs.await(runId, java.time.Duration.ofMillis(250), s -> {});
      double took = System.nanoTime() / 1e9 - start;
      assertThat(done.state()).as(done.message()).isEqualTo(RunState.FAILED);
      String reason = String.valueOf(runRows.find(runId).orElseThrow().errorMessage());
      assertThat(reason + " " + done.message())
          .as("the failure names the malformed answer")
          .containsIgnoringCase("not a list");
      assertThat(reason).doesNotContain("sk-storm");
      assertThat(publications.findByRun(runId)).isEmpty();
      assertThat(credits.ledgerSum(localUser.id()))
          .as("ledger sum = balance")
          .isEqualTo(users.creditsBalance(localUser.id()));
      assertThat(users.creditsBalance(localUser.id()))
          .as("nothing kept for a run that failed at its script")
          .isEqualTo(balanceBefore);
      long chats =
          STUBS.getAllServeEvents().stream()
              .filter(e -> e.getRequest().getUrl().startsWith("/v1/chat/completions"))
              .count();
      assertThat(chats).as("chat requests: bounded repairs and retries").isBetween(1L, 20L);
      FaultReport.line(
          "model answering malformed JSON every time (WireMock)",
          "run failed, reason names the answer (\""
              + abbreviate(reason)
              + "\"); no publication; balance unchanged, ledger = balance; "
              + chats
              + " chat requests (asked, then 2 repair requests; not retried)",
          true,
          took,
          "-");
    }
  }

  private PipelineRequest request(String topic) {
    return new PipelineRequest(
        localUser.id().toString(),
        topic,
        Aspect.LANDSCAPE,
        10,
        "en",
        List.of("local-folder"),
        UUID.randomUUID().toString(),
        "educational",
        "en",
        "preview");
  }

  /** The calm answers (the ones a healthy provider gives), below the storm's. */
  private static void calmProviders() {
    STUBS.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .atPriority(5)
            .withRequestBody(
                matchingJsonPath("$.response_format.json_schema.name", equalTo("script")))
            .willReturn(json(ProviderTestData.chatCompletion(scriptJson(), 150, 60))));
    StringBuilder scenes = new StringBuilder("{\"scenes\":[");
    String[][] terms = {
      {"a storm petrel over waves", "petrel waves"},
      {"a bird pattering on water, diagram", "petrel pattering"},
      {"sailors watching a petrel", "petrel sailors"}
    };
    for (int i = 0; i < TEXTS.length; i++) {
      scenes
          .append(i == 0 ? "" : ",")
          .append("{\"text\":\"")
          .append(TEXTS[i])
          .append("\",\"visual_prompt\":\"")
          .append(terms[i][0])
          .append("\",\"search_terms\":\"")
          .append(terms[i][1])
          .append("\",\"duration_seconds\":4}");
    }
    scenes.append("]}");
    STUBS.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .atPriority(5)
            .withRequestBody(
                matchingJsonPath("$.response_format.json_schema.name", equalTo("scenes")))
            .willReturn(json(ProviderTestData.chatCompletion(scenes.toString(), 220, 140))));
    STUBS.stubFor(
        get(urlPathEqualTo("/v1/search"))
            .atPriority(5)
            .willReturn(
                json(
                    "{\"page\":1,\"per_page\":15,\"total_results\":1,\"photos\":[{\"id\":1,\"width\":6000,\"height\":4000,"
                        + "\"url\":\"https://www.pexels.com/photo/1/\",\"photographer\":\"Mia\",\"src\":{\"original\":\""
                        + STUBS.baseUrl()
                        + "/photos/1/original.jpeg\"}}]}")));
    STUBS.stubFor(
        get(urlPathEqualTo("/v1/search"))
            .atPriority(4)
            .withQueryParam("query", equalTo("petrel pattering"))
            .willReturn(json("{\"page\":1,\"per_page\":15,\"total_results\":0,\"photos\":[]}")));
    STUBS.stubFor(
        get(urlEqualTo("/photos/1/original.jpeg"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "image/jpeg")
                    .withBody(ProviderTestData.jpeg(1920, 1280, new Color(200, 60, 40)))));
    STUBS.stubFor(
        post(urlEqualTo("/v1/images/generations"))
            .atPriority(5)
            .willReturn(
                json(
                    "{\"created\":1,\"data\":[{\"b64_json\":\""
                        + java.util.Base64.getEncoder()
                            .encodeToString(
                                ProviderTestData.png(1792, 1024, new Color(20, 80, 200)))
                        + "\"}]}")));
    for (String text : TEXTS) {
      STUBS.stubFor(
          post(urlPathMatching("/v1/text-to-speech/.*/with-timestamps"))
              .atPriority(5)
              .withRequestBody(containing(text))
              .willReturn(
                  json(ProviderTestData.withTimestamps(ProviderTestData.mp3(2.5), text, 2.3))));
    }
  }

  /** The call's first answers, one after the other (a WireMock scenario), then "calm". */
  private static void storm(
      String name, Supplier<MappingBuilder> call, List<ResponseDefinitionBuilder> answers) {
    for (int i = 0; i < answers.size(); i++) {
      String state = i == 0 ? com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED : name + i;
      String next = i == answers.size() - 1 ? "calm" : name + (i + 1);
      // a fresh builder each time: a MappingBuilder is used once
      STUBS.stubFor(
          call.get()
              .atPriority(1)
              .inScenario(name)
              .whenScenarioStateIs(state)
              .willSetStateTo(next)
              .willReturn(answers.get(i)));
    }
  }

  private static MappingBuilder speechRequest() {
    return post(urlPathMatching("/v1/text-to-speech/.*/with-timestamps"));
  }

  private static MappingBuilder searchRequest(String query) {
    return get(urlPathEqualTo("/v1/search")).withQueryParam("query", equalTo(query));
  }

  private static MappingBuilder scriptRequest() {
    return post(urlEqualTo("/v1/chat/completions"))
        .withRequestBody(matchingJsonPath("$.response_format.json_schema.name", equalTo("script")));
  }

  private static MappingBuilder scenesRequest() {
    return post(urlEqualTo("/v1/chat/completions"))
        .withRequestBody(matchingJsonPath("$.response_format.json_schema.name", equalTo("scenes")));
  }

  /** What the stand-ins answered, in order: for a failure's message. */
  private static String served() {
    List<ServeEvent> events = new ArrayList<>(STUBS.getAllServeEvents());
    events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
    StringBuilder b = new StringBuilder();
    for (ServeEvent e : events) {
      b.append(e.getRequest().getLoggedDate().toInstant())
          .append(' ')
          .append(e.getRequest().getMethod())
          .append(' ')
          .append(e.getRequest().getUrl())
          .append(" -> ")
          .append(e.getResponse().getStatus())
          .append('\n');
    }
    return b.toString();
  }

  private static ResponseDefinitionBuilder tooMany(int retryAfterSeconds) {
    return aResponse()
        .withStatus(429)
        .withHeader("Retry-After", Integer.toString(retryAfterSeconds))
        .withHeader("Content-Type", "application/json")
        .withBody("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}");
  }

  private static ResponseDefinitionBuilder json(String body) {
    return aResponse().withHeader("Content-Type", "application/json").withBody(body);
  }

  private static String half(String body) {
    return body.substring(0, body.length() / 2);
  }

  private static String scriptJson() {
    return "{\"title\":\"Storm petrels\",\"sentences\":[\"" + String.join("\",\"", TEXTS) + "\"]}";
  }

  /**
   * Seconds between each 429 answer and the next request of the same call (same key), the least of
   * them; NaN when no 429 was served.
   */
  private static double gapAfter429(Function<ServeEvent, String> keyOf) {
    List<ServeEvent> events = new ArrayList<>(STUBS.getAllServeEvents());
    events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
    double least = Double.NaN;
    for (int i = 0; i < events.size(); i++) {
      ServeEvent e = events.get(i);
      String key = keyOf.apply(e);
      if (key == null || e.getResponse().getStatus() != 429) {
        continue;
      }
      for (int j = i + 1; j < events.size(); j++) {
        if (key.equals(keyOf.apply(events.get(j)))) {
          double gap =
              (events.get(j).getRequest().getLoggedDate().getTime()
                      - e.getRequest().getLoggedDate().getTime()
                      - e.getTiming().getTotalTime())
                  / 1000.0;
          least = Double.isNaN(least) ? gap : Math.min(least, gap);
          break;
        }
      }
    }
    assertThat(least).as("a 429 and a retry of the same call were served").isNotNaN();
    return least;
  }

  /** Which call a request was: for the per-call request counts. */
  private static String callOf(ServeEvent e) {
    String url = e.getRequest().getUrl();
    String body = e.getRequest().getBodyAsString();
    if (url.startsWith("/v1/chat/completions")) {
      return body.matches("(?s).*\"name\"\\s*:\\s*\"script\".*") ? "script" : "scenes";
    }
    if (url.contains("/with-timestamps")) {
      return "speech";
    }
    if (url.startsWith("/v1/search")) {
      return "search " + e.getRequest().queryParameter("query").firstValue();
    }
    if (url.startsWith("/photos/")) {
      return "photo";
    }
    if (url.startsWith("/v1/images/generations")) {
      return "images";
    }
    return url;
  }

  private static String textOf(String body) {
    for (String text : TEXTS) {
      if (body.contains(text)) {
        return text;
      }
    }
    return body;
  }

  private static String abbreviate(String reason) {
    String oneLine = reason.replaceAll("\\s+", " ");
    return oneLine.length() > 160 ? oneLine.substring(0, 160) + "..." : oneLine;
  }
}

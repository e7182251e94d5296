package io.renderowl.activities.script;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.output.TokenUsage;
import io.renderowl.activities.provider.LangChainHttpClient;
import io.renderowl.activities.provider.ProviderFailures;
import io.renderowl.activities.provider.ProviderHttp;
import io.renderowl.activities.provider.UsageSink;
import io.renderowl.infra.config.ProviderSettings;
import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.Script;
import io.renderowl.workflows.ScriptStyles;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Scripts, script enhancement and scene plans from a chat model behind an OpenAI-compatible base
 * URL (OpenAI, Together AI, Ollama, vLLM, LocalAI), through LangChain4j's {@link OpenAiChatModel}.
 *
 * <p>Answers are asked for as JSON with a JSON schema ({@code response_format: json_schema}; or
 * {@code json_object}, or by instruction only, per RENDEROWL_LLM_JSON_MODE, for servers without
 * schema support) and validated here against the same rules. An invalid answer is first repaired
 * locally (code fences stripped, missing durations shared out, missing search terms taken from the
 * prompt); what cannot be repaired is sent back to the model with the list of problems, at most
 * {@code repairAttempts} times; then the activity fails, non-retryable ({@value
 * ProviderFailures#INVALID_MODEL_OUTPUT}), with the model's last answer in the message (and so in
 * the run's recorded failure).
 *
 * <p>Length: a script is asked for {@link #targetWords} words, the speech that fills the requested
 * duration less a pause per scene, at {@value #WORDS_PER_SECOND} words a second, and about {@link
 * #sceneCount} scenes. An answer longer than {@value #TOO_LONG} times the asked words is trimmed
 * here: sentences before the last one are dropped, the latest first, until it fits (the opening and
 * the closing sentence stay). One shorter than {@value #TOO_SHORT} times is sent back with the
 * count; if the last answer is still short but has at least {@value #FAR_TOO_SHORT} times the
 * words, it is used (the video then has pauses), below that the activity fails.
 */
public final class LlmScriptWriter implements ScriptWriter {
  private static final Logger LOG = LoggerFactory.getLogger(LlmScriptWriter.class);

  /**
   * Words per second of narration a script is sized for: a natural narration pace, about that of
   * the online voices; the offline espeak-ng voice adapts its speed to each scene's time.
   */
  static final double WORDS_PER_SECOND = 2.5;

  /** Answers with more than this many times the asked words are trimmed. */
  static final double TOO_LONG = 1.15;

  /** Answers with fewer than this many times the asked words are sent back for a longer one. */
  static final double TOO_SHORT = 0.85;

  /** Answers still shorter than this many times the asked words after the repairs fail the run. */
  static final double FAR_TOO_SHORT = 0.5;

  /** Most scenes a plan may have. */
  static final int MAX_SCENES = 60;

  static final JsonSchema SCRIPT_SCHEMA =
      JsonSchema.builder()
          .name("script")
          .rootElement(
              JsonObjectSchema.builder()
                  .addStringProperty("title", "video title, at most 80 characters")
                  .addProperty(
                      "sentences",
                      JsonArraySchema.builder()
                          .items(new JsonStringSchema())
                          .description("the narration, one sentence per item")
                          .build())
                  .required("title", "sentences")
                  .additionalProperties(false)
                  .build())
          .build();

  static final JsonSchema SCENES_SCHEMA =
      JsonSchema.builder()
          .name("scenes")
          .rootElement(
              JsonObjectSchema.builder()
                  .addProperty(
                      "scenes",
                      JsonArraySchema.builder()
                          .items(
                              JsonObjectSchema.builder()
                                  .addStringProperty(
                                      "text",
                                      "narration of the scene, 1-2 sentences, taken from the script")
                                  .addStringProperty(
                                      "visual_prompt",
                                      "what the picture shows, as an image-generation prompt")
                                  .addStringProperty(
                                      "search_terms", "2-4 keywords for a stock photo search")
                                  .addNumberProperty("duration_seconds", "how long the scene lasts")
                                  .required(
                                      "text", "visual_prompt", "search_terms", "duration_seconds")
                                  .additionalProperties(false)
                                  .build())
                          .build())
                  .required("scenes")
                  .additionalProperties(false)
                  .build())
          .build();

  private final ChatModel model;
  private final LangChainHttpClient http;
  private final String provider;
  private final int repairAttempts;
  private final UsageSink usage;
  private final String jsonMode;
  private final String tone;

  LlmScriptWriter(
      ChatModel model,
      LangChainHttpClient http,
      String provider,
      int repairAttempts,
      UsageSink usage,
      String jsonMode,
      String tone) {
    this.tone = tone;
    this.model = model;
    this.http = http;
    this.provider = provider;
    this.repairAttempts = repairAttempts;
    this.usage = usage;
    this.jsonMode = jsonMode;
  }

  /** A writer on the OpenAI-compatible endpoint of {@code settings}. */
  public static LlmScriptWriter openAi(
      ProviderSettings settings, ProviderHttp providerHttp, UsageSink usage) {
    LangChainHttpClient http = new LangChainHttpClient(providerHttp, "openai");
    ChatModel model =
        OpenAiChatModel.builder()
            .httpClientBuilder(http.builder())
            .baseUrl(settings.openAi().baseUrl())
            .apiKey(settings.openAi().apiKey())
            .modelName(settings.openAi().llmModel())
            .temperature(0.7)
            .maxRetries(0)
            .timeout(providerHttp.timeout())
            .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
            .strictJsonSchema(true)
            .build();
    return new LlmScriptWriter(
        model,
        http,
        "openai",
        settings.llmRepairAttempts(),
        usage,
        settings.llmJsonMode(),
        settings.scriptTone());
  }

  @Override
  public String provider() {
    return provider;
  }

  /** A script on the request's topic in the configured tone (RENDEROWL_SCRIPT_TONE). */
  @Override
  public Script write(String runId, PipelineRequest request) {
    return write(runId, request, tone);
  }

  /** A script on the request's topic in its style, language and target duration. */
  public Script write(String runId, PipelineRequest request, String tone) {
    ScriptStyles.Style style = ScriptStyles.of(request.style());
    int words = targetWords(request.durationSeconds());
    String system =
        "You write narration scripts for short vertical and horizontal videos. "
            + style.guidance()
            + " Write in the language with BCP 47 tag '"
            + request.language()
            + "'. Tone: "
            + (tone == null || tone.isBlank() ? style.defaultTone() : tone)
            + ". Plain spoken sentences only: no headings, no stage directions, no emojis, no markup.";
    String user =
        "Topic: "
            + request.topic().strip()
            + "\nLength: about "
            + words
            + " words, between "
            + (int) Math.ceil(words * TOO_SHORT)
            + " and "
            + (int) Math.floor(words * TOO_LONG)
            + " (a "
            + request.durationSeconds()
            + "-second video of about "
            + sceneCount(request.durationSeconds())
            + " scenes, spoken at about 150 words a minute).\nAnswer with a JSON object {\"title\": string, \"sentences\": [string, ...]}.";
    return ask(runId, "script", system, user, SCRIPT_SCHEMA, answer -> parseScript(answer, words));
  }

  /** The script rewritten to be clearer and more engaging, same language and length. */
  public Script enhance(String runId, Script script, String instruction, String language) {
    String system =
        "You improve narration scripts: keep the facts, the language ('"
            + language
            + "') and roughly the length; make sentences clearer, more concrete and more engaging.";
    String user =
        (instruction == null || instruction.isBlank() ? "" : "Instruction: " + instruction + "\n")
            + "Title: "
            + script.title()
            + "\nScript:\n"
            + String.join(" ", script.sentences())
            + "\nAnswer with a JSON object {\"title\": string, \"sentences\": [string, ...]}.";
    int words = String.join(" ", script.sentences()).split("\\s+").length;
    return ask(runId, "enhance", system, user, SCRIPT_SCHEMA, answer -> parseScript(answer, words));
  }

  /** Scenes of the script, each with narration, a visual prompt, stock terms and a duration. */
  @Override
  public List<Scene> scenes(String runId, Script script, PipelineRequest request) {
    int count = sceneCount(request.durationSeconds());
    String system =
        "You split narration scripts into scenes for a video. Each scene has 1-2 consecutive sentences of the script"
            + " as its text (use the script's words, in order, covering all of it), a visual prompt describing one"
            + " striking picture for it (no text in the picture), 2-4 English stock search keywords, and a duration in"
            + " seconds, in proportion to how long its text takes to say. Durations add up to the video length.";
    String user =
        "Video length: "
            + request.durationSeconds()
            + " seconds. About "
            + count
            + " scenes.\nScript:\n"
            + String.join(" ", script.sentences())
            + "\nAnswer with a JSON object {\"scenes\": [{\"text\", \"visual_prompt\", \"search_terms\", \"duration_seconds\"}]}.";
    return ask(
        runId,
        "scenes",
        system,
        user,
        SCENES_SCHEMA,
        answer -> parseScenes(answer, request.durationSeconds()));
  }

  /**
   * How many words a script for a video of {@code durationSeconds} should have: the speech that
   * fills it, less the pause around each scene's narration, at {@value #WORDS_PER_SECOND} words a
   * second.
   */
  static int targetWords(int durationSeconds) {
    double speech = durationSeconds - sceneCount(durationSeconds) * Scene.NARRATION_MARGIN_SECONDS;
    return (int) Math.round(Math.max(1, speech) * WORDS_PER_SECOND);
  }

  /**
   * About how many scenes a video of {@code durationSeconds} has (as the offline splitter plans).
   */
  static int sceneCount(int durationSeconds) {
    int wanted = (int) Math.round(durationSeconds / (double) SceneSplitter.SECONDS_PER_SCENE);
    return Math.max(SceneSplitter.MIN_SCENES, Math.min(MAX_SCENES, wanted));
  }

  /**
   * The outcome of checking one answer: the value, or the problems found; or both, a value that can
   * be used when the repair requests do not bring a better one.
   */
  static final JsonSchema IDEAS_SCHEMA =
      JsonSchema.builder()
          .name("ideas")
          .rootElement(
              JsonObjectSchema.builder()
                  .addProperty(
                      "ideas",
                      JsonArraySchema.builder()
                          .items(new JsonStringSchema())
                          .description("video topics, one per item, at most 100 characters each")
                          .build())
                  .required("ideas")
                  .additionalProperties(false)
                  .build())
          .build();

  /**
   * {@code count} topics for short videos on a channel's theme, none of them one it already {@code
   * produced} (compared without case). Usage is recorded under {@code channel:NAME}.
   */
  public List<String> ideas(String channelName, List<String> produced, int count) {
    String system =
        "You plan short explainer videos for a channel. Each idea is one concrete, specific video"
            + " topic a narrator can cover in under a minute, at most 100 characters, no numbering,"
            + " no hashtags, no quotes.";
    String user =
        "Channel: "
            + channelName
            + "\nGive "
            + count
            + " new video topics"
            + (produced.isEmpty()
                ? ""
                : ", none of them one of these (or a rewording of one):\n- "
                    + String.join(
                        "\n- ",
                        produced.subList(Math.max(0, produced.size() - 50), produced.size())))
            + "\nAnswer with a JSON object {\"ideas\": [string, ...]}.";
    java.util.Set<String> seen = new java.util.HashSet<>();
    produced.forEach(p -> seen.add(p.strip().toLowerCase(java.util.Locale.ROOT)));
    return ask(
        "channel:" + channelName,
        "ideas",
        system,
        user,
        IDEAS_SCHEMA,
        answer -> {
          List<String> problems = new ArrayList<>();
          JsonNode node = readJson(answer, problems);
          if (node == null) {
            return new Checked<>(null, problems);
          }
          List<String> fresh = new ArrayList<>();
          java.util.Set<String> taken = new java.util.HashSet<>(seen);
          for (JsonNode idea : node.path("ideas")) {
            String text = idea.isString() ? idea.stringValue().strip() : "";
            if (!text.isEmpty()
                && text.length() <= 200
                && taken.add(text.toLowerCase(java.util.Locale.ROOT))) {
              fresh.add(text);
            }
          }
          if (fresh.size() >= count) {
            return Checked.ok(List.copyOf(fresh.subList(0, count)));
          }
          problems.add(
              "it has "
                  + fresh.size()
                  + " usable new idea(s), "
                  + count
                  + " are needed (non-empty, at most 200 characters, not one already produced)");
          return fresh.isEmpty()
              ? new Checked<>(null, problems)
              : Checked.usable(List.copyOf(fresh), problems);
        });
  }

  record Checked<T>(T value, List<String> problems) {
    static <T> Checked<T> ok(T value) {
      return new Checked<>(value, List.of());
    }

    static <T> Checked<T> usable(T value, List<String> problems) {
      return new Checked<>(value, List.copyOf(problems));
    }

    static <T> Checked<T> bad(List<String> problems) {
      return new Checked<>(null, List.copyOf(problems));
    }
  }

  private <T> T ask(
      String runId,
      String operation,
      String system,
      String user,
      JsonSchema schema,
      Function<String, Checked<T>> check) {
    List<ChatMessage> messages =
        new ArrayList<>(List.of(SystemMessage.from(system), UserMessage.from(user)));
    String answer = "";
    List<String> problems = List.of();
    T usable = null;
    for (int attempt = 0; attempt <= repairAttempts; attempt++) {
      ChatResponse response = chat(messages, schema);
      recordUsage(runId, operation, response.tokenUsage());
      answer = response.aiMessage().text() == null ? "" : response.aiMessage().text();
      Checked<T> checked = check.apply(answer);
      if (checked.problems().isEmpty()) {
        return checked.value();
      }
      problems = checked.problems();
      if (checked.value() != null) {
        usable = checked.value();
      }
      if (http != null) {
        http.evictLastAnswer();
      }
      LOG.warn(
          "{} {} answer {} of {} is invalid ({}): {}",
          provider,
          operation,
          attempt + 1,
          repairAttempts + 1,
          String.join("; ", problems),
          ProviderHttp.preview(answer));
      messages.add(AiMessage.from(answer.isEmpty() ? "(empty)" : answer));
      messages.add(
          UserMessage.from(
              "That answer is not valid: "
                  + String.join("; ", problems)
                  + ". Answer again with only the JSON object, following the schema exactly."));
    }
    if (usable != null) {
      LOG.warn(
          "{} {}: using the last usable answer after {} repair request(s) ({})",
          provider,
          operation,
          repairAttempts,
          String.join("; ", problems));
      return usable;
    }
    throw ProviderFailures.nonRetryable(
        ProviderFailures.INVALID_MODEL_OUTPUT,
        provider
            + " "
            + operation
            + ": the model's answer was still invalid after "
            + repairAttempts
            + " repair request(s) ("
            + String.join("; ", problems)
            + "); its last answer: "
            + ProviderHttp.preview(answer.isEmpty() ? "(empty)" : answer));
  }

  private ChatResponse chat(List<ChatMessage> messages, JsonSchema schema) {
    try {
      ChatRequest.Builder request = ChatRequest.builder().messages(messages);
      switch (jsonMode) {
        case "schema" ->
            request.responseFormat(
                ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(schema).build());
        case "object" -> request.responseFormat(ResponseFormat.JSON);
        default -> {
          // "none": the prompt asks for JSON; the answer is parsed and repaired like any other.
        }
      }
      return model.chat(request.build());
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof ApplicationFailure af) {
          throw af;
        }
      }
      // Anything else LangChain4j raised on a 2xx answer: unparseable body, missing choices. Its
      // answer must not be served again from the cache to the retry.
      if (http != null) {
        http.evictLastAnswer();
      }
      throw ProviderFailures.retryable(
          ProviderFailures.BAD_OUTPUT,
          provider + " chat answer could not be read: " + e.getMessage());
    }
  }

  private void recordUsage(String runId, String operation, TokenUsage tokens) {
    boolean cached = http != null && http.lastAnswerCached();
    if (tokens != null) {
      if (tokens.inputTokenCount() != null) {
        usage.record(runId, provider, operation, "input_tokens", tokens.inputTokenCount(), cached);
      }
      if (tokens.outputTokenCount() != null) {
        usage.record(
            runId, provider, operation, "output_tokens", tokens.outputTokenCount(), cached);
      }
    } else {
      usage.record(runId, provider, operation, "requests", 1, cached);
    }
  }

  /** The JSON object in an answer: code fences and text around the outermost braces removed. */
  static String extractJson(String answer) {
    String s = answer.strip();
    int start = s.indexOf('{');
    int end = s.lastIndexOf('}');
    return start >= 0 && end > start ? s.substring(start, end + 1) : s;
  }

  static JsonNode readJson(String answer, List<String> problems) {
    try {
      JsonNode node = ProviderHttp.JSON.readTree(extractJson(answer));
      if (!node.isObject()) {
        problems.add("the answer is not a JSON object");
        return null;
      }
      return node;
    } catch (RuntimeException e) {
      problems.add(
          "the answer is not valid JSON ("
              + ProviderHttp.preview(String.valueOf(e.getMessage())).split("\n")[0]
              + ")");
      return null;
    }
  }

  Checked<Script> parseScript(String answer, int targetWords) {
    List<String> problems = new ArrayList<>();
    JsonNode node = readJson(answer, problems);
    if (node == null) {
      return Checked.bad(problems);
    }
    String title = node.path("title").isString() ? node.path("title").asString().strip() : "";
    if (title.isEmpty()) {
      problems.add("\"title\" is missing or blank");
    }
    List<String> sentences = new ArrayList<>();
    JsonNode array = node.path("sentences");
    if (array.isString()) {
      // Repair: one string instead of a list; split it into sentences.
      for (String s : array.asString().split("(?<=[.!?])\\s+")) {
        if (!s.isBlank()) {
          sentences.add(s.strip());
        }
      }
    } else if (array.isArray()) {
      for (JsonNode s : array) {
        if (s.isString() && !s.asString().isBlank()) {
          sentences.add(s.asString().strip());
        }
      }
    }
    if (sentences.isEmpty()) {
      problems.add("\"sentences\" must be a non-empty list of strings");
    }
    if (!problems.isEmpty()) {
      return Checked.bad(problems);
    }
    if (title.length() > 120) {
      title = title.substring(0, 120).strip();
    }
    trimToLength(sentences, targetWords);
    int words = words(sentences);
    if (words < TOO_SHORT * targetWords) {
      List<String> shortBy =
          List.of(
              "the script has "
                  + words
                  + " words, fewer than the "
                  + targetWords
                  + " asked for: write about "
                  + targetWords
                  + " words, at least "
                  + (int) Math.ceil(TOO_SHORT * targetWords));
      return words < FAR_TOO_SHORT * targetWords
          ? Checked.bad(shortBy)
          : Checked.usable(new Script(title, sentences, provider), shortBy);
    }
    return Checked.ok(new Script(title, sentences, provider));
  }

  /**
   * Drops sentences before the last one, the latest first, while the script has more than {@value
   * #TOO_LONG} times {@code targetWords}; the first and the last sentence always stay.
   */
  static void trimToLength(List<String> sentences, int targetWords) {
    int words = words(sentences);
    while (words > TOO_LONG * targetWords && sentences.size() > 2) {
      words -= words(List.of(sentences.remove(sentences.size() - 2)));
    }
  }

  private static int words(List<String> sentences) {
    int words = 0;
    for (String sentence : sentences) {
      String trimmed = sentence.strip();
      words += trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }
    return words;
  }

  Checked<List<Scene>> parseScenes(String answer, int durationSeconds) {
    List<String> problems = new ArrayList<>();
    JsonNode node = readJson(answer, problems);
    if (node == null) {
      return Checked.bad(problems);
    }
    JsonNode array = node.path("scenes");
    if (!array.isArray() || array.isEmpty()) {
      return Checked.bad(List.of("\"scenes\" must be a non-empty list"));
    }
    record Draft(String text, String prompt, String terms, double seconds) {}
    List<Draft> drafts = new ArrayList<>();
    int i = 0;
    for (JsonNode s : array) {
      String text = string(s, "text");
      String prompt = string(s, "visual_prompt");
      String terms = string(s, "search_terms");
      if (text.isEmpty()) {
        problems.add("scene " + i + ": \"text\" is missing or blank");
      }
      if (prompt.isEmpty() && terms.isEmpty()) {
        problems.add("scene " + i + ": needs \"visual_prompt\" or \"search_terms\"");
      }
      // Repairs: one of prompt/terms stands in for the other; durations are fixed below.
      double seconds =
          s.path("duration_seconds").isNumber()
              ? s.path("duration_seconds").asDouble()
              : Double.NaN;
      drafts.add(
          new Draft(
              text,
              prompt.isEmpty() ? terms : prompt,
              terms.isEmpty() ? shortTerms(prompt) : terms,
              seconds));
      i++;
    }
    if (drafts.size() > 60) {
      problems.add("too many scenes (" + drafts.size() + "); at most 60");
    }
    if (!problems.isEmpty()) {
      return Checked.bad(problems);
    }
    // Repair durations: missing, non-positive or absurd ones get an equal share of what is left;
    // then all are scaled so they add up to the requested length.
    double given = 0;
    int missing = 0;
    for (Draft d : drafts) {
      if (Double.isNaN(d.seconds()) || d.seconds() <= 0 || d.seconds() > durationSeconds) {
        missing++;
      } else {
        given += d.seconds();
      }
    }
    double share = missing == 0 ? 0 : Math.max(1.0, (durationSeconds - given) / missing);
    List<Double> seconds = new ArrayList<>();
    double total = 0;
    for (Draft d : drafts) {
      double v =
          Double.isNaN(d.seconds()) || d.seconds() <= 0 || d.seconds() > durationSeconds
              ? share
              : d.seconds();
      seconds.add(v);
      total += v;
    }
    double scale = durationSeconds / total;
    List<Scene> scenes = new ArrayList<>();
    for (int k = 0; k < drafts.size(); k++) {
      Draft d = drafts.get(k);
      double v = Math.round(seconds.get(k) * scale * 100) / 100.0;
      scenes.add(new Scene(k, d.text(), d.prompt(), v, d.terms()));
    }
    return Checked.ok(scenes);
  }

  private static String string(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isString() ? v.asString().strip() : "";
  }

  private static String shortTerms(String prompt) {
    String[] words = prompt.replaceAll("[^\\p{L}\\p{N} ]", " ").strip().split("\\s+");
    return String.join(" ", java.util.Arrays.copyOf(words, Math.min(4, words.length)));
  }
}

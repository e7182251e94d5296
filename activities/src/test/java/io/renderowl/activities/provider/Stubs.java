package io.renderowl.activities.provider;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.renderowl.infra.config.ProviderSettings;
import io.renderowl.infra.net.OutboundUrls;
import io.renderowl.infra.persistence.ProviderUsageRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Test fixtures: a WireMock server standing in for the providers, and settings pointing at it. */
public final class Stubs {
  private Stubs() {}

  /** Media URLs may point at the stubs, which listen on loopback: allowed explicitly. */
  public static final OutboundUrls LOOPBACK_ALLOWED =
      new OutboundUrls(OutboundUrls.SYSTEM_DNS, false, List.of("localhost", "127.0.0.1"));

  public static WireMockServer start() {
    WireMockServer server =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    return server;
  }

  /** Provider settings with every base URL on {@code server} and test keys. */
  public static ProviderSettings settings(WireMockServer server, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    String base = server.baseUrl();
    env.put("OPENAI_BASE_URL", base + "/v1");
    env.put("OPENAI_API_KEY", "sk-test-openai");
    env.put("ELEVENLABS_BASE_URL", base);
    env.put("ELEVENLABS_API_KEY", "xi-test-key");
    env.put("PEXELS_BASE_URL", base);
    env.put("PEXELS_API_KEY", "pexels-test-key");
    env.put("PIXABAY_BASE_URL", base);
    env.put("PIXABAY_API_KEY", "pixabay-test-key");
    env.put("STABILITY_BASE_URL", base);
    env.put("STABILITY_API_KEY", "sk-test-stability");
    env.put("RENDEROWL_PROVIDER_TIMEOUT_SECONDS", "2");
    env.putAll(extra);
    return ProviderSettings.from(name -> env.getOrDefault(name, ""));
  }

  public static ProviderHttp http(ResponseCache cache) {
    return http(cache, Duration.ofSeconds(2));
  }

  /**
   * A client with its own answer timeout: tests whose stub answers at once use a generous one, so a
   * loaded machine (WireMock slow to answer) does not turn their fault into a timeout.
   */
  public static ProviderHttp http(ResponseCache cache, Duration timeout) {
    return new ProviderHttp(RateLimiter.UNLIMITED, cache, timeout, () -> 1, LOOPBACK_ALLOWED);
  }

  /** An in-memory cache (the Redis one is tested against a real Redis). */
  public static final class MapCache implements ResponseCache {
    public final Map<String, Entry> entries = new ConcurrentHashMap<>();

    @Override
    public Optional<Entry> get(String key) {
      return Optional.ofNullable(entries.get(key));
    }

    @Override
    public void put(String key, Entry entry) {
      entries.put(key, entry);
    }

    @Override
    public void evict(String key) {
      entries.remove(key);
    }
  }

  /** Collects recorded usage. */
  public static final class Usage implements UsageSink {
    public final List<ProviderUsageRepository.Usage> rows = new ArrayList<>();

    @Override
    public synchronized void record(ProviderUsageRepository.Usage usage) {
      rows.add(usage);
    }

    public double total(String unit) {
      return rows.stream()
          .filter(u -> u.unit().equals(unit) && !u.cached())
          .mapToDouble(ProviderUsageRepository.Usage::quantity)
          .sum();
    }
  }

  /** An OpenAI chat completion whose message content is {@code content}. */
  public static String chatCompletion(String content, int promptTokens, int completionTokens) {
    return "{\"id\":\"chatcmpl-123\",\"object\":\"chat.completion\",\"created\":1731000000,\"model\":\"gpt-4o-mini\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
        + ProviderHttp.JSON.writeValueAsString(content)
        + "},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":"
        + promptTokens
        + ",\"completion_tokens\":"
        + completionTokens
        + ",\"total_tokens\":"
        + (promptTokens + completionTokens)
        + "}}";
  }
}

package io.renderowl.activities.provider;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * LangChain4j's HTTP client SPI over {@link ProviderHttp}, so the chat model's calls share the
 * Redis rate limit and response cache and fail with the same classified Temporal failures
 * (LangChain4j's own retries are switched off). Streaming is not used by the pipeline.
 */
public final class LangChainHttpClient implements HttpClient {
  private final ProviderHttp http;
  private final String provider;
  private final ThreadLocal<Boolean> lastCached = ThreadLocal.withInitial(() -> false);
  private final ThreadLocal<ProviderHttp.Call> lastCall = new ThreadLocal<>();

  public LangChainHttpClient(ProviderHttp http, String provider) {
    this.http = http;
    this.provider = provider;
  }

  /** Whether this thread's last answer came from the cache. */
  public boolean lastAnswerCached() {
    return lastCached.get();
  }

  /** Drops this thread's last answer from the cache: it failed validation. */
  public void evictLastAnswer() {
    ProviderHttp.Call call = lastCall.get();
    if (call != null) {
      http.evict(call);
    }
  }

  @Override
  public SuccessfulHttpResponse execute(HttpRequest request) {
    Map<String, String> headers = new LinkedHashMap<>();
    request.headers().forEach((k, v) -> headers.put(k, String.join(",", v)));
    byte[] body = request.body() == null ? null : request.body().getBytes(StandardCharsets.UTF_8);
    ProviderHttp.Call call =
        new ProviderHttp.Call(
            provider,
            "chat",
            request.method().name(),
            URI.create(request.url()),
            headers,
            body,
            true,
            10L << 20,
            true);
    lastCall.set(call);
    ProviderHttp.Response response = http.send(call);
    lastCached.set(response.cached());
    return SuccessfulHttpResponse.builder()
        .statusCode(response.status())
        .headers(response.headers())
        .body(response.text())
        .build();
  }

  @Override
  public void execute(
      HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    throw new UnsupportedOperationException("streaming is not used by the pipeline");
  }

  /** A builder LangChain4j can call; timeouts come from {@link ProviderHttp}. */
  public HttpClientBuilder builder() {
    LangChainHttpClient self = this;
    return new HttpClientBuilder() {
      private Duration connect = http.timeout();
      private Duration read = http.timeout();

      @Override
      public Duration connectTimeout() {
        return connect;
      }

      @Override
      public HttpClientBuilder connectTimeout(Duration timeout) {
        if (timeout != null) {
          connect = timeout;
        }
        return this;
      }

      @Override
      public Duration readTimeout() {
        return read;
      }

      @Override
      public HttpClientBuilder readTimeout(Duration timeout) {
        if (timeout != null) {
          read = timeout;
        }
        return this;
      }

      @Override
      public HttpClient build() {
        return self;
      }
    };
  }
}

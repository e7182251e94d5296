package io.renderowl.api;

import io.renderowl.activities.provider.ProviderHttp;
import io.renderowl.activities.provider.RateLimiter;
import io.renderowl.activities.provider.ResponseCache;
import io.renderowl.activities.provider.UsageSink;
import io.renderowl.activities.worker.ProviderAiStudio;
import io.renderowl.activities.worker.Providers;
import io.renderowl.infra.ai.AiStudio;
import io.renderowl.infra.config.ProviderSettings;
import io.renderowl.infra.users.Role;
import io.renderowl.infra.users.SignedInUser;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The API over in-memory runs and tokens, without database or Temporal. Run {@link #main} to try
 * the API by hand: {@code curl -H 'Authorization: Bearer alice-token' localhost:8080/api/v1/...}.
 *
 * <p>{@link ApiConfiguration} component-scans {@code io.renderowl.api}, which finds this class in
 * any context that imports it; it stays out of the engine-backed system test context (profile
 * {@code engine-api}, see {@code io.renderowl.apisystem.EngineApiTestApplication}), whose real
 * beans have the same names.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(
    excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@Import(ApiConfiguration.class)
class InMemoryApiApplication {

  static final String ALICE = "7b0c2a3e-4f7d-4c55-9a51-0d6c1f0e2a11";
  static final String BOB = "e2f1c9a4-8b6d-4e3f-a2c1-5d4b3a291807";
  static final String ALICE_TOKEN = "alice-token";
  static final String BOB_TOKEN = "bob-token";
  static final String ADMIN = "0c9e7d51-3a2b-4f8e-9d6c-1b2a3c4d5e6f";
  static final String ADMIN_TOKEN = "admin-token";

  @Bean
  InMemoryPipelineRuns pipelineRuns() {
    return new InMemoryPipelineRuns(Set.of("local-folder", "youtube"));
  }

  @Bean
  InMemoryApiTokens apiTokens() {
    return new InMemoryApiTokens(
        Map.of(
            ALICE_TOKEN, new SignedInUser(ALICE, Role.USER),
            BOB_TOKEN, new SignedInUser(BOB, Role.USER),
            ADMIN_TOKEN, new SignedInUser(ADMIN, Role.ADMIN)));
  }

  /**
   * The AI endpoints on the offline providers (deterministic writer, scene splitter, espeak-ng).
   */
  @Bean
  AiStudio aiStudio() {
    ProviderSettings offline = ProviderSettings.from(name -> "");
    ProviderHttp http =
        new ProviderHttp(RateLimiter.UNLIMITED, ResponseCache.NONE, Duration.ofSeconds(5), () -> 1);
    return new ProviderAiStudio(Providers.create(offline, http, UsageSink.NONE));
  }

  public static void main(String[] args) {
    SpringApplication.run(InMemoryApiApplication.class, args);
  }
}

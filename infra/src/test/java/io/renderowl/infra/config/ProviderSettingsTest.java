package io.renderowl.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderSettingsTest {

  static ProviderSettings of(Map<String, String> env) {
    return ProviderSettings.from(name -> env.getOrDefault(name, ""));
  }

  @Test
  void nothingConfiguredMeansTheOfflineProviders() {
    ProviderSettings s = of(Map.of());

    assertThat(s.script()).isEqualTo("offline");
    assertThat(s.visuals()).containsExactly("procedural");
    assertThat(s.voice()).isEqualTo("espeak");
    assertThat(s.missingKeys()).isEmpty();
    s.requireKeys();
  }

  @Test
  void keysSelectTheirProvidersWhenNoneIsNamed() {
    ProviderSettings s =
        of(
            Map.of(
                "OPENAI_API_KEY",
                "sk",
                "ELEVENLABS_API_KEY",
                "xi",
                "PEXELS_API_KEY",
                "p",
                "PIXABAY_API_KEY",
                "x"));

    assertThat(s.script()).isEqualTo("openai");
    assertThat(s.voice()).isEqualTo("elevenlabs");
    assertThat(s.visuals()).containsExactly("pexels", "pixabay");
    assertThat(s.openAi().baseUrl()).isEqualTo("https://api.openai.com/v1");
  }

  @Test
  void aSelectedProviderWithoutItsKeyStopsStartUpNamingTheVariable() {
    ProviderSettings s =
        of(
            Map.of(
                "RENDEROWL_VOICE_PROVIDER",
                "elevenlabs",
                "RENDEROWL_VISUAL_PROVIDERS",
                "pexels, stability,procedural",
                "RENDEROWL_SCRIPT_PROVIDER",
                "offline"));

    assertThatThrownBy(s::requireKeys)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "missing provider key(s): ELEVENLABS_API_KEY (RENDEROWL_VOICE_PROVIDER=elevenlabs); "
                + "PEXELS_API_KEY (RENDEROWL_VISUAL_PROVIDERS includes pexels); "
                + "STABILITY_API_KEY (RENDEROWL_VISUAL_PROVIDERS includes stability). Set the variable(s) or choose an offline provider.");
  }

  @Test
  void anOpenAiCompatibleBaseUrlAloneSelectsTheChatModelButStillNeedsAKey() {
    ProviderSettings s =
        of(
            Map.of(
                "OPENAI_BASE_URL",
                "http://localhost:11434/v1/",
                "RENDEROWL_LLM_MODEL",
                "llama3.1"));

    assertThat(s.script()).isEqualTo("openai");
    assertThat(s.openAi().baseUrl()).isEqualTo("http://localhost:11434/v1");
    assertThat(s.openAi().llmModel()).isEqualTo("llama3.1");
    assertThat(s.missingKeys())
        .containsExactly("OPENAI_API_KEY (RENDEROWL_SCRIPT_PROVIDER=openai)");
  }

  @Test
  void unknownNamesAreRefused() {
    assertThatThrownBy(() -> of(Map.of("RENDEROWL_VISUAL_PROVIDERS", "pexels,flickr")))
        .hasMessageStartingWith(
            "RENDEROWL_VISUAL_PROVIDERS must name only user-assets, pexels, pexels-video")
        .hasMessageEndingWith("(got 'flickr')");
    assertThatThrownBy(() -> of(Map.of("RENDEROWL_VOICE_PROVIDER", "polly")))
        .hasMessage(
            "RENDEROWL_VOICE_PROVIDER must be one of elevenlabs, openai, espeak (got 'polly')");
    assertThatThrownBy(() -> of(Map.of("RENDEROWL_PROVIDER_RPM", "fast")))
        .hasMessage("RENDEROWL_PROVIDER_RPM must be a number (got 'fast')");
  }
}

package io.renderowl.activities.providers;

import io.renderowl.activities.media.EspeakNarrator;
import java.nio.file.Path;
import java.util.List;

/** The offline voice: espeak-ng, with estimated word timings. */
public final class EspeakSpeaker implements Speaker {
  private final EspeakNarrator narrator;

  public EspeakSpeaker(EspeakNarrator narrator) {
    this.narrator = narrator;
  }

  @Override
  public String provider() {
    return EspeakNarrator.PROVIDER;
  }

  @Override
  public Speech speak(String runId, String text, String voice, Path dir) {
    String plain = Ssml.forEspeak(text);
    EspeakNarrator.Speech speech = narrator.speak(plain, voice, dir.resolve("speech-" + System.nanoTime() + ".wav"));
    double seconds = AudioCheck.check(EspeakNarrator.PROVIDER, speech.wav(), Ssml.plain(text), 0);
    return new Speech(speech.wav(), "audio/wav", "wav", seconds, WordTimings.estimate(Ssml.plain(text), seconds), "estimate");
  }

  @Override
  public List<Voice> voices() {
    return List.of(
        new Voice("en", "English (espeak-ng)", EspeakNarrator.PROVIDER, "en", ""),
        new Voice("en-us", "English US (espeak-ng)", EspeakNarrator.PROVIDER, "en-US", ""),
        new Voice("de", "German (espeak-ng)", EspeakNarrator.PROVIDER, "de", ""),
        new Voice("fr", "French (espeak-ng)", EspeakNarrator.PROVIDER, "fr", ""),
        new Voice("es", "Spanish (espeak-ng)", EspeakNarrator.PROVIDER, "es", ""),
        new Voice("pt-br", "Portuguese BR (espeak-ng)", EspeakNarrator.PROVIDER, "pt-BR", ""));
  }
}

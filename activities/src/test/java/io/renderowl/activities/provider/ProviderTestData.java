package io.renderowl.activities.provider;

import io.renderowl.activities.voice.SpeakersTest;
import java.awt.Color;

/** Stubbed provider answers for tests outside this package (the end-to-end test). */
public final class ProviderTestData {
  private ProviderTestData() {}

  public static String chatCompletion(String content, int promptTokens, int completionTokens) {
    return Stubs.chatCompletion(content, promptTokens, completionTokens);
  }

  public static String withTimestamps(byte[] audio, String text, double seconds) {
    return SpeakersTest.withTimestamps(audio, text, seconds);
  }

  public static byte[] mp3(double seconds) {
    return TestMedia.mp3(seconds);
  }

  public static byte[] jpeg(int width, int height, Color color) {
    return TestMedia.jpeg(width, height, color);
  }

  public static byte[] png(int width, int height, Color color) {
    return TestMedia.png(width, height, color);
  }
}

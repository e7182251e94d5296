package io.renderowl.infra.batch;

import java.util.List;

/**
 * Options a batch row gets when it does not set them itself.
 *
 * @param aspect "9:16", "16:9" or "1:1"
 * @param durationSeconds target length
 * @param voice voice name
 * @param platforms where to publish
 * @param style script style
 * @param language language tag
 * @param quality "full" or "preview"
 */
public record RowDefaults(
    String aspect,
    int durationSeconds,
    String voice,
    List<String> platforms,
    String style,
    String language,
    String quality) {

  public RowDefaults {
    platforms = List.copyOf(platforms);
  }

  /** 9:16, 30 s, voice "en", local-folder, educational, English, full quality. */
  public static RowDefaults standard() {
    return new RowDefaults("9:16", 30, "en", List.of("local-folder"), "educational", "en", "full");
  }

  public RowDefaults withQuality(String newQuality) {
    return new RowDefaults(aspect, durationSeconds, voice, platforms, style, language, newQuality);
  }
}

package io.renderowl.workflows;

import java.util.List;

/**
 * A written script.
 *
 * @param title video title
 * @param sentences the narration, sentence by sentence
 * @param provider who wrote it, e.g. "offline:deterministic"
 */
public record Script(String title, List<String> sentences, String provider) {
  public Script {
    sentences = List.copyOf(sentences);
  }
}

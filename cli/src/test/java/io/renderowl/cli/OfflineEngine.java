package io.renderowl.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The system properties that point a test's {@code owl} commands at a temporary state folder, the
 * in-process Temporal test server and the offline providers (whatever keys the environment holds:
 * tests never call a real provider), plus any the test adds; {@link #clear} removes them all.
 */
final class OfflineEngine {
  private static final Map<String, String> SET = new LinkedHashMap<>();

  private OfflineEngine() {}

  /** Sets the properties; {@code extra} are name, value pairs. */
  static void use(Path home, String... extra) {
    set("RENDEROWL_HOME", home.toString());
    set("RENDEROWL_TEMPORAL_SERVER", "test");
    set("RENDEROWL_SCRIPT_PROVIDER", "offline");
    set("RENDEROWL_VISUAL_PROVIDERS", "procedural");
    set("RENDEROWL_VOICE_PROVIDER", "espeak");
    for (int i = 0; i + 1 < extra.length; i += 2) {
      set(extra[i], extra[i + 1]);
    }
  }

  /** Removes every property {@link #use} set. */
  static void clear() {
    SET.keySet().forEach(System::clearProperty);
    SET.clear();
  }

  private static void set(String name, String value) {
    System.setProperty(name, value);
    SET.put(name, value);
  }
}

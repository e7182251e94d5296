package io.renderowl.infra.net;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Checks a completion callback URL when the work is asked for (runs, renders, batches): an absolute
 * http(s) URL without credentials, at most {@link #MAX_LENGTH} characters, whose host the outbound
 * guard allows (loopback, private, link-local and metadata addresses are refused before any
 * connection unless configuration allows them). The delivery checks again before each attempt.
 */
public final class CallbackUrls {
  /** The longest callback URL accepted. */
  public static final int MAX_LENGTH = 2048;

  private CallbackUrls() {}

  /**
   * What is wrong with {@code url} as a callback URL, or null when nothing is (or it is absent).
   *
   * @param guard the outbound guard; null checks the syntax only
   */
  public static @Nullable String problem(@Nullable String url, @Nullable OutboundUrls guard) {
    if (url == null || url.isBlank()) {
      return null;
    }
    if (url.length() > MAX_LENGTH) {
      return "must be at most " + MAX_LENGTH + " characters";
    }
    String stripped = url.strip();
    try {
      URI uri = new URI(stripped);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        return "must be an absolute http(s) URL, got '" + shorten(stripped) + "'";
      }
      if (uri.getUserInfo() != null) {
        return "must not carry credentials";
      }
    } catch (URISyntaxException e) {
      return "is not a URL: " + e.getReason();
    }
    if (guard != null) {
      try {
        guard.check(stripped);
      } catch (UrlRefusedException e) {
        return e.getMessage();
      }
    }
    return null;
  }

  private static String shorten(String s) {
    String oneLine = s.replaceAll("\\p{Cntrl}", "?");
    return oneLine.length() > 80 ? oneLine.substring(0, 80) + "..." : oneLine;
  }
}

package io.renderowl.infra.social;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The platforms accounts connect to over OAuth 2.0, by the name the API and CLI use. */
public enum SocialPlatform {
  YOUTUBE("youtube", "YouTube"),
  TIKTOK("tiktok", "TikTok"),
  INSTAGRAM("instagram", "Instagram"),
  FACEBOOK("facebook", "Facebook"),
  X("x", "X"),
  LINKEDIN("linkedin", "LinkedIn");

  private final String id;
  private final String label;

  SocialPlatform(String id, String label) {
    this.id = id;
    this.label = label;
  }

  /** The name in URLs, the database and variables' values: youtube, tiktok, ... */
  public String id() {
    return id;
  }

  /** The platform's own spelling, for messages. */
  public String label() {
    return label;
  }

  /** Whether the authorization uses PKCE (S256): X and TikTok. */
  public boolean pkce() {
    return this == X || this == TIKTOK;
  }

  /** Meta's platforms have no refresh token: a long-lived token is exchanged for a new one. */
  public boolean meta() {
    return this == INSTAGRAM || this == FACEBOOK;
  }

  /**
   * The platform a name spells (any case).
   *
   * @throws IllegalArgumentException naming the known platforms
   */
  public static SocialPlatform of(String name) {
    String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(p -> p.id.equals(wanted) || ("twitter".equals(wanted) && p == X))
        .findFirst()
        .orElseThrow(() ->
            new IllegalArgumentException(
                "unknown platform '"
                    + name
                    + "': must be one of "
                    + Arrays.stream(values())
                        .map(SocialPlatform::id)
                        .collect(Collectors.joining(", "))));
  }
}

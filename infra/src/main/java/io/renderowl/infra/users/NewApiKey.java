package io.renderowl.infra.users;

/**
 * A key just created: the only time its secret is shown.
 *
 * @param key the stored description
 * @param secret the key to send as {@code Authorization: Bearer <secret>}
 */
public record NewApiKey(ApiKey key, String secret) {

  @Override
  public String toString() {
    return "NewApiKey[key=" + key + ", secret=(hidden)]";
  }
}

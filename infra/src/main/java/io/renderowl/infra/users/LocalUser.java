package io.renderowl.infra.users;

import io.renderowl.infra.config.RenderowlSettings;
import io.renderowl.infra.persistence.UserRepository;
import java.util.UUID;

/**
 * The user this installation runs CLI work as, created on first start with starting credits and a
 * development API token ({@code RENDEROWL_API_DEV_TOKEN}). Other users are ordinary rows in users.
 *
 * @param id users.id
 * @param email users.email
 */
public record LocalUser(UUID id, String email) {

  public static final int STARTING_CREDITS = 1000;

  public static LocalUser ensure(RenderowlSettings settings, UserRepository users) {
    return ensure(settings, users, STARTING_CREDITS);
  }

  /**
   * @param initialGrant credits granted (a 'grant' transaction) when the user is created
   *     (RENDEROWL_CREDITS_INITIAL_GRANT)
   */
  public static LocalUser ensure(
      RenderowlSettings settings, UserRepository users, int initialGrant) {
    String email = settings.localUserEmail();
    UUID id = users.ensureUser("local:" + email, email, "Local user", initialGrant);
    users.ensureApiToken(id, "development token", settings.devApiToken());
    return new LocalUser(id, email);
  }
}

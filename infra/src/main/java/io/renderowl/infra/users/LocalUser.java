package io.renderowl.infra.users;

import io.renderowl.infra.config.RenderowlSettings;
import io.renderowl.infra.persistence.UserRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

/**
 * The user this installation runs CLI work as, created on first start with starting credits, the
 * admin role and a random API key written to {@code home/api-key} (readable by its owner only). No
 * well-known token exists: whoever can read the state folder can use the API as this user. Other
 * users are ordinary rows in users.
 *
 * @param id users.id
 * @param email users.email
 * @param apiKeyFile where the local user's API key is kept
 */
public record LocalUser(UUID id, String email, Path apiKeyFile) {

  public static final int STARTING_CREDITS = 1000;

  /** The name of the local user's key in its list of keys. */
  public static final String KEY_NAME = "local CLI key";

  public static LocalUser ensure(
      RenderowlSettings settings, UserRepository users, Accounts accounts) {
    return ensure(settings, users, accounts, STARTING_CREDITS);
  }

  /**
   * @param initialGrant credits granted (a 'grant' transaction) when the user is created
   *     (RENDEROWL_CREDITS_INITIAL_GRANT)
   */
  public static LocalUser ensure(
      RenderowlSettings settings, UserRepository users, Accounts accounts, int initialGrant) {
    String email = settings.localUserEmail();
    UUID id = users.ensureUser("local:" + email, email, "Local user", initialGrant);
    accounts.changeRole(id, Role.ADMIN);
    Path keyFile = settings.home().resolve("api-key");
    try {
      if (Files.isRegularFile(keyFile)) {
        accounts.registerApiKey(
            id, KEY_NAME, Files.readString(keyFile, StandardCharsets.UTF_8).strip());
      } else {
        NewApiKey key = accounts.createApiKey(id, KEY_NAME);
        Files.createDirectories(keyFile.getParent());
        Path partial = keyFile.resolveSibling("api-key.partial");
        Files.deleteIfExists(partial);
        Files.createFile(
            partial,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(partial, key.secret() + "\n", StandardCharsets.UTF_8);
        Files.move(partial, keyFile);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not keep the local user's API key in " + keyFile, e);
    }
    return new LocalUser(id, email, keyFile);
  }

  /** The local user's API key, as the state folder holds it. */
  public String apiKey() {
    try {
      return Files.readString(apiKeyFile, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the local user's API key " + apiKeyFile, e);
    }
  }
}

package io.renderowl.infra.persistence;

import java.util.UUID;
import javax.sql.DataSource;

/** Fresh users, so that tests sharing one database never see each other's rows. */
final class Users {

  private Users() {}

  static UUID newUser(DataSource dataSource, int initialCredits) {
    String clerkId = "user_" + UUID.randomUUID();
    return new UserRepository(dataSource)
        .ensureUser(clerkId, clerkId + "@example.test", "Test User", initialCredits);
  }
}

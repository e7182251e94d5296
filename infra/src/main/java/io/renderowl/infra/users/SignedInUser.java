package io.renderowl.infra.users;

/**
 * Who sent a request, however they proved it (API key, built-in or external JWT).
 *
 * @param userId users.id as a string (what controllers scope their queries by)
 * @param role the user's role now (read from the database, not from a token)
 */
public record SignedInUser(String userId, Role role) {

  public boolean admin() {
    return role == Role.ADMIN;
  }
}

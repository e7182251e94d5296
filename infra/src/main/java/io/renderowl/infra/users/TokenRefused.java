package io.renderowl.infra.users;

/** A bearer token that does not sign anyone in, with the reason (never the token itself). */
@SuppressWarnings("serial") // never Java-serialized
public final class TokenRefused extends RuntimeException {

  public TokenRefused(String reason) {
    super(reason, null, false, false);
  }
}

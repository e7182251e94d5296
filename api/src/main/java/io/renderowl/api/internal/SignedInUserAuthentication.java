package io.renderowl.api.internal;

import io.renderowl.infra.users.Role;
import io.renderowl.infra.users.SignedInUser;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request signed in with a bearer token: the principal is the {@link SignedInUser}, the
 * authorities are its role ({@code ROLE_USER}, plus {@code ROLE_ADMIN} for admins). The token
 * itself is not kept.
 */
@SuppressWarnings("serial") // never Java-serialized: the API keeps no sessions
final class SignedInUserAuthentication extends AbstractAuthenticationToken {
  static final String ROLE_USER = "ROLE_USER";
  static final String ROLE_ADMIN = "ROLE_ADMIN";

  private final SignedInUser user;

  SignedInUserAuthentication(SignedInUser user) {
    super(
        user.role() == Role.ADMIN
            ? List.of(new SimpleGrantedAuthority(ROLE_USER), new SimpleGrantedAuthority(ROLE_ADMIN))
            : List.of(new SimpleGrantedAuthority(ROLE_USER)));
    this.user = user;
    setAuthenticated(true);
  }

  SignedInUser user() {
    return user;
  }

  @Override
  public Object getPrincipal() {
    return user;
  }

  @Override
  public Object getCredentials() {
    return "";
  }

  @Override
  public String getName() {
    return user.userId();
  }
}

package io.renderowl.api.internal;

import io.renderowl.api.internal.AuthController.UserView;
import io.renderowl.infra.users.Account;
import io.renderowl.infra.users.Accounts;
import io.renderowl.infra.users.ApiKey;
import io.renderowl.infra.users.NewApiKey;
import io.renderowl.workflows.FieldError;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The signed-in user's profile ({@code /api/v1/user}) and API keys. */
@RestController
@RequestMapping(path = UserController.PATH, produces = MediaType.APPLICATION_JSON_VALUE)
final class UserController {

  static final String PATH = "/api/v1/user";

  private final ObjectProvider<Accounts> accounts;

  UserController(ObjectProvider<Accounts> accounts) {
    this.accounts = accounts;
  }

  /** PATCH body: a null (or absent) field stays as it is. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record UserPatch(@Nullable String name, @Nullable String avatarUrl, @Nullable String email) {}

  /** POST api-keys body. */
  record NewKeyBody(@Nullable String name) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ApiKeyView(
      String id,
      String name,
      String prefix,
      Instant createdAt,
      @Nullable Instant lastUsedAt,
      @Nullable Instant revokedAt,
      boolean active) {
    static ApiKeyView of(ApiKey k) {
      return new ApiKeyView(
          k.id().toString(),
          k.name(),
          k.prefix(),
          k.createdAt(),
          k.lastUsedAt(),
          k.revokedAt(),
          k.revokedAt() == null);
    }
  }

  /** A key just created: its secret appears here and nowhere else, ever. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record CreatedKeyView(ApiKeyView key, String secret) {}

  @GetMapping
  Envelope<UserView> me(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId) {
    return Envelope.of(UserView.of(account(userId)), requestId);
  }

  @PatchMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  Envelope<UserView> update(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestBody UserPatch body) {
    Account current = account(userId);
    if (body.email() != null && !body.email().strip().equalsIgnoreCase(current.email())) {
      throw new ApiException(
          ApiError.invalidInput(
              List.of(
                  new FieldError(
                      "email",
                      "cannot be changed here: an email change needs re-verification, which this"
                          + " server does not offer"))));
    }
    try {
      return accounts()
          .update(current.id(), body.name(), body.avatarUrl())
          .map(a -> Envelope.of(UserView.of(a), requestId))
          .orElseThrow(() -> new ApiException(ApiError.notFound("No user")));
    } catch (IllegalArgumentException e) {
      String field = e.getMessage().startsWith("avatar_url") ? "avatar_url" : "name";
      throw new ApiException(ApiError.invalidInput(List.of(new FieldError(field, e.getMessage()))));
    }
  }

  @GetMapping("/api-keys")
  Paged<ApiKeyView> keys(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestParam(required = false) @Nullable Integer page,
      @RequestParam(required = false) @Nullable Integer limit) {
    PageRequest p = PageRequest.of(page, limit);
    UUID id = account(userId).id();
    List<ApiKeyView> rows =
        accounts().apiKeys(id, (int) p.offset(), p.limit()).stream().map(ApiKeyView::of).toList();
    return Paged.of(rows, p, accounts().countApiKeys(id), requestId);
  }

  @ResponseStatus(HttpStatus.CREATED) // the answer's status, also in the OpenAPI contract
  @PostMapping(path = "/api-keys", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Envelope<CreatedKeyView>> createKey(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestBody NewKeyBody body) {
    if (body.name() == null || body.name().isBlank() || body.name().strip().length() > 100) {
      throw new ApiException(
          ApiError.invalidInput(List.of(new FieldError("name", "needs 1 to 100 characters"))));
    }
    NewApiKey key = accounts().createApiKey(account(userId).id(), body.name());
    return ResponseEntity.status(HttpStatus.CREATED)
        .location(URI.create(PATH + "/api-keys/" + key.key().id()))
        .header("Cache-Control", "no-store")
        .body(Envelope.of(new CreatedKeyView(ApiKeyView.of(key.key()), key.secret()), requestId));
  }

  @DeleteMapping("/api-keys/{id}")
  Envelope<Map<String, Object>> revokeKey(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @PathVariable String id) {
    UUID keyId = uuidOrNull(id);
    if (keyId == null || !accounts().revokeApiKey(account(userId).id(), keyId)) {
      throw new ApiException(ApiError.notFound("No API key '" + id + "'"));
    }
    return Envelope.of(Map.of("id", id, "revoked", true), requestId);
  }

  private Account account(String userId) {
    UUID id = uuidOrNull(userId);
    return (id == null ? java.util.Optional.<Account>empty() : accounts().find(id))
        .orElseThrow(() -> new ApiException(ApiError.notFound("No user")));
  }

  private static @Nullable UUID uuidOrNull(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private Accounts accounts() {
    Accounts a = accounts.getIfAvailable();
    if (a == null) {
      throw new ApiException(
          ApiError.ofStatus(
              HttpStatus.SERVICE_UNAVAILABLE, "Accounts are not available in this server"));
    }
    return a;
  }
}

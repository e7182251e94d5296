package io.renderowl.api.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.renderowl.infra.social.SocialConnections;
import io.renderowl.infra.social.SocialConnections.ConnectedAccount;
import io.renderowl.infra.social.SocialPlatform;
import io.renderowl.workflows.FieldError;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Connected accounts ({@code /api/v1/social}): start an OAuth authorization, finish it with the
 * code the platform sent back, list and disconnect accounts. Tokens never appear in an answer.
 */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
final class SocialController {

  static final String PATH = "/api/v1/social";

  private final ObjectProvider<SocialConnections> connections;

  SocialController(ObjectProvider<SocialConnections> connections) {
    this.connections = connections;
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record AuthorizeView(String platform, String authorizeUrl, String state, Instant expiresAt) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record AccountView(
      String id,
      String platform,
      @Nullable String platformUserId,
      @Nullable String username,
      @Nullable String channelName,
      String status,
      @Nullable Instant tokenExpiresAt,
      boolean hasRefreshToken,
      @Nullable String scopes,
      @Nullable String lastError,
      @Nullable Instant connectedAt) {
    static AccountView of(ConnectedAccount a) {
      return new AccountView(
          a.account().id().toString(),
          a.account().platform(),
          a.account().platformUserId(),
          a.account().username(),
          a.account().channelName(),
          a.needsReconnect() ? "needs_reconnect" : "connected",
          a.tokenExpiresAt(),
          a.hasRefreshToken(),
          a.scopes(),
          a.lastError(),
          a.connectedAt());
    }
  }

  /**
   * What the platform sent back: {@code code} and {@code state}, or the whole {@code callback_url}
   * the user landed on (its query carries both, or the platform's {@code error}).
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  record CallbackBody(
      @Nullable String code, @Nullable String state, @Nullable String callbackUrl) {}

  @GetMapping(PATH + "/auth/{platform}")
  Envelope<AuthorizeView> authorize(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @PathVariable String platform) {
    SocialPlatform p = platform(platform);
    var link = call(() -> connections().authorize(user(userId), p));
    return Envelope.of(
        new AuthorizeView(p.id(), link.url(), link.state(), link.expiresAt()), requestId);
  }

  @PostMapping(path = PATH + "/callback/{platform}", consumes = MediaType.APPLICATION_JSON_VALUE)
  Envelope<AccountView> callback(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @PathVariable String platform,
      @RequestBody CallbackBody body) {
    SocialPlatform p = platform(platform);
    Map<String, String> fromUrl = body.callbackUrl() == null ? Map.of() : query(body.callbackUrl());
    if (fromUrl.containsKey("error")) {
      throw new ApiException(
          ApiError.validation(
              p.label()
                  + " did not authorize the account: "
                  + fromUrl.get("error")
                  + (fromUrl.containsKey("error_description")
                      ? " (" + fromUrl.get("error_description") + ")"
                      : ""),
              List.of()));
    }
    String code = body.code() != null ? body.code() : fromUrl.get("code");
    String state = body.state() != null ? body.state() : fromUrl.get("state");
    if (code == null || code.isBlank()) {
      throw invalid("code", "is required (or a callback_url that carries it)");
    }
    if (state == null || state.isBlank()) {
      throw invalid("state", "is required (or a callback_url that carries it)");
    }
    ConnectedAccount a = call(() -> connections().complete(user(userId), p, code, state));
    return Envelope.of(AccountView.of(a), requestId);
  }

  @GetMapping(PATH + "/accounts")
  Paged<AccountView> accounts(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestParam(required = false) @Nullable Integer page,
      @RequestParam(required = false) @Nullable Integer limit) {
    PageRequest pr = PageRequest.of(page, limit);
    UUID user = user(userId);
    List<AccountView> rows =
        connections().accounts(user, (int) pr.offset(), pr.limit()).stream()
            .map(AccountView::of)
            .toList();
    return Paged.of(rows, pr, connections().count(user), requestId);
  }

  @DeleteMapping(PATH + "/accounts/{id}")
  Envelope<Map<String, Object>> disconnect(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @PathVariable String id) {
    UUID account = parseId(id).orElseThrow(() -> notFound(id));
    if (!connections().disconnect(user(userId), account)) {
      throw notFound(id);
    }
    return Envelope.of(Map.of("id", id, "disconnected", true), requestId);
  }

  private static ApiException notFound(String id) {
    return new ApiException(ApiError.notFound("No connected account '" + id + "'"));
  }

  private static SocialPlatform platform(String name) {
    try {
      return SocialPlatform.of(name);
    } catch (IllegalArgumentException e) {
      throw new ApiException(ApiError.notFound("No platform '" + name + "': " + e.getMessage()));
    }
  }

  /** Bad input becomes 400 with the reason; a platform's refusal 502 with what it said. */
  private static <T> T call(Supplier<T> action) {
    try {
      return action.get();
    } catch (IllegalArgumentException e) {
      throw new ApiException(ApiError.validation(e.getMessage(), List.of()));
    } catch (SocialConnections.ConnectionFailed e) {
      throw new ApiException(
          new ApiError(HttpStatus.BAD_GATEWAY, "PLATFORM_ERROR", e.getMessage(), List.of()));
    }
  }

  private static ApiException invalid(String field, String message) {
    return new ApiException(
        ApiError.validation("Invalid callback", List.of(new FieldError(field, message))));
  }

  static UUID user(String userId) {
    return UUID.fromString(userId);
  }

  static java.util.Optional<UUID> parseId(String id) {
    try {
      return java.util.Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }

  private static Map<String, String> query(String url) {
    String raw;
    try {
      raw = URI.create(url.strip()).getRawQuery();
    } catch (IllegalArgumentException e) {
      throw invalid("callback_url", "is not a URL");
    }
    Map<String, String> out = new java.util.LinkedHashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private SocialConnections connections() {
    SocialConnections c = connections.getIfAvailable();
    if (c == null) {
      throw new ApiException(
          ApiError.ofStatus(
              HttpStatus.SERVICE_UNAVAILABLE,
              "Connected accounts are not available in this server"));
    }
    return c;
  }
}

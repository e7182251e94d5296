package io.renderowl.batch.system;

import io.renderowl.infra.social.SocialConnections;
import java.time.Duration;
import java.util.List;

/**
 * Refreshes connected accounts' access tokens before they expire, through each platform's token
 * endpoint (the refresh-token grant of RFC 6749 section 6; Meta: the long-lived token exchange),
 * reading {@code expires_in} from the answer. An account the platform refuses is marked as needing
 * reconnection. Tokens are never written to the report.
 */
final class TokenRefresh implements SystemJobRunner.Task {
  private final SocialConnections connections;
  private final Duration ahead;

  TokenRefresh(SocialConnections connections, Duration ahead) {
    this.connections = connections;
    this.ahead = ahead;
  }

  @Override
  public void run(List<String> report) {
    report.addAll(connections.refreshDue(ahead));
  }
}

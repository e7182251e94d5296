package io.renderowl.batch.system;

import io.renderowl.infra.social.SocialAnalytics;
import java.util.List;

/**
 * Reads the current views, likes, comments and shares of every video published to a connected
 * platform from that platform's documented endpoint (batched and rate-limited by {@link
 * SocialAnalytics}) into {@code analytics}, one snapshot per publication and run. Local-folder
 * publications have no remote statistics and are only counted.
 */
final class AnalyticsSync implements SystemJobRunner.Task {
  private final SocialAnalytics analytics;

  AnalyticsSync(SocialAnalytics analytics) {
    this.analytics = analytics;
  }

  @Override
  public void run(List<String> report) {
    report.addAll(analytics.sync());
  }
}

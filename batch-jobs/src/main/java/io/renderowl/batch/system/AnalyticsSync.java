package io.renderowl.batch.system;

import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Analytics sync over published videos. The only publisher today is the local folder, which has no
 * remote statistics: the job records what is known (one analytics row per video and platform, with
 * zero views/likes/shares and the time it was checked) and says so. Platform publishers will fill
 * in real numbers here.
 */
final class AnalyticsSync implements SystemJobRunner.Task {
  private final JdbcClient jdbc;

  AnalyticsSync(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  @Override
  public void run(List<String> report) {
    int inserted =
        jdbc.sql(
                """
                INSERT INTO analytics (video_id, platform, views, likes, shares, comments, recorded_at)
                SELECT DISTINCT p.render_id, p.platform, 0, 0, 0, 0, NOW() FROM publications p
                WHERE p.status = 'published' AND NOT EXISTS (
                  SELECT 1 FROM analytics a WHERE a.video_id = p.render_id AND a.platform = p.platform)
                """)
            .update();
    int checked =
        jdbc.sql(
                """
                UPDATE analytics a SET recorded_at = NOW() FROM publications p
                WHERE a.video_id = p.render_id AND a.platform = p.platform AND p.status = 'published'
                """)
            .update();
    List<String> perPlatform =
        jdbc.sql(
                "SELECT platform || ': ' || count(*) FROM publications WHERE status = 'published' GROUP BY platform ORDER BY platform")
            .query(String.class)
            .list();
    if (perPlatform.isEmpty()) {
      report.add("no published videos: nothing to sync");
      return;
    }
    report.add("published videos per platform: " + String.join(", ", perPlatform));
    report.add("analytics rows: " + inserted + " new, " + checked + " checked");
    report.add(
        "local-folder has no remote statistics: views, likes and shares stay 0 until a platform publisher reports them");
  }
}

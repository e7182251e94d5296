package io.renderowl.infra.persistence;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The provider_usage table: what each run consumed from paid providers, for credits. */
public class ProviderUsageRepository {

  /** Units a usage row may carry (the table's check constraint). */
  public static final List<String> UNITS =
      List.of(
          "input_tokens",
          "output_tokens",
          "characters",
          "images",
          "audio_seconds",
          "videos",
          "requests");

  /**
   * One recorded use.
   *
   * @param runId the pipeline run
   * @param provider e.g. "openai", "elevenlabs"
   * @param operation e.g. "chat", "speech", "image"
   * @param unit one of {@link #UNITS}
   * @param quantity how much
   * @param cached true when the answer came from the response cache (nothing was paid)
   */
  public record Usage(
      String runId,
      String provider,
      String operation,
      String unit,
      double quantity,
      boolean cached) {}

  private final JdbcClient jdbc;

  public ProviderUsageRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  public void record(Usage usage) {
    if (!UNITS.contains(usage.unit())) {
      throw new IllegalArgumentException(
          "unknown usage unit '" + usage.unit() + "'; known: " + UNITS);
    }
    jdbc.sql(
            """
            INSERT INTO provider_usage (run_id, provider, operation, unit, quantity, cached)
            VALUES (:runId, :provider, :operation, :unit, :quantity, :cached)
            """)
        .param("runId", usage.runId())
        .param("provider", usage.provider())
        .param("operation", usage.operation())
        .param("unit", usage.unit())
        .param("quantity", BigDecimal.valueOf(usage.quantity()))
        .param("cached", usage.cached())
        .update();
  }

  public List<Usage> findByRun(String runId) {
    return jdbc.sql(
            "SELECT run_id, provider, operation, unit, quantity, cached FROM provider_usage WHERE run_id = :runId ORDER BY id")
        .param("runId", runId)
        .query((rs, n) ->
            new Usage(
                rs.getString("run_id"),
                rs.getString("provider"),
                rs.getString("operation"),
                rs.getString("unit"),
                rs.getBigDecimal("quantity").doubleValue(),
                rs.getBoolean("cached")))
        .list();
  }

  /** Paid (not cached) totals of a run per "provider/unit". */
  public Map<String, Double> paidTotals(String runId) {
    Map<String, Double> totals = new LinkedHashMap<>();
    for (Usage u : findByRun(runId)) {
      if (!u.cached()) {
        totals.merge(u.provider() + "/" + u.unit(), u.quantity(), Double::sum);
      }
    }
    return totals;
  }
}

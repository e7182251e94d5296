package io.renderowl.infra.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.jdbc.core.simple.JdbcClient;

// embedded PostgreSQL (a child process) shared through TestDatabase; seconds
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class WebhookDeliveryRepositoryTest {
  private static DataSource dataSource;
  private static WebhookDeliveryRepository webhooks;

  @BeforeAll
  static void migrate() {
    dataSource = TestDatabase.migrated();
    webhooks = new WebhookDeliveryRepository(dataSource);
  }

  @Test
  void aUserGetsOneSecretThatStays() {
    UUID user = Users.newUser(dataSource, 0);
    UUID other = Users.newUser(dataSource, 0);

    String secret = webhooks.secretOf(user);

    assertThat(secret).startsWith("whsec_").hasSize(6 + 64);
    assertThat(webhooks.secretOf(user)).isEqualTo(secret);
    assertThat(webhooks.secretOf(other)).isNotEqualTo(secret);
  }

  @Test
  void attemptsAreRecordedInOrderAndScopedToTheirUser() {
    UUID user = Users.newUser(dataSource, 0);
    UUID stranger = Users.newUser(dataSource, 0);
    String runId = "run-" + UUID.randomUUID();
    for (int n = 1; n <= 3; n++) {
      webhooks.record(
          new WebhookDeliveryRepository.Attempt(
              runId + ":completed",
              user,
              "run",
              runId,
              "completed",
              "http://hooks.example/...",
              n,
              n < 3 ? 503 : 200,
              n < 3 ? "failed" : "delivered",
              n < 3 ? "answered HTTP 503" : null,
              12,
              null));
    }

    var attempts = webhooks.attempts(user, "run", runId);
    assertThat(attempts)
        .extracting(WebhookDeliveryRepository.Attempt::attempt)
        .containsExactly(1, 2, 3);
    assertThat(attempts.getLast().outcome()).isEqualTo("delivered");
    assertThat(attempts.getLast().attemptedAt()).isNotNull();
    assertThat(attempts.getFirst().statusCode()).isEqualTo(503);
    assertThat(webhooks.attempts(stranger, "run", runId)).isEmpty();
  }

  @Test
  void runsAndRendersHaveACallbackUrl() {
    UUID user = Users.newUser(dataSource, 0);
    String runId = "run-" + UUID.randomUUID();
    new PipelineRunRepository(dataSource).insertIfAbsent(runId, user, "owls", "{}");

    webhooks.setRunCallback(runId, "https://hooks.example/renderowl");

    assertThat(webhooks.runCallback(runId)).contains("https://hooks.example/renderowl");
    assertThat(
            JdbcClient.create(dataSource)
                .sql(
                    "SELECT count(*) FROM information_schema.columns WHERE table_name = 'renders'"
                        + " AND column_name = 'callback_url'")
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }
}

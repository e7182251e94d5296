package io.renderowl.batch.credits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.renderowl.batch.BatchEngineTestApplication;
import io.renderowl.infra.batch.BatchProgress;
import io.renderowl.infra.batch.BatchSubmitted;
import io.renderowl.infra.batch.BulkBatches;
import io.renderowl.infra.batch.Channel;
import io.renderowl.infra.batch.ChannelFire;
import io.renderowl.infra.batch.ChannelSpec;
import io.renderowl.infra.batch.Channels;
import io.renderowl.infra.batch.RowDefaults;
import io.renderowl.infra.credits.Credits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Batch rows and channel fires of a user whose credits do not cover a run: each is recorded as
 * refused with INSUFFICIENT_CREDITS and the amounts, and nothing starts.
 */
@Tag("system")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(classes = BatchEngineTestApplication.class)
class CreditRefusalSystemTest {

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    BatchEngineTestApplication.properties(registry);
  }

  @Autowired BulkBatches batches;
  @Autowired Channels channels;
  @Autowired Credits credits;
  @Autowired DataSource dataSource;

  /** A user with one credit: a 30 s run reserves 2 at the default prices. */
  private UUID poorUser() {
    String clerkId = "poor_" + UUID.randomUUID();
    JdbcClient.create(dataSource)
        .sql(
            "INSERT INTO users (clerk_id, email, name, credits_balance) VALUES (:c, :e, 'Poor', 0)")
        .param("c", clerkId)
        .param("e", clerkId + "@example.test")
        .update();
    UUID id = credits.findUser(clerkId + "@example.test").orElseThrow();
    credits.grant(id, 1, "one credit", "test-grant:" + id);
    return id;
  }

  @Test
  void batchRowsAreRefusedWithTheReasonAndStartNothing(@TempDir Path tmp) throws Exception {
    UUID user = poorUser();
    Path csv = tmp.resolve("rows.csv");
    Files.write(csv, List.of("topic,duration", "Tides,30", "Comets,30", "Volcanoes,30"));

    BatchSubmitted submitted = batches.submit(user.toString(), "poor", csv, RowDefaults.standard());
    BatchProgress done =
        await()
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> batches.status(submitted.batchId(), 0, 100).orElseThrow(),
                BatchProgress::finished);

    assertThat(done.skipped()).isEqualTo(3);
    assertThat(done.skipReport())
        .hasSize(3)
        .allSatisfy(r ->
            assertThat(r.reason())
                .isEqualTo("INSUFFICIENT_CREDITS: this needs 2 credit(s), 1 available"));
    assertThat(runsOf(user)).isZero();
    assertThat(credits.balance(user)).isEqualTo(new Credits.Balance(1, 0, 1));
  }

  @Test
  void aChannelFireIsRefusedWithTheReasonAndStartsNothing() {
    UUID user = poorUser();
    Channel c =
        channels.add(
            new ChannelSpec(
                user.toString(),
                "Poor channel",
                "0 9 * * *",
                "UTC",
                "list",
                List.of("Tides", "Comets"),
                null,
                2,
                "9:16",
                30,
                "en",
                List.of("local-folder"),
                "educational",
                "en",
                "preview"));

    ChannelFire fire = channels.runNow(c.id());

    assertThat(fire.runIds()).isEmpty();
    assertThat(fire.message())
        .startsWith("started no run")
        .contains("refused 'Tides': INSUFFICIENT_CREDITS: this needs 2 credit(s), 1 available");
    assertThat(runsOf(user)).isZero();
  }

  private long runsOf(UUID user) {
    return JdbcClient.create(dataSource)
        .sql("SELECT count(*) FROM pipeline_runs WHERE user_id = :u")
        .param("u", user)
        .query(Long.class)
        .single();
  }
}

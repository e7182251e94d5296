package io.renderowl.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.renderowl.apibatch.BatchApiTestApplication;
import io.renderowl.infra.users.LocalUser;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * /api/v1/batch, /api/v1/channels and /api/v1/jobs over HTTP on the real engine (instant stages).
 */
@Tag("system")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(
    classes = BatchApiTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BatchApiSystemTest {
  @Autowired LocalUser localUser;

  /** The local user's API key (random, from the state folder): an admin, so it may run jobs. */
  private String[] auth() {
    return new String[] {
      "Authorization", "Bearer " + localUser.apiKey(), "Content-Type", "application/json"
    };
  }

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    BatchApiTestApplication.properties(registry);
  }

  @LocalServerPort int port;
  ApiClient api;

  @BeforeEach
  void connect() {
    api = new ApiClient(port);
  }

  @Test
  void aBatchPostedAsJsonItemsEndsWithItsCountsOutcomesAndSkipReport() throws Exception {
    ApiClient.Reply created =
        api.post(
            "/api/v1/batch",
            "{\"name\":\"api\",\"items\":[{\"topic\":\"Tides\",\"duration\":12},{\"topic\":\"Comets\",\"aspect\":\"4:3\"},"
                + "{\"topic\":\"Glaciers\",\"platforms\":[\"local-folder\"],\"quality\":\"preview\"}]}",
            auth());
    assertThat(created.status()).as(created.body()).isEqualTo(202);
    String url = created.text("/data/status_url");
    assertThat(created.header("Location")).isEqualTo(url);

    ApiClient.Reply status =
        await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> api.get(url, auth()),
                r ->
                    r.text("/data/status").equals("completed")
                        || r.text("/data/status").equals("failed"));

    assertThat(status.text("/data/status")).as(status.body()).isEqualTo("completed");
    assertThat(status.json().at("/data/total_items").asInt()).isEqualTo(3);
    assertThat(status.json().at("/data/counts/completed").asInt()).isEqualTo(2);
    assertThat(status.json().at("/data/counts/skipped").asInt()).isEqualTo(1);
    assertThat(status.json().at("/data/skip_report/0/line").asInt()).isEqualTo(2);
    assertThat(status.text("/data/skip_report/0/reason")).contains("aspect");
    assertThat(status.text("/data/items/0/status")).isEqualTo("completed");
    assertThat(status.text("/data/items/0/run_id")).startsWith("run-");

    assertThat(api.get("/api/v1/batch/00000000-0000-0000-0000-000000000000", auth()).status())
        .isEqualTo(404);
    ApiClient.Reply empty = api.post("/api/v1/batch", "{\"items\":[]}", auth());
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.detailFor("items")).contains("non-empty");
  }

  @Test
  void theSkipReportExportsAsCsvWithFormulaCellsNeutralised() throws Exception {
    String csv =
        "topic,aspect\n"
            + "\"=HYPERLINK(\"\"http://127.0.0.1/x\"\",\"\"click\"\")\",4:3\n"
            + "+1+cmd,4:3\n"
            + "@SUM(A1:A2),4:3\n"
            + "-2+3,4:3\n"
            + "Owls at night,4:3\n";
    ApiClient.Reply created =
        api.post(
            "/api/v1/batch?name=hostile",
            csv,
            "Authorization",
            "Bearer " + localUser.apiKey(),
            "Content-Type",
            "text/csv");
    assertThat(created.status()).as(created.body()).isEqualTo(202);
    String url = created.text("/data/status_url");
    ApiClient.Reply status =
        await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> api.get(url, auth()), r -> r.text("/data/status").equals("completed"));
    assertThat(status.json().at("/data/counts/skipped").asInt()).isEqualTo(5);

    ApiClient.Reply export = api.get(url + "/skipped.csv", auth());

    assertThat(export.status()).as(export.body()).isEqualTo(200);
    assertThat(export.header("Content-Type")).startsWith("text/csv");
    assertThat(export.header("Content-Disposition"))
        .startsWith("attachment")
        .contains("-skipped.csv");
    List<CSVRecord> rows =
        CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new StringReader(export.body()))
            .getRecords();
    assertThat(rows)
        .extracting(r -> r.get("line") + "|" + r.get("topic"))
        .containsExactly(
            "2|'=HYPERLINK(\"http://127.0.0.1/x\",\"click\")",
            "3|'+1+cmd",
            "4|'@SUM(A1:A2)",
            "5|'-2+3",
            "6|Owls at night");
    assertThat(rows).allSatisfy(r -> assertThat(r.get("reason")).contains("aspect"));
    for (CSVRecord r : rows) {
      for (String cell : r) {
        assertThat(cell.isEmpty() || "=+-@\t\r".indexOf(cell.charAt(0)) < 0).as(cell).isTrue();
      }
    }
    assertThat(
            api.get("/api/v1/batch/00000000-0000-0000-0000-000000000000/skipped.csv", auth())
                .status())
        .isEqualTo(404);
  }

  @Test
  void channelsAndSystemJobsAreManagedOverRest() {
    ApiClient.Reply bad =
        api.post(
            "/api/v1/channels",
            "{\"name\":\"x\",\"cron_expr\":\"nope\",\"topic_source\":\"list\"}",
            auth());
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.detailFor("cron")).contains("not a cron expression");

    ApiClient.Reply c =
        api.post(
            "/api/v1/channels",
            "{\"name\":\"Rest channel\",\"cron_expr\":\"0 9 * * *\",\"timezone\":\"Europe/Berlin\",\"topic_source\":\"list\","
                + "\"topics\":[\"One\",\"Two\"],\"duration\":12}",
            auth());
    assertThat(c.status()).as(c.body()).isEqualTo(201);
    String id = c.text("/data/id");
    assertThat(c.text("/data/cron_expr")).isEqualTo("0 0 9 * * ?");

    ApiClient.Reply fired = api.post("/api/v1/channels/" + id + "/run", "", auth());
    assertThat(fired.status()).as(fired.body()).isEqualTo(200);
    assertThat(fired.text("/data/topics/0")).isEqualTo("One");
    assertThat(api.post("/api/v1/channels/" + id + "/pause", "", auth()).text("/data/is_active"))
        .isEqualTo("false");
    assertThat(api.get("/api/v1/channels", auth()).json().at("/data").size())
        .isGreaterThanOrEqualTo(1);
    assertThat(
            api.send(
                    "DELETE",
                    "/api/v1/channels/" + id,
                    java.net.http.HttpRequest.BodyPublishers.noBody(),
                    auth())
                .status())
        .isEqualTo(200);
    assertThat(api.get("/api/v1/channels/" + id, auth()).status()).isEqualTo(404);

    ApiClient.Reply job = api.post("/api/v1/jobs/stuck-run-reaper/run", "", auth());
    assertThat(job.status()).as(job.body()).isEqualTo(200);
    assertThat(job.text("/data/status")).isEqualTo("COMPLETED");
    assertThat(api.post("/api/v1/jobs/nope/run", "", auth()).status()).isEqualTo(404);
  }
}

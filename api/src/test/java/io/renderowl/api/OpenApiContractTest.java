package io.renderowl.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The committed contract {@code api/openapi.json} is what the server generates. After changing an
 * endpoint, regenerate it with:
 *
 * <pre>
 * ./mvnw -q -pl api -am test -Dtest=OpenApiContractTest -Dsurefire.failIfNoSpecifiedTests=false -Drenderowl.openapi.write=true
 * </pre>
 */
@SpringBootTest(
    classes = InMemoryApiApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OpenApiContractTest {

  static final Path COMMITTED = Path.of("openapi.json");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;

  @Test
  void theCommittedContractIsTheGeneratedOne() throws Exception {
    ApiClient.Reply reply = new ApiClient(port).get("/api/v1/openapi.json");
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonNode generated = reply.json();
    assertThat(generated.at("/openapi").asString()).startsWith("3.1");
    if (Boolean.getBoolean("renderowl.openapi.write")) {
      Files.writeString(
          COMMITTED, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(generated) + "\n");
    }
    JsonNode committed = JSON.readTree(Files.readString(COMMITTED));
    assertThat(generated)
        .as(
            "api/openapi.json differs from the generated contract; regenerate it: ./mvnw -q -pl api"
                + " -am test -Dtest=OpenApiContractTest -Dsurefire.failIfNoSpecifiedTests=false"
                + " -Drenderowl.openapi.write=true")
        .isEqualTo(committed);
  }

  @Test
  void theContractDescribesTheEndpointsTheListFormatAndTheErrorEnvelope() {
    JsonNode contract = new ApiClient(port).get("/api/v1/openapi.json").json();
    for (String path :
        new String[] {
          "/api/v1/timelines",
          "/api/v1/timelines/{id}",
          "/api/v1/timelines/{id}/tracks",
          "/api/v1/timelines/{id}/clips",
          "/api/v1/tracks/{id}",
          "/api/v1/clips/{id}",
          "/api/v1/projects",
          "/api/v1/render",
          "/api/v1/render/{id}",
          "/api/v1/pipelines"
        }) {
      assertThat(contract.at("/paths").has(path)).as(path).isTrue();
    }
    JsonNode list = contract.at("/components/schemas/PagedTimelineSummaryView/properties");
    assertThat(list.has("data") && list.has("pagination") && list.has("meta"))
        .as(list.toString())
        .isTrue();
    assertThat(contract.at("/components/schemas/Pagination/properties").has("total_pages"))
        .isTrue();
    assertThat(contract.at("/components/schemas/TrackView/properties").has("is_locked")).isTrue();
    assertThat(contract.at("/paths/~1api~1v1~1timelines/get/responses/401/content").isMissingNode())
        .isFalse();
  }
}

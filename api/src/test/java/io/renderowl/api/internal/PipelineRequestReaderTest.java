package io.renderowl.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.FieldError;
import io.renderowl.workflows.PipelineRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class PipelineRequestReaderTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String USER = "7b0c2a3e-4f7d-4c55-9a51-0d6c1f0e2a11";

  @Test
  void aBodyWithOnlyATopicGetsTheDefaults() {
    PipelineRequest request = read("{\"topic\": \"Owls\"}", "");

    assertThat(request)
        .isEqualTo(
            new PipelineRequest(
                USER, "Owls", Aspect.VERTICAL, 30, "en", List.of("local-folder"), ""));
  }

  @Test
  void everyFieldAndTheIdempotencyKeyAreRead() {
    PipelineRequest request =
        read(
            """
            {"topic": "Owls", "aspect": "1:1", "duration": 90, "voice": "en-us",
             "platforms": ["local-folder", "youtube"]}
            """,
            "key-1");

    assertThat(request)
        .isEqualTo(
            new PipelineRequest(
                USER,
                "Owls",
                Aspect.SQUARE,
                90,
                "en-us",
                List.of("local-folder", "youtube"),
                "key-1"));
  }

  @Test
  void accountsAndAPublishTimeAreRead() {
    PipelineRequest request =
        read(
            """
            {"topic": "Owls", "accounts": ["0d6c1f0e-2a11-4c55-9a51-7b0c2a3e4f7d"],
             "publish_at": "2030-01-01T10:00:00Z"}
            """,
            "");

    assertThat(request.accounts()).containsExactly("0d6c1f0e-2a11-4c55-9a51-7b0c2a3e4f7d");
    assertThat(request.publishAt()).isEqualTo("2030-01-01T10:00:00Z");
    assertThat(
            problemsWith("{\"topic\": \"Owls\", \"accounts\": [\"x\"], \"publish_at\": \"soon\"}"))
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder("accounts", "publish_at");
  }

  @Test
  void nullFieldsCountAsAbsent() {
    PipelineRequest request =
        read("{\"topic\": \"Owls\", \"aspect\": null, \"platforms\": null}", "");

    assertThat(request.aspect()).isEqualTo(Aspect.VERTICAL);
    assertThat(request.platforms()).containsExactly("local-folder");
  }

  @Test
  void aFieldWithAWrongTypeIsReportedOnceEvenWhenValidationWouldAlsoFaultIt() {
    assertThat(problemsWith("{\"topic\": [\"Owls\"], \"platforms\": [\"youtube\", 3]}"))
        .containsExactly(
            new FieldError("topic", "must be a string"),
            new FieldError("platforms", "must be an array of strings"));
  }

  @Test
  void aDurationTooLargeForAnIntIsOutOfRange() {
    assertThat(problemsWith("{\"topic\": \"Owls\", \"duration\": 99999999999999999999}"))
        .extracting(FieldError::field, FieldError::message)
        .containsExactly(tuple("duration", "must be between 10 and 600 seconds"));
  }

  @Test
  void aBodyThatIsNotAnObjectIsRejectedAsAWhole() {
    ApiException e = catchThrowableOfType(ApiException.class, () -> read("\"Owls\"", ""));

    assertThat(e.error().message()).isEqualTo("Request body must be a JSON object");
    assertThat(e.error().details()).isEmpty();
  }

  private static PipelineRequest read(String body, String idempotencyKey) {
    return PipelineRequestReader.read(JSON.readTree(body), USER, idempotencyKey);
  }

  private static List<FieldError> problemsWith(String body) {
    return catchThrowableOfType(ApiException.class, () -> read(body, "")).error().details();
  }
}

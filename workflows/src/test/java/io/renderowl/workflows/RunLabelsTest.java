package io.renderowl.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunLabelsTest {
  private static final String USER = "0b6f1e4e-8a43-4f0e-9d7e-3c1b1f3f4a10";

  private static PipelineRequest request(String topic, String key, List<String> platforms) {
    return new PipelineRequest(
        USER, topic, Aspect.parse("16:9"), 30, "en", platforms, key, null, null, null);
  }

  @Test
  void aBatchRowsRunNamesItsBatchAndAChannelsRunItsChannel() {
    assertThat(RunLabels.batchId("batch:7f2c:12")).contains("7f2c");
    assertThat(RunLabels.channelId("batch:7f2c:12")).isEmpty();
    assertThat(RunLabels.channelId("channel:c-9:topic-key")).contains("c-9");
    assertThat(RunLabels.origin("channel:c-9:topic-key")).isEqualTo("channel");
    assertThat(RunLabels.origin("launch-1")).isEqualTo("request");
    assertThat(RunLabels.origin("")).isEqualTo("request");
    assertThat(RunLabels.batchId("batch::3")).isEmpty();
  }

  @Test
  void theSummaryReadsAsOneLineAndCutsLongTopics() {
    assertThat(
            RunLabels.summary(
                request("Why the sky is blue", "batch:b1:4", List.of("local-folder"))))
        .isEqualTo("Video \"Why the sky is blue\" 16:9 30 s -> local-folder (batch b1)");
    String longTopic = "x".repeat(300);
    assertThat(RunLabels.summary(request(longTopic, "", List.of()))).hasSizeLessThan(120);
  }

  @Test
  void theMemoHoldsTheTopic() {
    assertThat(RunLabels.memo(request("  Owls  ", "", List.of())))
        .containsEntry(RunLabels.MEMO_TOPIC, "Owls");
  }

  @Test
  void everySearchAttributeIsRegisteredWithItsType() {
    assertThat(PipelineSearchAttributes.registrations())
        .containsExactly(
            "RenderowlUser=Keyword",
            "RenderowlStage=Keyword",
            "RenderowlChannel=Keyword",
            "RenderowlBatch=Keyword",
            "RenderowlPlatform=KeywordList");
  }

  @Test
  void aNewRunStartsWithItsUserBatchPlatformsAndTheQueuedStage() {
    var attributes =
        PipelineSearchAttributes.forRun(
            request("Owls", "batch:b1:4", List.of("youtube", "tiktok")));

    assertThat(attributes.get(PipelineSearchAttributes.USER)).isEqualTo(USER);
    assertThat(attributes.get(PipelineSearchAttributes.BATCH)).isEqualTo("b1");
    assertThat(attributes.containsKey(PipelineSearchAttributes.CHANNEL)).isFalse();
    assertThat(attributes.get(PipelineSearchAttributes.PLATFORM))
        .containsExactly("youtube", "tiktok");
    assertThat(attributes.get(PipelineSearchAttributes.STAGE)).isEqualTo(Stage.QUEUED.label());
  }
}

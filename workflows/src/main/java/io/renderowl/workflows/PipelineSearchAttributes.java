package io.renderowl.workflows;

import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import java.util.List;
import java.util.Locale;

/**
 * Search attributes the pipeline sets, so operators can filter runs in the Temporal UI. They must
 * be registered on the server (the embedded dev server registers {@link #ALL}); where they are not,
 * the starter does not set them and the workflow does not upsert them.
 */
public final class PipelineSearchAttributes {
  public static final SearchAttributeKey<String> USER =
      SearchAttributeKey.forKeyword("RenderowlUser");
  public static final SearchAttributeKey<String> STAGE =
      SearchAttributeKey.forKeyword("RenderowlStage");
  public static final SearchAttributeKey<String> CHANNEL =
      SearchAttributeKey.forKeyword("RenderowlChannel");
  public static final SearchAttributeKey<String> BATCH =
      SearchAttributeKey.forKeyword("RenderowlBatch");
  public static final SearchAttributeKey<List<String>> PLATFORM =
      SearchAttributeKey.forKeywordList("RenderowlPlatform");

  /** Every attribute, to register on a server. */
  public static final List<SearchAttributeKey<?>> ALL =
      List.of(USER, STAGE, CHANNEL, BATCH, PLATFORM);

  private PipelineSearchAttributes() {}

  /**
   * {@code Name=Type} as {@code temporal server start-dev --search-attribute} and {@code temporal
   * operator search-attribute create} take them, e.g. {@code RenderowlPlatform=KeywordList}.
   */
  public static List<String> registrations() {
    return ALL.stream().map(k -> k.getName() + "=" + typeName(k)).toList();
  }

  private static String typeName(SearchAttributeKey<?> key) {
    // INDEXED_VALUE_TYPE_KEYWORD_LIST -> KeywordList
    String[] words = key.getValueType().name().substring("INDEXED_VALUE_TYPE_".length()).split("_");
    StringBuilder name = new StringBuilder();
    for (String w : words) {
      name.append(w.charAt(0)).append(w.substring(1).toLowerCase(Locale.ROOT));
    }
    return name.toString();
  }

  /** What a new run starts with: its user, channel or batch, platforms and the queued stage. */
  public static SearchAttributes forRun(PipelineRequest request) {
    SearchAttributes.Builder attributes =
        SearchAttributes.newBuilder()
            .set(USER, request.userId())
            .set(STAGE, Stage.QUEUED.label())
            .set(PLATFORM, request.platforms());
    RunLabels.channelId(request.requestKey()).ifPresent(c -> attributes.set(CHANNEL, c));
    RunLabels.batchId(request.requestKey()).ifPresent(b -> attributes.set(BATCH, b));
    return attributes.build();
  }
}

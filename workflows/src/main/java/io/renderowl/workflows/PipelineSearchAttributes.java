package io.renderowl.workflows;

import io.temporal.common.SearchAttributeKey;

/**
 * Search attributes the pipeline sets, so operators can filter runs in the Temporal UI. They must
 * be registered on the server (the embedded dev server registers them); where they are not, the
 * starter does not set them and the workflow does not upsert them.
 */
public final class PipelineSearchAttributes {
  public static final SearchAttributeKey<String> USER =
      SearchAttributeKey.forKeyword("RenderowlUser");
  public static final SearchAttributeKey<String> STAGE =
      SearchAttributeKey.forKeyword("RenderowlStage");

  private PipelineSearchAttributes() {}
}

package io.renderowl.batch.bulk;

import io.renderowl.workflows.PipelineRequest;

/**
 * A validated row: the request to start, or the reason it is skipped.
 *
 * @param line the row's first line in the file
 * @param topic the row's topic (may be blank for skipped rows)
 * @param request the run to start, null when skipped
 * @param skipReason every problem with the row, null when valid
 */
record BatchItem(int line, String topic, PipelineRequest request, String skipReason) {

  boolean valid() {
    return request != null;
  }
}

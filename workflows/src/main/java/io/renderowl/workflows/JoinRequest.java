package io.renderowl.workflows;

import java.util.List;

/**
 * Chunks and audio to join into the final MP4 (stream copy, no re-encoding).
 *
 * @param request the render
 * @param prepared what prepare produced (render id, audio key, geometry)
 * @param chunks every chunk in order
 */
public record JoinRequest(
    RenderRequest request, PreparedRender prepared, List<ChunkResult> chunks) {
  public JoinRequest {
    chunks = List.copyOf(chunks);
  }
}

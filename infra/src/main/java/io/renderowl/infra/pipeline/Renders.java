package io.renderowl.infra.pipeline;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Renders of stored timelines asked for over the API: each is its own {@code renders} row and its
 * own render workflow (the workflow id is the row's {@code run_id}). Every query is scoped to the
 * user.
 */
public interface Renders {

  /**
   * Starts a render of the user's timeline, or finds the render the same idempotency key started.
   *
   * @throws InvalidRequestException naming the fields that are wrong (nothing is started)
   * @throws TimelineEditException NOT_FOUND for an unknown timeline, INVALID when it cannot be
   *     rendered as stored
   */
  StartedRender start(RenderOrder order);

  /**
   * The render named by its id or its run id ({@code render-…}, what {@code owl render} prints), if
   * it exists and belongs to the user.
   */
  Optional<RenderView> find(String userId, String renderId);

  /** The user's renders, newest first, optionally of one timeline. */
  PageOf<RenderView> list(String userId, @Nullable String timelineId, long offset, int limit);

  /**
   * Asks the render to stop: its chunks stop at their next heartbeat and the row ends {@code
   * cancelled}. A render that has already ended is left as it is.
   *
   * @return the render as it stands after the request, empty when unknown
   */
  Optional<RenderView> cancel(String userId, String renderId);

  /** A render by its id or its run id, whoever it belongs to (operators, CLI). */
  Optional<RenderView> findAny(String idOrRunId);

  /** {@link #cancel} for a render named by its id or run id, whoever it belongs to (CLI). */
  Optional<RenderView> cancelAny(String idOrRunId);
}

package io.renderowl.infra.pipeline;

import io.renderowl.workflows.CompletionCallback;
import org.jspecify.annotations.Nullable;

/**
 * Completion callbacks for work that does not run in Temporal itself (bulk batches run in Spring
 * Batch): the URL checked when the work is asked for, the delivery started as a durable workflow
 * that runs the same signed, retried delivery activity as runs and renders.
 */
public interface CompletionCallbacks {

  /**
   * What is wrong with {@code url} as a callback URL (not absolute http(s), credentials in it, a
   * loopback, private, link-local or metadata host the configuration does not allow), or null when
   * nothing is or there is none. Nothing is connected to.
   */
  @Nullable String problem(@Nullable String url);

  /**
   * Starts delivering {@code callback}; once per delivery id, however often it is asked for.
   *
   * @throws RuntimeException when the delivery could not be started (ask again later)
   */
  void deliver(CompletionCallback callback);
}

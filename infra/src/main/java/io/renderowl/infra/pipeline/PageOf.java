package io.renderowl.infra.pipeline;

import java.util.List;

/**
 * One page of a list and the size of the whole list.
 *
 * @param rows this page's rows
 * @param total rows in the whole list
 */
public record PageOf<T>(List<T> rows, long total) {
  public PageOf {
    rows = List.copyOf(rows);
  }
}

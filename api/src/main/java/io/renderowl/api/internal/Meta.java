package io.renderowl.api.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The {@code meta} part of every response. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record Meta(String requestId, Instant timestamp) {

  static Meta now(String requestId) {
    return new Meta(requestId, Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }
}

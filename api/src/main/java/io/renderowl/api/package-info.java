/**
 * Renderowl's REST API ({@code /api/v1}): starts pipeline runs and reports their status. Apps serve
 * it by importing {@link io.renderowl.api.ApiConfiguration}; everything else lives in {@code
 * internal}. It reaches the pipeline only through {@code io.renderowl.infra.pipeline} and the users
 * through {@code io.renderowl.infra.users}.
 */
@NullMarked
package io.renderowl.api;

import org.jspecify.annotations.NullMarked;

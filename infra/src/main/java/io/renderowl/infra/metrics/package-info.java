/**
 * Renderowl's own meters: one class, {@link io.renderowl.infra.metrics.RenderowlMeters}, names them
 * all so that the Prometheus names, the Grafana dashboard and the README list stay one set.
 */
package io.renderowl.infra.metrics;

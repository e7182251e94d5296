/**
 * Readiness of the servers a process depends on (PostgreSQL, Redis, S3, the Temporal frontend), as
 * Spring Boot health indicators on the management port: {@link
 * io.renderowl.infra.health.HealthConfiguration} wires them, {@code internal} holds them.
 */
package io.renderowl.infra.health;

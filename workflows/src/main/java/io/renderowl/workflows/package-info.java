/**
 * The pipeline's contract: data types (records), the workflow and activity interfaces, and the
 * task-queue names. Code here is deterministic: no Spring, no JDBC, no I/O. Activity
 * implementations live in the {@code activities} module; clients and workers are wired in {@code
 * infra}.
 */
package io.renderowl.workflows;

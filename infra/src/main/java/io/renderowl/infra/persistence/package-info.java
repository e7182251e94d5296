/**
 * JDBC repositories over the Liquibase-managed schema ({@code db/changelog}). Each repository is a
 * plain class built from a {@link javax.sql.DataSource}; multi-row writes run in one transaction,
 * and every write that a retried workflow activity may repeat is idempotent.
 */
package io.renderowl.infra.persistence;

/**
 * Operator views for admins: every user's accounts, runs and renders ({@link
 * io.renderowl.infra.admin.OperatorViews}), each read written to the audit log. The implementation
 * lives in {@code internal}.
 */
package io.renderowl.infra.admin;

/**
 * Templates: timeline documents with {@code {{NAME}}} merge fields and a declared list of fields,
 * built in (shipped in this module's resources) or owned by a user; {@link
 * io.renderowl.infra.templates.MergeFields} fills them into a timeline document.
 */
package io.renderowl.infra.templates;

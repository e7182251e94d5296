/**
 * Completion callbacks: a signed JSON POST to the user's {@code callback_url} through the outbound
 * URL guard, each attempt recorded; Temporal retries failed attempts with backoff.
 */
package io.renderowl.activities.callback;

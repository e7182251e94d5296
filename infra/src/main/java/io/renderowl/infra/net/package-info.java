/**
 * Outbound requests made on a user's behalf (feeds, asset and music URLs, completion callbacks):
 * {@link io.renderowl.infra.net.OutboundUrls} refuses those that resolve to loopback, private,
 * link-local or metadata addresses, before any connection and again at every redirect.
 */
package io.renderowl.infra.net;

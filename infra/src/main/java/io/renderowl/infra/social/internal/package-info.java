/**
 * The social contracts' implementations: tokens sealed with AES-GCM ({@code TokenCipher}), each
 * platform's OAuth 2.0 contract ({@code OAuthClient}) and analytics endpoints ({@code
 * MetricsReader}), over JDBC ({@code JdbcSocialAccounts}, {@code JdbcSocialAnalytics}).
 */
package io.renderowl.infra.social.internal;

/**
 * HTTP plumbing shared by every stage that calls an external provider: the HTTP client with failure
 * classification and Retry-After, the shared Redis token bucket, the response cache and usage
 * recording.
 */
package io.renderowl.activities.provider;

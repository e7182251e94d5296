/** TEST-ONLY instant provider set for benchmarks and tests (RENDEROWL_PROVIDERS=instant). */
package io.renderowl.activities.instant;

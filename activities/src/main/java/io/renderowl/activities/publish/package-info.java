/** Publish stage: publishers per platform and the activity that records publications. */
package io.renderowl.activities.publish;

/**
 * Timeline documents as files: the JSON format {@code owl render} reads (snake_case like the
 * seed's tables), and checks that a timeline's media sources can be reached.
 */
package io.renderowl.activities.timeline;

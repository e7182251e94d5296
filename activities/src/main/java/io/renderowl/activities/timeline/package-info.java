/**
 * Timeline stage: lays scenes, captions, voice and music out on tracks ({@link
 * io.renderowl.activities.timeline.TimelineAssembler}), the music library, and the timeline JSON
 * file format that {@code owl render} reads ({@link
 * io.renderowl.activities.timeline.TimelineJson}).
 */
package io.renderowl.activities.timeline;

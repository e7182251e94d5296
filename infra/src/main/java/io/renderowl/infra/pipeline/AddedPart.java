package io.renderowl.infra.pipeline;

/**
 * A track or clip that was added.
 *
 * @param timeline the timeline after the change
 * @param id the new track's or clip's id
 */
public record AddedPart(StoredTimeline timeline, String id) {}

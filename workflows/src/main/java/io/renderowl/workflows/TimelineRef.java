package io.renderowl.workflows;

/** A persisted timeline (timelines/tracks/clips rows) and its frame geometry. */
public record TimelineRef(
    String timelineId, double durationSeconds, int width, int height, int fps, int clipCount) {}

package io.renderowl.workflows;

/**
 * Where a video was published.
 *
 * @param platform e.g. "local-folder"
 * @param location platform URL or path
 * @param publicationId publications.id
 */
public record Publication(String platform, String location, String publicationId) {}

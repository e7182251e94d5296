package io.renderowl.activities.render;

/**
 * Heartbeat details of a chunk render: how far it is, and how much of it is safe in storage. A
 * retried attempt that finds one kept by Temporal with the same {@code segmentFrames} keeps the
 * leading segments in storage (at least the {@code framesStored} frames; more when the attempt
 * before stored segments after its last heartbeat reached the server), drawing only the rest.
 *
 * @param framesDone frames of the chunk drawn so far
 * @param totalFrames frames of the chunk
 * @param segmentFrames frames per stored segment (the last one may be shorter)
 * @param framesStored frames of the chunk whose segments are stored, a multiple of {@code
 *     segmentFrames} or all of them
 */
public record ChunkCheckpoint(
    long framesDone, long totalFrames, long segmentFrames, long framesStored) {}

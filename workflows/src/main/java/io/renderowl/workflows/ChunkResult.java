package io.renderowl.workflows;

/**
 * A finished chunk: a closed-GOP, video-only H.264 file in object storage.
 *
 * @param chunk the frame range it holds
 * @param storageKey its object key
 * @param encoder the encoder that produced it ("libx264", "h264_nvenc")
 * @param worker identity of the worker that rendered it
 * @param reused true when an earlier attempt had already rendered and recorded it
 */
public record ChunkResult(
    ChunkSpec chunk, String storageKey, String encoder, String worker, boolean reused) {}

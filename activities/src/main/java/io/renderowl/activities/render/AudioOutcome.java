package io.renderowl.activities.render;

/**
 * A rendered audio track.
 *
 * @param samples mono samples at 48 kHz encoded (the priming samples not counted)
 * @param durationSeconds samples / 48000, equal to the timeline's duration
 * @param bytes size of the .m4a file
 * @param loudness the mix's loudness before and after normalisation
 */
public record AudioOutcome(
    long samples, double durationSeconds, long bytes, LoudnessReport loudness) {}

package io.renderowl.workflows;

/**
 * When one spoken word is heard, in seconds from the start of its narration.
 *
 * @param text the word as written (punctuation kept)
 * @param start seconds
 * @param end seconds, &gt;= start
 */
public record WordTiming(String text, double start, double end) {}

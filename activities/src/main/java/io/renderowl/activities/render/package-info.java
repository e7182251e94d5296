/**
 * Render stage: the engine (clip layers, frame composer, audio mixer, encoders, chunk renderer and
 * stream-copy joiner) and the Temporal adapters of the render workflow (prepare, chunk, join,
 * routing to the GPU or CPU render queue).
 */
package io.renderowl.activities.render;

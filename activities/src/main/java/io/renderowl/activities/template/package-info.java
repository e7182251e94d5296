/**
 * Templates on the worker side: {@code TemplatePosterRenderer} draws a template's preview poster
 * with the render engine ({@code render.StillFrames}) from the template filled with samples ({@code
 * timeline.TimelineJson}). Not a pipeline stage: it joins two of them, like the worker.
 */
package io.renderowl.activities.template;

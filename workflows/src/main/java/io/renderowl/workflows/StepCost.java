package io.renderowl.workflows;

/**
 * What one step of a run used, to be charged at the price list's price for {@code item}.
 *
 * @param step the step's name, unique within the run ("script", "visuals", "voice", "render",
 *     "publish"): with the run id it is the charge's idempotency key
 * @param item what is charged for
 * @param quantity how much: calls, pictures, seconds of speech, seconds of video, platforms
 * @param preview whether the run renders previews (the render preset's price)
 */
public record StepCost(String step, CostItem item, double quantity, boolean preview) {}

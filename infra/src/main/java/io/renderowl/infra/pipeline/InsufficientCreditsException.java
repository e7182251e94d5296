package io.renderowl.infra.pipeline;

import io.renderowl.workflows.FieldError;
import java.util.List;

/**
 * Work refused because the user's available credits (balance minus reservations) do not cover its
 * estimated cost; nothing was started or recorded. A refusal like an invalid request, so batch rows
 * and channel fires record it as their reason.
 */
@SuppressWarnings("serial") // never Java-serialized; only its message travels
public class InsufficientCreditsException extends InvalidRequestException {

  /** The API's error code for it. */
  public static final String CODE = "INSUFFICIENT_CREDITS";

  private final int required;
  private final int available;

  public InsufficientCreditsException(int required, int available) {
    super(
        CODE + ": this needs " + required + " credit(s), " + available + " available",
        List.of(
            new FieldError(
                "credits", "this needs " + required + " credit(s), " + available + " available")));
    this.required = required;
    this.available = available;
  }

  /** The credits the work would reserve. */
  public int required() {
    return required;
  }

  /** The credits the user has available (balance minus held reservations). */
  public int available() {
    return available;
  }
}

package io.renderowl.infra.persistence;

/**
 * The loudness columns of a {@code renders} row: what the two-pass normalisation of the render's
 * audio mix measured and did (ITU-R BS.1770-4). A loudness is null for a silent mix.
 *
 * @param inputLufs integrated loudness of the mix before normalisation
 * @param inputTruePeakDbtp true peak of the mix before normalisation
 * @param gainDb the one gain applied to the whole mix
 * @param limited whether a limiter held the peaks under the ceiling
 * @param outputLufs integrated loudness of the normalised mix
 * @param outputTruePeakDbtp true peak of the normalised mix
 */
public record RenderLoudness(
    Double inputLufs,
    Double inputTruePeakDbtp,
    Double gainDb,
    Boolean limited,
    Double outputLufs,
    Double outputTruePeakDbtp) {

  /** Non-finite values (the minus infinity of silence) become null. */
  public static RenderLoudness of(
      double inputLufs,
      double inputTruePeakDbtp,
      double gainDb,
      boolean limited,
      double outputLufs,
      double outputTruePeakDbtp) {
    return new RenderLoudness(
        finite(inputLufs),
        finite(inputTruePeakDbtp),
        finite(gainDb),
        limited,
        finite(outputLufs),
        finite(outputTruePeakDbtp));
  }

  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }
}

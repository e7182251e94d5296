package io.renderowl.activities.render;

/**
 * The two-pass loudness normalisation of a render's audio mix, as measured (ITU-R BS.1770-4).
 * Silence measures negative infinity.
 *
 * @param inputIntegratedLufs integrated loudness of the mix before normalisation
 * @param inputTruePeakDbtp true peak of the mix before normalisation
 * @param gainDb the gain applied to the whole mix (0 when normalisation is off or the mix is
 *     silent)
 * @param limited whether the look-ahead limiter had to hold peaks under the ceiling
 * @param outputIntegratedLufs integrated loudness of the 16-bit mix handed to the AAC encoder
 * @param outputTruePeakDbtp true peak of that mix
 */
public record LoudnessReport(
    double inputIntegratedLufs,
    double inputTruePeakDbtp,
    double gainDb,
    boolean limited,
    double outputIntegratedLufs,
    double outputTruePeakDbtp) {

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "%.1f LUFS, %.1f dBTP -> gain %+.1f dB%s -> %.1f LUFS, %.1f dBTP",
        inputIntegratedLufs,
        inputTruePeakDbtp,
        gainDb,
        limited ? " (limited)" : "",
        outputIntegratedLufs,
        outputTruePeakDbtp);
  }
}

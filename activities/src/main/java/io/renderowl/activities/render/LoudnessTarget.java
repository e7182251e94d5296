package io.renderowl.activities.render;

/**
 * What the render's audio mix is normalised to (RENDEROWL_LOUDNESS_TARGET and
 * RENDEROWL_TRUE_PEAK_MAX).
 *
 * @param normalise false to leave the mix's level as mixed (it is still measured)
 * @param integratedLufs the integrated loudness the mix is brought to, in LUFS
 * @param truePeakMaxDbtp the true peak the normalised mix must not exceed, in dBTP
 */
public record LoudnessTarget(boolean normalise, double integratedLufs, double truePeakMaxDbtp) {

  /** -14 LUFS, -1 dBTP: where YouTube, TikTok and Instagram normalise playback. */
  public static final LoudnessTarget DEFAULT = new LoudnessTarget(true, -14, -1);

  /** No normalisation. */
  public static final LoudnessTarget OFF = new LoudnessTarget(false, Double.NaN, 0);

  public LoudnessTarget {
    if (normalise && !(integratedLufs < 0 && truePeakMaxDbtp <= 0)) {
      throw new IllegalArgumentException(
          "a loudness target must be below 0 LUFS and a true peak at most 0 dBTP (got "
              + integratedLufs
              + " LUFS, "
              + truePeakMaxDbtp
              + " dBTP)");
    }
  }
}

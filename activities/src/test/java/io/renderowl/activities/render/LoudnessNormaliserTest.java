package io.renderowl.activities.render;

import static io.renderowl.activities.render.LoudnessMeterTest.RATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.renderowl.workflows.timeline.ClipDocument;
import io.renderowl.workflows.timeline.TimelineDocument;
import io.renderowl.workflows.timeline.TrackDocument;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The two-pass normalisation of a timeline's mix, and the AAC track it ends in. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LoudnessNormaliserTest {

  @TempDir static Path dir;

  @BeforeAll
  static void sounds() throws Exception {
    LoudnessMeterTest.writeWav(
        dir.resolve("voice.wav"), LoudnessMeterTest.speechLike(new Random(3), 12));
    LoudnessMeterTest.writeWav(dir.resolve("quiet.wav"), LoudnessMeterTest.sine(997, 0.05, 6));
    double[] chords = new double[20 * RATE];
    for (int i = 0; i < chords.length; i++) {
      double t = i / (double) RATE;
      chords[i] =
          0.3
              * (Math.sin(2 * Math.PI * 220 * t)
                  + Math.sin(2 * Math.PI * 277.2 * t)
                  + Math.sin(2 * Math.PI * 329.6 * t))
              / 3;
    }
    LoudnessMeterTest.writeWav(dir.resolve("music.wav"), chords);
    double[] buzz = new double[12 * RATE];
    Random noise = new Random(7);
    for (int i = 0; i < buzz.length; i++) {
      double t = i / (double) RATE;
      boolean syllable = (int) (t * 4) % 3 != 2;
      buzz[i] = syllable ? 0.2 * noise.nextGaussian() : 0;
    }
    LoudnessMeterTest.writeWav(dir.resolve("buzz.wav"), buzz);
  }

  @Test
  void aQuietMixIsBroughtToTheTargetWithOneGain() {
    TimelineDocument timeline = timeline(6, clip("quiet", 0, 6, "quiet.wav", Map.of()));
    short[] out = new short[6 * RATE];
    LoudnessNormaliser.Result result = normalise(timeline, LoudnessTarget.DEFAULT, out);

    LoudnessReport r = result.loudness();
    assertThat(result.samples()).isEqualTo(6L * RATE);
    assertThat(r.inputIntegratedLufs()).isCloseTo(20 * Math.log10(0.05) - 3.01, within(0.1));
    assertThat(r.gainDb()).isCloseTo(-14 - r.inputIntegratedLufs(), within(1e-9));
    assertThat(r.limited()).as("a sine has a crest of 3 dB: no limiting needed").isFalse();
    assertThat(r.outputIntegratedLufs()).isCloseTo(-14, within(0.05));
    assertThat(r.outputTruePeakDbtp())
        .isLessThanOrEqualTo(-1 - LoudnessNormaliser.ENCODER_HEADROOM_DB);
    double expectedAmplitude = 0.05 * Math.pow(10, r.gainDb() / 20);
    assertThat(peak(out, RATE, 2 * RATE) / 32768.0).isCloseTo(expectedAmplitude, within(0.001));
  }

  @Test
  void peaksThatTheGainWouldPushOverTheCeilingAreLimited() {
    TimelineDocument timeline =
        timeline(12, clip("voice", 0, 12, "voice.wav", Map.of("volume", 0.3)));
    short[] out = new short[12 * RATE];
    LoudnessReport r = normalise(timeline, new LoudnessTarget(true, -12, -1), out).loudness();

    assertThat(r.inputTruePeakDbtp() + r.gainDb()).as("the gain alone would clip").isGreaterThan(0);
    assertThat(r.limited()).isTrue();
    assertThat(r.outputTruePeakDbtp())
        .isLessThanOrEqualTo(-1 - LoudnessNormaliser.ENCODER_HEADROOM_DB + 0.1);
    assertThat(r.gainDb())
        .as("made up for the limiter")
        .isGreaterThan(-12 - r.inputIntegratedLufs());
    assertThat(r.outputIntegratedLufs()).isCloseTo(-12, within(0.5));
  }

  @Test
  void offLeavesTheMixAsMixedButMeasuresIt() {
    TimelineDocument timeline = timeline(6, clip("quiet", 0, 6, "quiet.wav", Map.of()));
    short[] out = new short[6 * RATE];
    LoudnessReport r = normalise(timeline, LoudnessTarget.OFF, out).loudness();

    assertThat(r.gainDb()).isZero();
    assertThat(r.outputIntegratedLufs())
        .isEqualTo(r.inputIntegratedLufs())
        .isCloseTo(-29.0, within(0.1));
    assertThat(out).isEqualTo(AudioMixer.mix(timeline, dir::resolve));
  }

  @Test
  void aSilentMixStaysSilent() {
    TimelineDocument timeline =
        timeline(3, clip("quiet", 0, 3, "quiet.wav", Map.of("volume", 0.0)));
    short[] out = new short[3 * RATE];
    LoudnessReport r = normalise(timeline, LoudnessTarget.DEFAULT, out).loudness();

    assertThat(r.inputIntegratedLufs()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(r.gainDb()).isZero();
    assertThat(out).containsOnly((short) 0);
  }

  @Test
  void voiceAndMusicComeOutOfTheAacTrackAtTheTarget() throws Exception {
    TimelineDocument timeline =
        new TimelineDocument(
            "l",
            "loudness",
            320,
            180,
            30,
            "#000000",
            "fade",
            12,
            List.of(
                new TrackDocument(
                    "v",
                    "voice",
                    "audio",
                    0,
                    true,
                    List.of(clip("voice", 0.5, 11, "voice.wav", Map.of("role", "voice")))),
                new TrackDocument(
                    "m",
                    "music",
                    "audio",
                    1,
                    true,
                    List.of(
                        clip(
                            "music",
                            0,
                            12,
                            "music.wav",
                            Map.of(
                                "role",
                                "music",
                                "volume",
                                0.15,
                                "duckUnderSpeech",
                                true,
                                "fadeInSeconds",
                                1.0,
                                "fadeOutSeconds",
                                2.0))))));
    Path audio = dir.resolve("mix.m4a");

    AudioOutcome outcome = new ChunkRenderer().renderAudio(timeline, dir::resolve, audio);

    assertThat(outcome.samples()).isEqualTo(12L * RATE);
    assertThat(outcome.loudness().outputIntegratedLufs()).isCloseTo(-14, within(0.5));
    assertThat(dir.resolve("mix.m4a.mix.f32")).as("the scratch file is gone").doesNotExist();
    LoudnessMeter decoded = decode(audio);
    assertThat(decoded.integratedLufs()).as("the AAC track's loudness").isCloseTo(-14, within(1.0));
    assertThat(decoded.truePeakDbtp())
        .as("the AAC track's true peak: encoded again with more headroom when AAC overshot")
        .isLessThanOrEqualTo(-1.0);
    assertThat(outcome.loudness().outputTruePeakDbtp())
        .as("the recorded figure is the delivered track's")
        .isCloseTo(decoded.truePeakDbtp(), within(0.01));
  }

  /**
   * Noise bursts limited harder (-10 LUFS): the limiter holds their peaks at its ceiling whatever
   * the gain, so lowering the gain alone left the delivered true peak at +0.07 dBTP after three
   * encodes; the gain and the ceiling lowered together scale the limited track down.
   */
  @Test
  void aTrackTheLimiterHoldsAtItsCeilingIsScaledUnderTheCeilingAfterEncoding() {
    TimelineDocument timeline = timeline(12, clip("buzz", 0, 12, "buzz.wav", Map.of()));
    LoudnessTarget loud = new LoudnessTarget(true, -10, -1);
    Path audio = dir.resolve("louder.m4a");

    AudioOutcome outcome = new ChunkRenderer().renderAudio(timeline, dir::resolve, loud, audio);

    LoudnessMeter decoded = decode(audio);
    assertThat(outcome.loudness().limited()).isTrue();
    assertThat(decoded.truePeakDbtp()).as("the delivered true peak").isLessThanOrEqualTo(-1.0);
    assertThat(outcome.loudness().outputTruePeakDbtp())
        .as("recorded as delivered")
        .isCloseTo(decoded.truePeakDbtp(), within(0.01));
  }

  @Test
  void aHeavilyLimitedTrackIsEncodedAgainUntilItsTruePeakIsUnderTheCeiling() {
    // Noise bursts limited to -11.5 LUFS: what AAC does to the limited peaks is larger than
    // the fixed headroom, so one encode comes out over -1 dBTP.
    TimelineDocument timeline = timeline(12, clip("buzz", 0, 12, "buzz.wav", Map.of()));
    LoudnessTarget loud = new LoudnessTarget(true, -11.5, -1);
    Path once = dir.resolve("once.m4a");
    try (AudioTrackEncoder encoder = AudioTrackEncoder.open(once)) {
      LoudnessNormaliser.mixTo(
          timeline, dir::resolve, loud, dir.resolve("once.f32"), encoder::write);
      encoder.finish();
    }
    assertThat(decode(once).truePeakDbtp()).as("one encode overshoots").isGreaterThan(-1.0);
    Path audio = dir.resolve("loud.m4a");

    AudioOutcome outcome = new ChunkRenderer().renderAudio(timeline, dir::resolve, loud, audio);

    LoudnessMeter decoded = decode(audio);
    assertThat(outcome.loudness().limited()).isTrue();
    assertThat(decoded.truePeakDbtp()).as("the delivered true peak").isLessThanOrEqualTo(-1.0);
    // white noise loses its band above AAC's 20 kHz cutoff (about 0.9 LU K-weighted) besides the
    // gain
    // the renderer gives up to hold the ceiling
    assertThat(decoded.integratedLufs()).as("near the target").isCloseTo(-11.5, within(2.0));
    assertThat(dir.resolve("loud.m4a.mix.f32")).as("the scratch file is gone").doesNotExist();
  }

  @Test
  void theFastAacCoderKeepsTheMixsLoudnessAndCostsLessCpuThanTwoloop() {
    TimelineDocument timeline = timeline(12, clip("voice", 0, 12, "voice.wav", Map.of()));
    short[] mix = new short[12 * RATE];
    LoudnessReport pcm = normalise(timeline, LoudnessTarget.DEFAULT, mix).loudness();
    long[] cpu = new long[2];
    LoudnessMeter[] decoded = new LoudnessMeter[2];
    String[] coders = {AudioTrackEncoder.AAC_CODER, "twoloop"};
    for (int round = 0; round < 2; round++) { // the first round warms both up
      for (int c = 0; c < coders.length; c++) {
        Path file = dir.resolve("coder-" + coders[c] + ".m4a");
        long start = threadCpuNanos();
        try (AudioTrackEncoder encoder = AudioTrackEncoder.open(file, coders[c])) {
          for (int at = 0; at < mix.length; at += AudioMixer.BLOCK) {
            short[] block = java.util.Arrays.copyOfRange(mix, at, at + AudioMixer.BLOCK);
            encoder.write(block, Math.min(AudioMixer.BLOCK, mix.length - at));
          }
          encoder.finish();
        }
        cpu[c] = threadCpuNanos() - start;
        decoded[c] = decode(file);
      }
    }

    assertThat(AudioTrackEncoder.AAC_CODER).isEqualTo("fast");
    assertThat(decoded[0].integratedLufs())
        .as("the fast coder's track against the PCM it was given")
        .isCloseTo(pcm.outputIntegratedLufs(), within(0.1));
    assertThat(decoded[0].truePeakDbtp())
        .as("AAC's overshoot of the true peak")
        .isLessThan(pcm.outputTruePeakDbtp() + 1.0);
    assertThat(cpu[0]).as("CPU ns of fast vs twoloop").isLessThan(cpu[1]);
  }

  private static long threadCpuNanos() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  /** Decodes an audio file to mono 48 kHz and measures it. */
  static LoudnessMeter decode(Path file) {
    return LoudnessMeter.ofFile(file, RATE);
  }

  private static LoudnessNormaliser.Result normalise(
      TimelineDocument timeline, LoudnessTarget target, short[] out) {
    int[] at = {0};
    return LoudnessNormaliser.mixTo(
        timeline,
        dir::resolve,
        target,
        dir.resolve("scratch.f32"),
        (samples, length) -> {
          System.arraycopy(samples, 0, out, at[0], length);
          at[0] += length;
        });
  }

  private static TimelineDocument timeline(double seconds, ClipDocument... clips) {
    return new TimelineDocument(
        "l",
        "loudness",
        320,
        180,
        30,
        "#000000",
        "fade",
        seconds,
        List.of(new TrackDocument("a", "audio", "audio", 0, true, List.of(clips))));
  }

  private static ClipDocument clip(
      String id, double start, double length, String file, Map<String, Object> content) {
    return new ClipDocument(id, "audio", start, length, file, content);
  }

  private static int peak(short[] x, int from, int to) {
    int peak = 0;
    for (int i = from; i < to; i++) {
      peak = Math.max(peak, Math.abs(x[i]));
    }
    return peak;
  }
}

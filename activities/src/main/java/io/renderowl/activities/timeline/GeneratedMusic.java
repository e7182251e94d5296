package io.renderowl.activities.timeline;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * An offline music bed, synthesised: a chord progression that suits the mood, played by a soft pad
 * (detuned sines that swell from chord to chord), a plucked arpeggio and a sine bass, with a fade
 * in and out. The run id and mood seed the key, the progression and the arpeggio's pattern, so a
 * retried run gets the same bed and two runs seldom get the same one.
 *
 * <p>Written as mono 16-bit WAV at {@value #SAMPLE_RATE} Hz (the bed has nothing above 6 kHz), in
 * blocks, so memory stays flat whatever the length; a 60 s bed takes well under a second of CPU.
 * The voices' levels add up to at most {@value #MAX_LEVEL} of full scale, so nothing clips.
 */
final class GeneratedMusic {

  /** The provider label of generated beds, like the other offline sources. */
  static final String PROVIDER = "offline:generated-music";

  static final int SAMPLE_RATE = 24_000;

  /** The largest sum of the voices' levels (pad + arpeggio + bass), as a fraction of full scale. */
  static final double MAX_LEVEL = 0.8;

  private static final double FADE_IN_SECONDS = 2;
  private static final double FADE_OUT_SECONDS = 3;
  private static final int BLOCK = SAMPLE_RATE;
  private static final double PAD_LEVEL = 0.36; // shared by the chord's four notes
  private static final double ARPEGGIO_LEVEL = 0.26; // two overlapping notes at most
  private static final double BASS_LEVEL = 0.18;

  /**
   * A mood's music: tempo, scale and progressions (chords as scale degrees, 0 = tonic).
   *
   * @param minor minor scale instead of major
   * @param arpeggioPerBeat arpeggio notes per beat (0 for none)
   */
  private record Style(
      double bpm, boolean minor, int[][] progressions, int arpeggioPerBeat, double brightness) {}

  private static final Style CALM =
      new Style(72, false, new int[][] {{0, 5, 3, 4}, {0, 3, 5, 4}, {0, 2, 3, 4}}, 2, 0.25);
  private static final Style CINEMATIC =
      new Style(60, true, new int[][] {{0, 5, 2, 6}, {0, 3, 5, 4}, {0, 5, 3, 4}}, 1, 0.35);
  private static final Style UPBEAT =
      new Style(112, false, new int[][] {{0, 4, 5, 3}, {0, 3, 4, 3}, {5, 3, 0, 4}}, 4, 0.45);
  private static final Style NEWS =
      new Style(96, true, new int[][] {{0, 5, 2, 6}, {0, 6, 5, 4}}, 2, 0.3);
  private static final Style INSPIRING =
      new Style(84, false, new int[][] {{0, 4, 5, 3}, {3, 0, 4, 5}, {0, 5, 3, 4}}, 2, 0.35);

  private static final int[] MAJOR = {0, 2, 4, 5, 7, 9, 11};
  private static final int[] MINOR = {0, 2, 3, 5, 7, 8, 10};
  private static final int[][] ARPEGGIO_PATTERNS = {
    {0, 1, 2, 3}, {0, 2, 1, 3}, {0, 1, 2, 1}, {3, 2, 1, 0}
  };

  private static final int TABLE_SIZE = 4096;
  private static final double[] SINE = new double[TABLE_SIZE + 1];

  static {
    for (int i = 0; i <= TABLE_SIZE; i++) {
      SINE[i] = Math.sin(2 * Math.PI * i / TABLE_SIZE);
    }
  }

  private GeneratedMusic() {}

  /**
   * Writes a bed of {@code round(seconds x} {@value #SAMPLE_RATE}{@code )} samples to {@code wav}
   * (replaced).
   *
   * @param mood calm, cinematic, upbeat, news or inspiring; any other mood gets a calm bed
   * @throws IllegalArgumentException when {@code seconds} is not positive
   */
  static void write(String runId, String mood, double seconds, Path wav) throws IOException {
    if (!(seconds > 0)) {
      throw new IllegalArgumentException(
          "a music bed needs a positive length (got " + seconds + " s)");
    }
    long samples = Math.round(seconds * SAMPLE_RATE);
    Bed bed = new Bed(styleOf(mood), new SplittableRandom(seed(runId, mood)), samples);
    // Every sample is a function of its index alone, so the blocks of one group are computed on
    // the cores side by side (the timeline waits for the bed) and written in order.
    int lanes = Math.max(1, Runtime.getRuntime().availableProcessors());
    byte[][] blocks = new byte[lanes][BLOCK * 2];
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(wav), 1 << 16)) {
      out.write(header(samples));
      for (long group = 0; group < samples; group += (long) lanes * BLOCK) {
        long first = group;
        int used = (int) Math.min(lanes, (samples - group + BLOCK - 1) / BLOCK);
        IntStream.range(0, used)
            .parallel()
            .forEach(lane -> fill(bed, first + (long) lane * BLOCK, samples, blocks[lane]));
        for (int lane = 0; lane < used; lane++) {
          long at = first + (long) lane * BLOCK;
          out.write(blocks[lane], 0, (int) Math.min(BLOCK, samples - at) * 2);
        }
      }
    }
  }

  /** Samples {@code at} up to the block's end or {@code samples}, as 16-bit little-endian. */
  private static void fill(Bed bed, long at, long samples, byte[] block) {
    ByteBuffer bytes = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
    int length = (int) Math.min(BLOCK, samples - at);
    for (int i = 0; i < length; i++) {
      bytes.putShort((short) Math.round(bed.sample(at + i) * 32767));
    }
  }

  private static long seed(String runId, String mood) {
    long h = 1125899906842597L;
    for (byte b : (runId + "\n" + mood).getBytes(StandardCharsets.UTF_8)) {
      h = 31 * h + b;
    }
    return h;
  }

  private static Style styleOf(String mood) {
    return switch (mood.toLowerCase(Locale.ROOT)) {
      case "cinematic" -> CINEMATIC;
      case "upbeat" -> UPBEAT;
      case "news" -> NEWS;
      case "inspiring" -> INSPIRING;
      default -> CALM;
    };
  }

  /** The bed's score and its sound at any sample. */
  private static final class Bed {
    private final Style style;
    private final long samples;
    private final double samplesPerBeat;
    private final double samplesPerBar;
    private final int[] progression;
    private final int[] pattern;
    private final int[] scale;
    private final int tonic; // MIDI note of the key's tonic in octave 3
    private final double[] detune = new double[4];

    /**
     * Per chord of the progression: the pad's four notes, the arpeggio's four, the bass note (Hz).
     */
    private final double[][] padHz;

    private final double[][] arpeggioHz;
    private final double[] bassHz;

    Bed(Style style, SplittableRandom random, long samples) {
      this.style = style;
      this.samples = samples;
      this.samplesPerBeat = SAMPLE_RATE * 60.0 / style.bpm();
      this.samplesPerBar = 4 * samplesPerBeat;
      this.progression = style.progressions()[random.nextInt(style.progressions().length)];
      this.pattern = ARPEGGIO_PATTERNS[random.nextInt(ARPEGGIO_PATTERNS.length)];
      this.scale = style.minor() ? MINOR : MAJOR;
      this.tonic = 48 + random.nextInt(-4, 5); // G#2 .. E3
      for (int i = 0; i < detune.length; i++) {
        detune[i] = 1.002 + 0.002 * random.nextDouble();
      }
      padHz = new double[progression.length][4];
      arpeggioHz = new double[progression.length][4];
      bassHz = new double[progression.length];
      for (int c = 0; c < progression.length; c++) {
        for (int tone = 0; tone < 4; tone++) {
          int steps = tone == 3 ? 7 : 2 * tone; // root, third, fifth, octave
          padHz[c][tone] = hertz(note(progression[c], steps, 1));
          arpeggioHz[c][tone] = hertz(note(progression[c], steps, 2));
        }
        bassHz[c] = hertz(note(progression[c], 0, -1));
      }
    }

    /** The bed at sample {@code n}, full scale 1. */
    double sample(long n) {
      double t = n / (double) SAMPLE_RATE;
      double bar = n / samplesPerBar;
      int chordIndex = (int) bar; // bar >= 0: the cast is its floor
      double inBar = bar - chordIndex;
      // the pad: each chord swells in over a quarter bar while the last one fades out
      double swell = Math.min(1, inBar / 0.25);
      double pad = swell * chord(chordIndex, t);
      if (swell < 1 && chordIndex > 0) {
        pad += (1 - swell) * chord(chordIndex - 1, t);
      }
      double value = PAD_LEVEL * pad;
      value += ARPEGGIO_LEVEL * arpeggio(n);
      value += BASS_LEVEL * bass(chordIndex, inBar, t);
      return value * fades(n);
    }

    /**
     * Four chord notes (root, third, fifth, octave), each two detuned sines: at most 1 together.
     */
    private double chord(int index, double t) {
      double[] notes = padHz[Math.floorMod(index, progression.length)];
      double sum = 0;
      for (int voice = 0; voice < 4; voice++) {
        double hz = notes[voice];
        sum += (sine(hz * t) + sine(hz * detune[voice] * t)) * 0.125;
      }
      return sum;
    }

    /** A plucked arpeggio over the current chord: the last two notes ring, each decaying. */
    private double arpeggio(long n) {
      if (style.arpeggioPerBeat() == 0) {
        return 0;
      }
      double step = samplesPerBeat / style.arpeggioPerBeat();
      long index = (long) (n / step);
      double sum = 0;
      for (long k = index; k >= Math.max(0, index - 1); k--) {
        double age = (n - k * step) / SAMPLE_RATE;
        int chordIndex = (int) (k * step / samplesPerBar);
        double hz =
            arpeggioHz[Math.floorMod(chordIndex, progression.length)][
                pattern[(int) (k % pattern.length)]];
        // rings for two steps and ends at exactly 0 when it stops being summed: no click
        double envelope =
            Math.min(1, age / 0.005) * decay(age / 0.35, 2 * step / SAMPLE_RATE / 0.35);
        double phase = hz * age;
        sum +=
            0.5
                * envelope
                * ((1 - style.brightness()) * sine(phase) + style.brightness() * sine(2 * phase));
      }
      return sum;
    }

    /** The chord's root two octaves down, plucked on each beat. */
    private double bass(int chordIndex, double inBar, double t) {
      double inBeat = inBar * 4 - (long) (inBar * 4);
      double envelope =
          Math.min(1, inBeat / 0.02) * decay(inBeat * 2.5, 2.5); // 0 again at the next beat
      return envelope * sine(bassHz[Math.floorMod(chordIndex, progression.length)] * t);
    }

    /** The MIDI note {@code steps} scale steps above the chord's root, {@code octave} up. */
    private int note(int degree, int steps, int octave) {
      int d = degree + steps;
      return tonic + 12 * (octave + Math.floorDiv(d, 7)) + scale[Math.floorMod(d, 7)];
    }

    private double fades(long n) {
      double in = n / (FADE_IN_SECONDS * SAMPLE_RATE);
      double out = (samples - 1 - n) / (FADE_OUT_SECONDS * SAMPLE_RATE);
      return Math.clamp(Math.min(in, out), 0, 1);
    }
  }

  /** An exponential decay over {@code x} time constants that reaches exactly 0 at {@code end}. */
  private static double decay(double x, double end) {
    double tail = Math.exp(-end);
    return Math.max(0, (Math.exp(-x) - tail) / (1 - tail));
  }

  private static double hertz(int midi) {
    return 440 * Math.pow(2, (midi - 69) / 12.0);
  }

  /**
   * sin(2 pi cycles) for {@code cycles >= 0}, from a table. Every phase here is non-negative, so a
   * cast gives the floor: with the JIT's first tier (the one-shot commands') {@code Math.floor} is
   * a call into StrictMath, about a fifth of a bed's CPU.
   */
  private static double sine(double cycles) {
    double x = (cycles - (long) cycles) * TABLE_SIZE;
    int i = (int) x;
    double f = x - i;
    return SINE[i] + (SINE[i + 1] - SINE[i]) * f;
  }

  /** A 44-byte RIFF/WAVE header for mono 16-bit PCM. */
  private static byte[] header(long samples) {
    long data = samples * 2;
    if (data + 36 > 0xFFFFFFFFL) {
      throw new IllegalArgumentException(
          "a music bed of " + samples + " samples does not fit in a WAV file");
    }
    ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    h.put("RIFF".getBytes(StandardCharsets.US_ASCII))
        .putInt((int) (data + 36))
        .put("WAVE".getBytes(StandardCharsets.US_ASCII));
    h.put("fmt ".getBytes(StandardCharsets.US_ASCII))
        .putInt(16)
        .putShort((short) 1)
        .putShort((short) 1)
        .putInt(SAMPLE_RATE)
        .putInt(SAMPLE_RATE * 2)
        .putShort((short) 2)
        .putShort((short) 16);
    h.put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) data);
    return h.array();
  }
}

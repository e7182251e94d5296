package io.renderowl.activities.render;

import io.renderowl.activities.storage.MediaResolver;
import io.renderowl.workflows.timeline.TimelineDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Two-pass loudness normalisation of a timeline's whole mix (EBU R128 / ITU-R BS.1770-4). Pass 1
 * mixes the timeline once, measures its integrated loudness and true peak, and keeps the unclipped
 * mix in a scratch file (4 bytes a sample, 192 KB per second); pass 2 reads it back, applies one
 * gain that brings it to the target and hands 16-bit blocks on.
 *
 * <p>When that gain would push the true peak over the ceiling ({@value #ENCODER_HEADROOM_DB} dB
 * under the target's maximum, for the encoder), a {@link PeakLimiter} holds the peaks under it,
 * rather than the gain being cut to fit: voice has a crest of 12-20 dB, so a gain cut to the peaks
 * would often leave a narrated video several LU under the target, while the limiter only touches
 * the loudest syllables for a few milliseconds each. What the limiter takes away is made up by
 * raising the gain (dry runs of pass 2, at most {@value #MAX_MAKE_UP_DB} dB).
 */
final class LoudnessNormaliser {

  private static final int RATE = AudioMixer.SAMPLE_RATE;

  /**
   * How far under the true-peak ceiling the mix is held: AAC encoding raises true peaks by about
   * 0.5-0.7 dB (W1 and the demo at 128 kbit/s), sometimes more after heavy limiting; the render
   * records the encoded track's own figures (see {@link ChunkRenderer#renderAudio}). 0.6 rather
   * than 0.5 since the delivered track must also be {@link #TRUE_PEAK_TOLERANCE_DB} under the
   * ceiling: with 0.5 most demos would have been encoded twice.
   */
  static final double ENCODER_HEADROOM_DB = 0.6;

  /**
   * How far under the ceiling the delivered track's true peak must measure: true-peak meters differ
   * by a few hundredths of a dB (FFmpeg's {@code loudnorm} read demos 0.04 dB higher than this
   * engine's meter: -1.06 against -1.1 dBTP), so a track at -1.0 by ours could read over -1
   * elsewhere.
   */
  static final double TRUE_PEAK_TOLERANCE_DB = 0.1;

  /** How far above the one measured gain the limiter's make-up may go. */
  static final double MAX_MAKE_UP_DB = 6;

  private static final int MAKE_UP_ROUNDS = 4;
  private static final double MAKE_UP_TOLERANCE_LU = 0.2;

  private LoudnessNormaliser() {}

  /**
   * Mixes {@code timeline}, normalises the mix to {@code target} and hands it to {@code out} in
   * blocks of at most {@value AudioMixer#BLOCK} samples.
   *
   * @param scratch a file the mix is kept in between the passes; deleted afterwards
   * @return the samples handed over (round(duration x 48000)) and what was measured
   */
  static Result mixTo(
      TimelineDocument timeline,
      MediaResolver media,
      LoudnessTarget target,
      Path scratch,
      AudioMixer.Sink out) {
    if (!target.normalise()) {
      return mixUnchanged(timeline, media, out);
    }
    try (Mix mix = Mix.of(timeline, media, scratch)) {
      return mix.normalise(target, ENCODER_HEADROOM_DB, out);
    }
  }

  /** Mixes {@code timeline} as it is, measuring it on the way. */
  static Result mixUnchanged(TimelineDocument timeline, MediaResolver media, AudioMixer.Sink out) {
    LoudnessMeter meter = new LoudnessMeter(RATE);
    long samples =
        AudioMixer.mixTo(
            timeline,
            media,
            (block, length) -> {
              meter.add(block, length);
              out.accept(block, length);
            });
    double lufs = meter.integratedLufs();
    double peak = meter.truePeakDbtp();
    return new Result(samples, new LoudnessReport(lufs, peak, 0, false, lufs, peak));
  }

  /**
   * Pass 1 done: the timeline's unclipped mix, measured and kept in a scratch file, which pass 2
   * ({@link #normalise}) can read as often as needed (the renderer runs it again with more headroom
   * when the encoded track's true peak came out over the ceiling). Closing deletes the file.
   */
  static final class Mix implements AutoCloseable {
    private final Path scratch;
    private final FileChannel file;
    private final long samples;
    private final double inputLufs;
    private final double inputPeak;

    private Mix(Path scratch, FileChannel file, long samples, double lufs, double peak) {
      this.scratch = scratch;
      this.file = file;
      this.samples = samples;
      this.inputLufs = lufs;
      this.inputPeak = peak;
    }

    /** Mixes {@code timeline} into {@code scratch} (replaced) and measures it. */
    static Mix of(TimelineDocument timeline, MediaResolver media, Path scratch) {
      FileChannel file = null;
      try {
        file =
            FileChannel.open(
                scratch,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileChannel into = file;
        LoudnessMeter input = new LoudnessMeter(RATE);
        ByteBuffer bytes =
            ByteBuffer.allocateDirect(AudioMixer.BLOCK * Float.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        long samples =
            AudioMixer.mixSumsTo(
                timeline,
                media,
                (sums, length) -> {
                  bytes.clear();
                  for (int i = 0; i < length; i++) {
                    double x = sums[i] / 32768.0;
                    input.add(x);
                    bytes.putFloat((float) x);
                  }
                  bytes.flip();
                  writeFully(into, bytes);
                });
        return new Mix(scratch, file, samples, input.integratedLufs(), input.truePeakDbtp());
      } catch (IOException | RuntimeException e) {
        closeQuietly(file);
        deleteQuietly(scratch);
        if (e instanceof IOException io) {
          throw new UncheckedIOException(
              "cannot keep the audio mix in " + scratch + ": " + io.getMessage(), io);
        }
        throw (RuntimeException) e;
      }
    }

    /**
     * Pass 2: brings the mix to {@code target}, holding true peaks {@code headroomDb} under its
     * maximum, and hands it to {@code out}.
     */
    Result normalise(LoudnessTarget target, double headroomDb, AudioMixer.Sink out) {
      return normalise(target, headroomDb, Double.NaN, out);
    }

    /**
     * Pass 2 with a given gain ({@code NaN}: the gain that reaches the target, made up for the
     * limiter); the limiter still holds the ceiling.
     */
    Result normalise(
        LoudnessTarget target, double headroomDb, double fixedGainDb, AudioMixer.Sink out) {
      try {
        double gainDb = Double.isFinite(inputLufs) ? target.integratedLufs() - inputLufs : 0;
        double ceiling = target.truePeakMaxDbtp() - headroomDb;
        if (!Double.isNaN(fixedGainDb)) {
          gainDb = fixedGainDb;
        }
        boolean limit = Double.isFinite(inputPeak) && inputPeak + gainDb > ceiling;
        if (limit && Double.isNaN(fixedGainDb)) {
          gainDb = makeUpForTheLimiter(file, samples, gainDb, target.integratedLufs(), ceiling);
        }
        LoudnessMeter output = new LoudnessMeter(RATE);
        boolean limited =
            secondPass(
                file, samples, gainDb, limit ? new PeakLimiter(RATE, ceiling) : null, output, out);
        return new Result(
            samples,
            new LoudnessReport(
                inputLufs,
                inputPeak,
                gainDb,
                limited,
                output.integratedLufs(),
                output.truePeakDbtp()));
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot read the audio mix back from " + scratch + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      closeQuietly(file);
      deleteQuietly(scratch);
    }

    private static void closeQuietly(FileChannel file) {
      if (file != null) {
        try {
          file.close();
        } catch (IOException e) {
          // nothing was written after the mix; the file is deleted next
        }
      }
    }

    private static void deleteQuietly(Path scratch) {
      try {
        Files.deleteIfExists(scratch);
      } catch (IOException e) {
        // a leftover scratch file in a work folder is deleted with the folder
      }
    }
  }

  /**
   * The gain that brings the limited mix to the target: limiting takes some loudness away with the
   * peaks, so the gain is raised until a dry run of pass 2 measures the target (secant steps, as
   * the limiter eats a share of each raise), a few times at most and by {@value #MAX_MAKE_UP_DB} dB
   * in all, beyond which limiting would be heard.
   */
  private static double makeUpForTheLimiter(
      FileChannel file, long samples, double gainDb, double lufs, double ceiling)
      throws IOException {
    double first = gainDb;
    double slope = 1; // measured LU per dB of gain; the limiter makes it less than 1
    double lastGain = Double.NaN;
    double lastMeasured = Double.NaN;
    for (int round = 0; round < MAKE_UP_ROUNDS; round++) {
      LoudnessMeter dry = new LoudnessMeter(RATE, false);
      secondPass(file, samples, gainDb, new PeakLimiter(RATE, ceiling), dry, (block, length) -> {});
      double measured = dry.integratedLufs();
      double missing = lufs - measured;
      if (!Double.isFinite(missing)
          || Math.abs(missing) <= MAKE_UP_TOLERANCE_LU
          || gainDb >= first + MAX_MAKE_UP_DB) {
        break;
      }
      if (!Double.isNaN(lastGain) && gainDb != lastGain) {
        slope = Math.clamp((measured - lastMeasured) / (gainDb - lastGain), 0.2, 1);
      }
      lastGain = gainDb;
      lastMeasured = measured;
      gainDb = Math.min(gainDb + missing / slope, first + MAX_MAKE_UP_DB);
    }
    return gainDb;
  }

  /** Reads the mix back, applies the gain (and the limiter), hands 16-bit blocks on. */
  private static boolean secondPass(
      FileChannel file,
      long samples,
      double gainDb,
      PeakLimiter limiter,
      LoudnessMeter meter,
      AudioMixer.Sink out)
      throws IOException {
    double gain = Math.pow(10, gainDb / 20);
    ByteBuffer bytes =
        ByteBuffer.allocateDirect(AudioMixer.BLOCK * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.limit(0);
    short[] block = new short[AudioMixer.BLOCK];
    int filled = 0;
    int delay = limiter == null ? 0 : limiter.delay();
    file.position(0);
    for (long i = 0; i < samples + delay; i++) {
      double x = 0; // past the end: zeros flush the limiter's look-ahead
      if (i < samples) {
        if (!bytes.hasRemaining()) {
          bytes.clear();
          bytes.limit((int) Math.min(bytes.capacity(), (samples - i) * Float.BYTES));
          while (bytes.hasRemaining()) {
            if (file.read(bytes) < 0) {
              throw new IOException(
                  "the scratch file ended after " + i + " of " + samples + " samples");
            }
          }
          bytes.flip();
        }
        x = bytes.getFloat() * gain;
      }
      double y = limiter == null ? x : limiter.next(x);
      if (i < delay) {
        continue; // the limiter's output before the first sample came through
      }
      block[filled++] = (short) Math.clamp(Math.round(y * 32768), Short.MIN_VALUE, Short.MAX_VALUE);
      if (filled == block.length) {
        meter.add(block, filled);
        out.accept(block, filled);
        filled = 0;
      }
    }
    if (filled > 0) {
      meter.add(block, filled);
      out.accept(block, filled);
    }
    return limiter != null && limiter.smallestGain() < 1;
  }

  private static void writeFully(FileChannel file, ByteBuffer bytes) {
    try {
      while (bytes.hasRemaining()) {
        file.write(bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the audio mix: " + e.getMessage(), e);
    }
  }

  /**
   * @param samples samples handed over
   * @param loudness what was measured and done
   */
  record Result(long samples, LoudnessReport loudness) {}
}

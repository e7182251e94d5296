package io.renderowl.activities.render;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_NONE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Joins video-only H.264 chunks and one audio track into an MP4 by stream copy (no re-encoding).
 *
 * <p>Chunk {@code i}'s timestamps are shifted by the end time of chunks {@code 0..i-1}, so the
 * video timeline is continuous across seams; audio packets are copied unchanged (their edit list
 * keeps the AAC priming samples skipped) and interleaved with the video by time. Only a few packets
 * are held at once, so memory does not grow with the length of the video. The output is written
 * with {@code movflags=+faststart} (index before the media data).
 */
final class ChunkJoiner {

  private ChunkJoiner() {}

  /**
   * @param chunks video-only MP4 chunks in timeline order, all encoded with the same settings
   * @param audio an audio-only file (e.g. .m4a from {@link AudioTrackEncoder}), or null for none
   * @return video frames written (one per video packet)
   * @throws IllegalArgumentException when a chunk has no video stream or other codec parameters
   *     than the first chunk
   * @throws IllegalStateException when FFmpeg fails to read or write
   */
  static long join(List<Path> chunks, Path audio, Path output) {
    if (chunks.isEmpty()) {
      throw new IllegalArgumentException("no chunks to join");
    }
    TimelineRenderer.quietFfmpegLogs();
    AVFormatContext out = new AVFormatContext(null);
    Input video = null;
    Input sound = null;
    AVPacket packet = av_packet_alloc();
    AVPacket audioPacket = av_packet_alloc();
    boolean outputOpen = false;
    try {
      check(
          avformat_alloc_output_context2(out, null, "mp4", output.toString()),
          "creating the MP4 muxer for " + output);
      video = Input.open(chunks.getFirst(), AVMEDIA_TYPE_VIDEO);
      AVStream videoOut = avformat_new_stream(out, null);
      check(
          avcodec_parameters_copy(videoOut.codecpar(), video.stream().codecpar()),
          "copying video parameters");
      videoOut.codecpar().codec_tag(0);
      videoOut.time_base(video.stream().time_base());
      videoOut.avg_frame_rate(video.stream().avg_frame_rate());
      videoOut.r_frame_rate(video.stream().r_frame_rate());
      byte[] firstExtradata = extradata(video.stream().codecpar());
      AVStream audioOut = null;
      if (audio != null) {
        sound = Input.open(audio, AVMEDIA_TYPE_AUDIO);
        audioOut = avformat_new_stream(out, null);
        check(
            avcodec_parameters_copy(audioOut.codecpar(), sound.stream().codecpar()),
            "copying audio parameters");
        audioOut.codecpar().codec_tag(0);
        audioOut.time_base(sound.stream().time_base());
      }
      AVIOContext pb = new AVIOContext(null);
      check(
          avio_open(pb, output.toString(), AVIO_FLAG_WRITE), "opening " + output + " for writing");
      out.pb(pb);
      outputOpen = true;
      AVDictionary options = new AVDictionary(null);
      av_dict_set(options, "movflags", "+faststart", 0);
      try {
        check(avformat_write_header(out, options), "writing the MP4 header of " + output);
      } finally {
        av_dict_free(options);
      }
      AVRational videoTimeBase = videoOut.time_base();

      long frames = 0;
      long offset = 0; // in videoTimeBase: where the current chunk starts
      long chunkEnd = 0; // in videoTimeBase: the latest pts + duration seen in the current chunk
      long lastDts = Long.MIN_VALUE;
      boolean audioPending = sound != null && sound.read(audioPacket);
      int chunkIndex = 0;
      while (true) {
        if (!video.read(packet)) {
          offset += chunkEnd;
          chunkEnd = 0;
          video.close();
          video = null;
          chunkIndex++;
          if (chunkIndex == chunks.size()) {
            break;
          }
          video = Input.open(chunks.get(chunkIndex), AVMEDIA_TYPE_VIDEO);
          if (!Arrays.equals(firstExtradata, extradata(video.stream().codecpar()))
              || video.stream().codecpar().width() != videoOut.codecpar().width()
              || video.stream().codecpar().height() != videoOut.codecpar().height()) {
            throw new IllegalArgumentException(
                "chunk "
                    + chunks.get(chunkIndex)
                    + " was encoded with other settings than "
                    + chunks.getFirst()
                    + " (size or H.264 parameter sets differ); re-render it with the same VideoEncoding");
          }
          continue;
        }
        av_packet_rescale_ts(packet, video.stream().time_base(), videoTimeBase);
        if (packet.pts() != AV_NOPTS_VALUE) {
          chunkEnd = Math.max(chunkEnd, packet.pts() + packet.duration());
          packet.pts(packet.pts() + offset);
        }
        if (packet.dts() != AV_NOPTS_VALUE) {
          long dts = packet.dts() + offset;
          if (dts <= lastDts) {
            dts = lastDts + 1; // a chunk with a deeper reorder delay than the one before it
          }
          packet.dts(dts);
          lastDts = dts;
        }
        // Write the audio that plays before this video packet first, so the muxer interleaves.
        while (audioPending
            && av_rescale_q(audioPacket.dts(), sound.stream().time_base(), videoTimeBase)
                <= packet.dts()) {
          writeAudio(out, audioPacket, sound, audioOut);
          audioPending = sound.read(audioPacket);
        }
        packet.stream_index(videoOut.index());
        packet.pos(-1);
        check(av_interleaved_write_frame(out, packet), "writing video to " + output);
        frames++;
      }
      while (audioPending) {
        writeAudio(out, audioPacket, sound, audioOut);
        audioPending = sound.read(audioPacket);
      }
      check(av_write_trailer(out), "finishing " + output);
      return frames;
    } catch (RuntimeException | Error e) {
      if (outputOpen) {
        avio_closep(out.pb());
        outputOpen = false;
      }
      deleteQuietly(output, e);
      throw e;
    } finally {
      if (video != null) {
        video.close();
      }
      if (sound != null) {
        sound.close();
      }
      av_packet_free(packet);
      av_packet_free(audioPacket);
      if (outputOpen) {
        avio_closep(out.pb());
      }
      avformat_free_context(out);
    }
  }

  /**
   * Whether {@code file}'s header alone describes its stream of {@code mediaType} well enough for a
   * stream copy (so the join does not decode packets to learn it).
   */
  static boolean describedByHeader(Path file, int mediaType) {
    AVFormatContext context = new AVFormatContext(null);
    check(
        avformat_open_input(context, file.toString(), (AVInputFormat) null, (AVDictionary) null),
        "opening " + file);
    try {
      AVStream stream = Input.streamOf(context, mediaType);
      return stream != null && Input.described(stream.codecpar());
    } finally {
      avformat_close_input(context);
    }
  }

  private static void writeAudio(
      AVFormatContext out, AVPacket packet, Input sound, AVStream audioOut) {
    av_packet_rescale_ts(packet, sound.stream().time_base(), audioOut.time_base());
    packet.stream_index(audioOut.index());
    packet.pos(-1);
    check(av_interleaved_write_frame(out, packet), "writing audio");
  }

  private static byte[] extradata(AVCodecParameters parameters) {
    int size = parameters.extradata_size();
    byte[] bytes = new byte[size];
    if (size > 0) {
      parameters.extradata().get(bytes);
    }
    return bytes;
  }

  private static void check(int result, String what) {
    if (result < 0) {
      throw new IllegalStateException(what + " failed: " + FfmpegErrors.describe(result));
    }
  }

  private static void deleteQuietly(Path file, Throwable cause) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }

  /** One input file and the stream of the wanted type in it. */
  private static final class Input {
    private final AVFormatContext context;
    private final AVStream stream;
    private final Path file;

    private Input(AVFormatContext context, AVStream stream, Path file) {
      this.context = context;
      this.stream = stream;
      this.file = file;
    }

    static Input open(Path file, int mediaType) {
      if (!Files.isRegularFile(file)) {
        throw new UncheckedIOException(new IOException("cannot join " + file + ": no such file"));
      }
      AVFormatContext context = new AVFormatContext(null);
      check(
          avformat_open_input(context, file.toString(), (AVInputFormat) null, (AVDictionary) null),
          "opening " + file);
      try {
        AVStream found = streamOf(context, mediaType);
        if (found == null || !described(found.codecpar())) {
          // The header does not say all a stream copy needs: probe the packets. MP4 and M4A
          // headers (our chunks, segments and audio tracks) do; probing decodes frames, which
          // cost about 19 ms per 2 s segment on 1080x1920 (285 of 300 ms of a chunk's join).
          check(
              avformat_find_stream_info(context, (PointerPointer<?>) null),
              "reading the streams of " + file);
          found = streamOf(context, mediaType);
        }
        if (found != null) {
          return new Input(context, found, file);
        }
        throw new IllegalArgumentException(
            file + " has no " + (mediaType == AVMEDIA_TYPE_VIDEO ? "video" : "audio") + " stream");
      } catch (RuntimeException e) {
        avformat_close_input(context);
        throw e;
      }
    }

    private static AVStream streamOf(AVFormatContext context, int mediaType) {
      for (int i = 0; i < context.nb_streams(); i++) {
        AVStream candidate = context.streams(i);
        if (candidate.codecpar().codec_type() == mediaType) {
          return candidate;
        }
      }
      return null;
    }

    /**
     * Whether the container's header gave the codec, the picture size or sample format, and the
     * codec's parameter sets: all a stream copy writes into the output's header.
     */
    static boolean described(AVCodecParameters parameters) {
      if (parameters.codec_id() == AV_CODEC_ID_NONE || parameters.extradata_size() <= 0) {
        return false;
      }
      return parameters.codec_type() == AVMEDIA_TYPE_VIDEO
          ? parameters.width() > 0 && parameters.height() > 0
          : parameters.sample_rate() > 0 && parameters.ch_layout().nb_channels() > 0;
    }

    AVStream stream() {
      return stream;
    }

    /** Reads the next packet of the stream into {@code packet}; false at the end. */
    boolean read(AVPacket packet) {
      while (true) {
        av_packet_unref(packet);
        int result = av_read_frame(context, packet);
        if (result < 0) {
          av_packet_unref(packet);
          if (result == org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF) {
            return false;
          }
          throw new IllegalStateException(
              "reading " + file + " failed: " + FfmpegErrors.describe(result));
        }
        if (packet.stream_index() == stream.index()) {
          return true;
        }
      }
    }

    void close() {
      avformat_close_input(context);
    }
  }
}

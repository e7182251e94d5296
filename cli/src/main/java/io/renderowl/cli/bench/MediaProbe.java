package io.renderowl.cli.bench;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Reads an MP4's streams back without decoding: video frame count (packets), each stream's start
 * time and duration as the demuxer reports them (edit lists applied, as players see them).
 *
 * @param videoFrames video packets
 * @param videoStart seconds
 * @param videoSeconds video stream duration
 * @param audioStart seconds, NaN without audio
 * @param audioSeconds audio stream duration, NaN without audio
 * @param videoCodec e.g. "h264"
 */
public record MediaProbe(
    long videoFrames,
    double videoStart,
    double videoSeconds,
    double audioStart,
    double audioSeconds,
    String videoCodec) {

  /** Audio start minus video start, in milliseconds. */
  public double avOffsetMs() {
    return (audioStart - videoStart) * 1000;
  }

  public static MediaProbe of(Path file) {
    AVFormatContext context = new AVFormatContext(null);
    if (avformat_open_input(context, file.toString(), (AVInputFormat) null, (AVDictionary) null)
        < 0) {
      throw new IllegalStateException("cannot open " + file);
    }
    AVPacket packet = av_packet_alloc();
    try {
      avformat_find_stream_info(context, (PointerPointer<?>) null);
      int video = -1;
      int audio = -1;
      for (int i = 0; i < context.nb_streams(); i++) {
        int type = context.streams(i).codecpar().codec_type();
        if (type == AVMEDIA_TYPE_VIDEO && video < 0) {
          video = i;
        } else if (type == AVMEDIA_TYPE_AUDIO && audio < 0) {
          audio = i;
        }
      }
      if (video < 0) {
        throw new IllegalStateException(file + " has no video stream");
      }
      long frames = 0;
      while (av_read_frame(context, packet) >= 0) {
        if (packet.stream_index() == video) {
          frames++;
        }
        av_packet_unref(packet);
      }
      AVStream v = context.streams(video);
      String codec =
          org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name(v.codecpar().codec_id()).getString();
      return new MediaProbe(
          frames,
          seconds(v, v.start_time()),
          seconds(v, v.duration()),
          audio < 0
              ? Double.NaN
              : seconds(context.streams(audio), context.streams(audio).start_time()),
          audio < 0
              ? Double.NaN
              : seconds(context.streams(audio), context.streams(audio).duration()),
          codec);
    } finally {
      av_packet_free(packet);
      avformat_close_input(context);
    }
  }

  private static double seconds(AVStream stream, long value) {
    if (value == AV_NOPTS_VALUE) {
      return Double.NaN;
    }
    return value * stream.time_base().num() / (double) stream.time_base().den();
  }
}

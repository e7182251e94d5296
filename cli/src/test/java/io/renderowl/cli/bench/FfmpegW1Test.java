package io.renderowl.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FfmpegW1Test {

  @Test
  void theCommandLineReadsFivePicturesAndTheVoiceAndEncodesLikeTheEngine(@TempDir Path media)
      throws Exception {
    Path output = media.resolve("out.mp4");

    List<String> args = FfmpegW1.arguments(media, 1920, 1080, output);

    assertThat(args.stream().filter("-i"::equals)).hasSize(6);
    assertThat(args)
        .contains(
            media.resolve("scene-0.png").toString(),
            media.resolve("scene-4.png").toString(),
            media.resolve("voice.wav").toString());
    assertThat(String.join(" ", args))
        .contains("-c:v libx264 -preset veryfast -crf 23 -pix_fmt yuv420p")
        .contains("-c:a aac -b:a 128k")
        .contains("-filter_complex_script " + media.resolve("ffmpeg-graph.txt"));
    assertThat(args.getLast()).isEqualTo(output.toString());
    // 6.5 s per scene (overlapping by 0.5 s) but 6 s for the last: 30 s in all
    assertThat(args)
        .containsSubsequence("-t", "6.5", "-i", media.resolve("scene-0.png").toString());
    assertThat(args).containsSubsequence("-t", "6", "-i", media.resolve("scene-4.png").toString());
    assertThat(args).containsSubsequence("-t", "30", output.toString());
  }

  @Test
  void theGraphZoomsCrossfadesAndCaptionsAtW1sTimes(@TempDir Path media) throws Exception {
    FfmpegW1.arguments(media, 1080, 1920, media.resolve("out.mp4"));

    String graph = Files.readString(media.resolve("ffmpeg-graph.txt"));
    assertThat(graph)
        .contains("zoompan=z='1+0.1*on/(195-1)'", "s=1080x1920")
        .contains("xfade=transition=fade:duration=0.5:offset=6[x1]", "offset=24[x4]")
        .contains("fontsize=64", "borderw=4", "y=h*0.9-text_h")
        .contains("[5:a]aresample=48000,apad,atrim=0:30[a]");
    assertThat(Files.readString(media.resolve("caption-0.txt")))
        .isEqualTo(SampleTimelines.W1_CAPTIONS.get(0));
  }
}

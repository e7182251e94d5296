package io.renderowl.activities.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.activities.script.DeterministicScriptWriter;
import io.renderowl.activities.script.SceneSplitter;
import io.renderowl.activities.voice.EspeakSpeaker;
import io.renderowl.activities.voice.Speaker;
import io.renderowl.activities.voice.VoiceActivitiesImpl;
import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.Narration;
import io.renderowl.workflows.Scene;
import io.renderowl.workflows.Script;
import io.renderowl.workflows.Visual;
import io.renderowl.workflows.timeline.TimelineDocument;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The offline path end to end up to the timeline, with the real espeak-ng voice: the video comes
 * out within 15% of the requested duration from 15 s to 10 minutes.
 */
@Tag("system")
@Timeout(
    value = 5,
    unit = TimeUnit.MINUTES) // each target; espeak-ng of 600 s of text takes about half a minute
class OfflineDurationFitTest {

  @ParameterizedTest(name = "{0} s about {1}")
  @CsvSource({
    "15, Why octopuses have three hearts",
    "15, How the printing press changed European politics and religion",
    "30, coffee",
    "60, How bees make honey",
    "120, the history of the Roman Empire",
    "300, quantum computing",
    "600, Volcanoes"
  })
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void theOfflineVideoLastsTheRequestedDurationWithin15Percent(
      int seconds, String topic, @TempDir Path dir) {
    Script script = new DeterministicScriptWriter().write(topic, seconds);
    List<Scene> scenes = new SceneSplitter().split(script, seconds);
    EspeakSpeaker speaker = new EspeakSpeaker();
    List<Narration> narrations = new ArrayList<>();
    List<Visual> visuals = new ArrayList<>();
    for (Scene scene : scenes) {
      Speaker.Speech speech =
          speaker.speak("fit", scene.text(), "en", dir, VoiceActivitiesImpl.speechSeconds(scene));
      narrations.add(
          new Narration(
              scene.index(),
              "voice-" + scene.index(),
              speech.durationSeconds(),
              EspeakSpeaker.PROVIDER));
      visuals.add(
          new Visual(scene.index(), "picture-" + scene.index(), 1080, 1920, "offline:procedural"));
    }

    TimelineDocument timeline =
        new TimelineAssembler()
            .assemble(
                script.title(),
                Aspect.VERTICAL,
                true,
                scenes,
                visuals,
                narrations,
                k -> "s3://b/" + k);

    double spoken = narrations.stream().mapToDouble(Narration::durationSeconds).sum();
    System.out.printf(
        "requested %d s: %d sentences, %d scenes, %.1f s spoken, video %.2f s (%+.1f%%)%n",
        seconds,
        script.sentences().size(),
        scenes.size(),
        spoken,
        timeline.durationSeconds(),
        100 * (timeline.durationSeconds() / seconds - 1));
    assertThat(timeline.durationSeconds()).isBetween(seconds * 0.85, seconds * 1.15);
    // Mostly speech, not padding: the narration fills at least 70% of the video.
    assertThat(spoken).isGreaterThan(0.7 * timeline.durationSeconds());
  }
}

package io.renderowl.activities.timeline;

import io.renderowl.activities.provider.ProviderHttp;
import io.renderowl.activities.storage.ObjectKeys;
import io.renderowl.infra.config.ProviderSettings;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.workflows.ScriptStyles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background music: a user track (RENDEROWL_MUSIC_URL, s3:// in the bucket or http(s), copied into
 * the run's folder after a size and type check), else a track from the library folder in S3 ({@code
 * RENDEROWL_MUSIC_PREFIX/<mood>/}, mood from RENDEROWL_MUSIC_MOOD or the script style), picked by
 * the run id so a retried run picks the same one, else a bed generated offline for the mood ({@link
 * GeneratedMusic}, stored in the run's folder). Mood "none": no music.
 */
public final class MusicLibrary {
  private static final Logger LOG = LoggerFactory.getLogger(MusicLibrary.class);
  static final List<String> AUDIO_EXTENSIONS =
      List.of(".mp3", ".wav", ".ogg", ".m4a", ".aac", ".flac");

  private final ProviderSettings settings;
  private final ObjectStore store;
  private final ProviderHttp http;

  public MusicLibrary(ProviderSettings settings, ObjectStore store, ProviderHttp http) {
    this.settings = settings;
    this.store = store;
    this.http = http;
  }

  /**
   * @param seconds how long the video is: the length of a generated bed
   */
  Optional<TimelineAssembler.Music> pick(String runId, String style, double seconds) {
    String url = settings.musicUrl();
    if (!url.isBlank()) {
      return Optional.of(userTrack(runId, url));
    }
    String mood = settings.musicMood().isBlank() ? moodOf(style) : settings.musicMood();
    if (mood.equals("none")) {
      return Optional.empty();
    }
    List<String> tracks =
        store.list(settings.musicPrefix() + mood + "/").stream()
            .filter(k ->
                AUDIO_EXTENSIONS.stream().anyMatch(e -> k.toLowerCase(Locale.ROOT).endsWith(e)))
            .toList();
    if (tracks.isEmpty()) {
      LOG.info(
          "no music under {}{}/ in the bucket; generating a {} music bed ({})",
          settings.musicPrefix(),
          mood,
          mood,
          GeneratedMusic.PROVIDER);
      return Optional.of(generated(runId, mood, seconds));
    }
    String key = tracks.get(Math.floorMod(runId.hashCode(), tracks.size()));
    return Optional.of(new TimelineAssembler.Music(store.url(key), "library:" + mood));
  }

  private TimelineAssembler.Music generated(String runId, String mood, double seconds) {
    String key = ObjectKeys.generatedMusic(runId, mood.replaceAll("[^a-z0-9-]", "_"));
    try {
      Path wav = Files.createTempFile("music-", ".wav");
      try {
        GeneratedMusic.write(runId, mood, seconds, wav);
        store.put(key, wav, "audio/wav");
      } finally {
        Files.deleteIfExists(wav);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the generated music bed of run " + runId, e);
    }
    return new TimelineAssembler.Music(store.url(key), GeneratedMusic.PROVIDER);
  }

  private static String moodOf(String style) {
    try {
      return ScriptStyles.of(style).musicMood();
    } catch (IllegalArgumentException e) {
      return "calm";
    }
  }

  private TimelineAssembler.Music userTrack(String runId, String url) {
    if (url.startsWith("s3://")) {
      String key = store.keyOf(url);
      if (!store.exists(key)) {
        throw new IllegalArgumentException(
            "RENDEROWL_MUSIC_URL names " + url + ", which does not exist in the bucket");
      }
      return new TimelineAssembler.Music(url, "user");
    }
    ProviderHttp.Call call =
        new ProviderHttp.Call(
            "music",
            "download",
            "GET",
            URI.create(url),
            Map.of(),
            null,
            false,
            settings.maxDownloadBytes(),
            false);
    byte[] bytes = http.fetch(call).body();
    String ext = audioExtension(bytes);
    if (ext == null) {
      throw new IllegalArgumentException(
          "RENDEROWL_MUSIC_URL " + url + " is not MP3, WAV, OGG or M4A audio");
    }
    try {
      Path tmp = Files.createTempFile("music-", "." + ext);
      Files.write(tmp, bytes);
      String key = "runs/" + runId + "/music." + ext;
      store.put(key, tmp, "audio/" + ext);
      Files.deleteIfExists(tmp);
      return new TimelineAssembler.Music(store.url(key), "user");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** mp3 (ID3 tag or frame sync), wav (RIFF/WAVE), ogg, m4a (ftyp); null otherwise. */
  static String audioExtension(byte[] b) {
    if (b.length >= 3 && b[0] == 'I' && b[1] == 'D' && b[2] == '3') {
      return "mp3";
    }
    if (b.length >= 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xE0) == 0xE0) {
      return "mp3";
    }
    if (b.length >= 12
        && b[0] == 'R'
        && b[1] == 'I'
        && b[2] == 'F'
        && b[3] == 'F'
        && b[8] == 'W'
        && b[9] == 'A') {
      return "wav";
    }
    if (b.length >= 4 && b[0] == 'O' && b[1] == 'g' && b[2] == 'g' && b[3] == 'S') {
      return "ogg";
    }
    if (b.length >= 8 && b[4] == 'f' && b[5] == 't' && b[6] == 'y' && b[7] == 'p') {
      return "m4a";
    }
    return null;
  }
}

package io.renderowl.activities.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.renderowl.infra.config.ProviderSettings;
import io.renderowl.infra.storage.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Where the music bed comes from: a library track when there is one, else a generated bed. */
class MusicLibraryTest {

  private final ObjectStore store = mock(ObjectStore.class);

  MusicLibraryTest() {
    when(store.url(anyString())).thenAnswer(call -> "s3://renderowl/" + call.getArgument(0));
  }

  @Test
  void withoutATrackInTheLibraryAGeneratedBedOfTheVideosLengthIsStoredInTheRunsFolder() {
    when(store.list("library/music/calm/")).thenReturn(List.of());
    AtomicLong bytes = new AtomicLong();
    when(store.put(eq("runs/run-1/music-calm.wav"), any(Path.class), eq("audio/wav")))
        .thenAnswer(call -> {
          bytes.set(Files.size(call.<Path>getArgument(1)));
          return "etag";
        });

    var music = library(Map.of()).pick("run-1", "educational", 12.5);

    assertThat(music)
        .hasValueSatisfying(m -> {
          assertThat(m.provider()).isEqualTo("offline:generated-music");
          assertThat(m.sourceUrl()).isEqualTo("s3://renderowl/runs/run-1/music-calm.wav");
        });
    assertThat(bytes.get()).isEqualTo(44 + 2 * Math.round(12.5 * GeneratedMusic.SAMPLE_RATE));
  }

  @Test
  void aLibraryTrackIsPreferredToAGeneratedBed() {
    when(store.list("library/music/upbeat/"))
        .thenReturn(List.of("library/music/upbeat/a.mp3", "library/music/upbeat/notes.txt"));

    var music = library(Map.of()).pick("run-1", "listicle", 12.5);

    assertThat(music).hasValueSatisfying(m -> assertThat(m.provider()).isEqualTo("library:upbeat"));
    verify(store, never()).put(anyString(), any(Path.class), anyString());
  }

  @Test
  void moodNoneMeansNoMusicAtAll() {
    var music = library(Map.of("RENDEROWL_MUSIC_MOOD", "none")).pick("run-1", "educational", 12.5);

    assertThat(music).isEmpty();
    verify(store, never()).put(anyString(), any(Path.class), anyString());
  }

  private MusicLibrary library(Map<String, String> env) {
    return new MusicLibrary(ProviderSettings.from(env::get), store, null);
  }
}

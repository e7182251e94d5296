package io.renderowl.activities.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFolderPublisherTest {

  @TempDir Path folder;

  @Test
  void theVideoIsWrittenOnceInTheRunsFolderAndMovedIntoPlace() throws IOException {
    LocalFolderPublisher publisher = new LocalFolderPublisher(folder);
    Path[] writtenTo = new Path[1];

    Path published =
        publisher.publish(
            "run-1",
            part -> {
              writtenTo[0] = part;
              write(part, "mp4 bytes");
            },
            Map.of("title", "Tides"));

    assertThat(published).isEqualTo(folder.resolve("run-1/video.mp4")).hasContent("mp4 bytes");
    assertThat(writtenTo[0].getParent())
        .as("written in the run's folder")
        .isEqualTo(published.getParent());
    assertThat(Files.readString(folder.resolve("run-1/metadata.json")))
        .contains("\"title\" : \"Tides\"", "\"bytes\" : 9", "\"file\" : \"video.mp4\"");
    assertThat(files("run-1")).containsExactlyInAnyOrder("metadata.json", "video.mp4");
  }

  @Test
  void aVideoThatCouldNotBeFetchedLeavesNothingBehindAndKeepsAnEarlierCopy() throws IOException {
    LocalFolderPublisher publisher = new LocalFolderPublisher(folder);
    publisher.publish("run-1", part -> write(part, "first"), Map.of());

    assertThatThrownBy(() ->
            publisher.publish(
                "run-1",
                part -> {
                  write(part, "half");
                  throw new IllegalStateException("download renders/x.mp4 failed");
                },
                Map.of()))
        .hasMessageContaining("download renders/x.mp4 failed");

    assertThat(folder.resolve("run-1/video.mp4")).hasContent("first");
    assertThat(files("run-1")).containsExactlyInAnyOrder("metadata.json", "video.mp4");
  }

  private java.util.List<String> files(String run) throws IOException {
    try (Stream<Path> list = Files.list(folder.resolve(run))) {
      return list.map(p -> p.getFileName().toString()).toList();
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

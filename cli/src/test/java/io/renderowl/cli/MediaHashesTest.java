package io.renderowl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local media are hashed once per content: again only when the file changed, or just did. */
class MediaHashesTest {
  @TempDir Path dir;

  private final List<Path> hashed = new ArrayList<>();
  private final Function<Path, String> counting =
      p -> {
        hashed.add(p);
        return MediaHashes.hash(p);
      };

  /** Ten seconds from now: every file written by the test is older than the racy window. */
  private static long later() {
    return System.currentTimeMillis() + 10_000;
  }

  @Test
  void theSameFileIsHashedOnceAndRememberedAcrossProcesses() throws Exception {
    Path media = Files.writeString(dir.resolve("scene.png"), "picture bytes");
    Path cache = dir.resolve("home/cache/media-sha256.tsv");
    MediaHashes hashes = MediaHashes.load(cache, counting, MediaHashesTest::later);

    String first = hashes.sha256(media);
    String again = hashes.sha256(media);
    hashes.save();
    String nextProcess = MediaHashes.load(cache, counting, MediaHashesTest::later).sha256(media);

    assertThat(first).isEqualTo(MediaHashes.hash(media)).hasSize(64);
    assertThat(again).isEqualTo(first);
    assertThat(nextProcess).isEqualTo(first);
    assertThat(hashed).hasSize(1);
  }

  @Test
  void aChangedFileIsHashedAgainEvenWithItsOldSizeAndModificationTime() throws Exception {
    Path media = Files.writeString(dir.resolve("voice.wav"), "aaaa");
    FileTime old = Files.getLastModifiedTime(media);
    MediaHashes hashes = MediaHashes.load(dir.resolve("h.tsv"), counting, MediaHashesTest::later);
    String before = hashes.sha256(media);

    Thread.sleep(50); // past the kernel's coarse timestamp tick (a few ms), as a real edit is
    Files.writeString(media, "bbbb"); // same size
    Files.setLastModifiedTime(media, old); // same mtime; the change time moves on
    String after = hashes.sha256(media);

    assertThat(after).isNotEqualTo(before).isEqualTo(MediaHashes.hash(media));
    assertThat(hashed).hasSize(2);
  }

  @Test
  void aFileChangedJustNowIsHashedEveryTime() throws Exception {
    Path media = Files.writeString(dir.resolve("fresh.png"), "still being written");
    MediaHashes hashes =
        MediaHashes.load(dir.resolve("h.tsv"), counting, System::currentTimeMillis);

    hashes.sha256(media);
    hashes.sha256(media);
    hashes.save();

    assertThat(hashed).hasSize(2);
    assertThat(dir.resolve("h.tsv")).doesNotExist();
  }

  @Test
  void anUnreadableCacheFileCostsOnlyHashing() throws Exception {
    Path media = Files.writeString(dir.resolve("scene.png"), "picture bytes");
    Path cache =
        Files.writeString(dir.resolve("h.tsv"), "garbage\nnot\ta hash\n", StandardCharsets.UTF_8);

    String sha = MediaHashes.load(cache, counting, MediaHashesTest::later).sha256(media);

    assertThat(sha).isEqualTo(MediaHashes.hash(media));
    assertThat(hashed).hasSize(1);
  }
}

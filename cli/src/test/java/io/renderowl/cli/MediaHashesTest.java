package io.renderowl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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
  @Timeout(30)
  void filesAreHashedSideBySide() throws Exception {
    Path a = Files.writeString(dir.resolve("a.png"), "first");
    Path b = Files.writeString(dir.resolve("b.png"), "second");
    CountDownLatch bothHashing = new CountDownLatch(2);
    MediaHashes hashes =
        MediaHashes.load(
            dir.resolve("h.tsv"),
            p -> {
              bothHashing.countDown();
              try {
                // each hash waits for the other to have begun: one at a time, neither would
                if (!bothHashing.await(5, TimeUnit.SECONDS)) {
                  throw new IllegalStateException("hashed one at a time");
                }
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
              return MediaHashes.hash(p);
            },
            MediaHashesTest::later);

    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<String> first = threads.submit(() -> hashes.sha256(a));
      Future<String> second = threads.submit(() -> hashes.sha256(b));

      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(MediaHashes.hash(a));
      assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(MediaHashes.hash(b));
    }
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

package io.renderowl.cli.bench;

import io.renderowl.activities.publish.AccessToken;
import io.renderowl.activities.publish.PlatformHttp;
import io.renderowl.activities.publish.PublishContext;
import io.renderowl.activities.publish.Publisher;
import io.renderowl.activities.publish.UploadProgress;
import io.renderowl.activities.publish.VideoSource;
import io.renderowl.activities.publish.tiktok.TikTokPublisher;
import io.renderowl.activities.publish.youtube.YouTubePublisher;
import io.renderowl.infra.config.PublishingSettings;
import io.renderowl.infra.social.SocialAccounts.SocialAccount;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.workflows.PublishJob;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The measured side of {@code owl bench publish}, in its own JVM so that its heap is the
 * publisher's alone: uploads the video from S3 through the YouTube and the TikTok publishers to the
 * stubs, sampling the heap every 5 ms, and prints one line {@code RESULT key=value ...}.
 */
public final class PublishChild {

  private PublishChild() {}

  /** {@code S3_ENDPOINT ACCESS SECRET BUCKET KEY STUB_BASE_URL CHUNK_MB}. */
  public static int run(String[] args, PrintStream out) {
    ObjectStore store = ObjectStore.connect(args[0], args[1], args[2], "us-east-1", args[3]);
    String key = args[4];
    PublishingSettings settings =
        PublishingSettings.from(
            Map.of(
                    "YOUTUBE_BASE_URL", args[5],
                    "TIKTOK_BASE_URL", args[5],
                    "RENDEROWL_PUBLISH_CHUNK_MB", args[6])
                ::get);
    PlatformHttp http = new PlatformHttp(Duration.ofSeconds(120));
    List<Publisher> publishers =
        List.of(new YouTubePublisher(http, settings), new TikTokPublisher(http, settings));
    VideoSource video = new VideoSource(store, key);

    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    System.gc();
    long idle = memory.getHeapMemoryUsage().getUsed();
    AtomicLong peak = new AtomicLong(idle);
    Thread sampler =
        Thread.ofPlatform()
            .daemon()
            .name("heap-sampler")
            .start(() -> {
              while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                  Thread.sleep(5);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    StringBuilder result = new StringBuilder("RESULT bytes=" + video.size());
    for (Publisher publisher : publishers) {
      PublishJob job =
          new PublishJob(
              "run-bench",
              UUID.randomUUID().toString(),
              UUID.randomUUID().toString(),
              key,
              "Benchmark upload",
              "",
              List.of(),
              UUID.randomUUID().toString(),
              publisher.platform(),
              "public",
              false,
              "");
      SocialAccount account =
          new SocialAccount(
              UUID.randomUUID(),
              UUID.randomUUID(),
              publisher.platform(),
              "bench",
              "bench",
              "Bench",
              true);
      PublishContext ctx =
          new PublishContext(job, account, AccessToken.fixed("bench-token"), video);
      long start = System.nanoTime();
      String handle = publisher.upload(ctx, UploadProgress.inMemory()).handle();
      long ms = (System.nanoTime() - start) / 1_000_000;
      result.append(' ').append(publisher.platform()).append("_ms=").append(ms);
      result.append(' ').append(publisher.platform()).append("_handle=").append(handle);
    }
    sampler.interrupt();
    result.append(" heap_idle=").append(idle).append(" heap_peak=").append(peak.get());
    result.append(" heap_max=").append(memory.getHeapMemoryUsage().getMax());
    out.println(result);
    return 0;
  }
}

package io.renderowl.cli.bench;

import io.renderowl.infra.storage.ObjectStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * {@code owl bench publish}: a video of N MB in a local S3 (S3Proxy), uploaded by the YouTube and
 * TikTok publishers (in a child JVM, {@link PublishChild}) to loopback stubs of their upload
 * protocols ({@link PublishStubs}); prints the throughput of each and the publisher's peak heap
 * growth over its idle heap, which must stay within {@value #HEAP_LIMIT_MB} MB (streamed, never
 * buffered whole).
 */
public final class PublishBenchmark {
  static final long HEAP_LIMIT_MB = 64;

  private PublishBenchmark() {}

  /**
   * @param child builds the child JVM's command line from its arguments
   * @return 0 when both uploads completed and the heap stayed within the limit
   */
  public static int run(
      int megabytes, int chunkMb, Function<List<String>, List<String>> child, PrintWriter out)
      throws Exception {
    Path folder = Files.createTempDirectory("renderowl-bench-publish");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Files.createDirectories(folder.resolve("s3"));
    S3Proxy s3 =
        S3Proxy.builder()
            .blobStore(new FilesystemNio2BlobStore(folder.resolve("s3").toString()))
            .endpoint(URI.create("http://127.0.0.1:" + port))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "bench", "bench-secret")
            .ignoreUnknownHeaders(true)
            .build();
    s3.start();
    try (PublishStubs stubs = new PublishStubs()) {
      while (!"STARTED".equals(s3.getState())) {
        Thread.sleep(20);
      }
      String endpoint = "http://127.0.0.1:" + port;
      ObjectStore store =
          ObjectStore.connect(endpoint, "bench", "bench-secret", "us-east-1", "bench");
      store.ensureBucket();
      long size = (long) megabytes * 1_000_000;
      Path file = folder.resolve("video.mp4");
      writeVideo(file, size);
      store.put("bench/video.mp4", file, "video/mp4");
      Files.delete(file);
      out.printf(
          "%d MB video in S3 (S3Proxy, loopback); uploading with %d MiB chunks%n",
          megabytes, chunkMb);

      List<String> command =
          child.apply(
              List.of(
                  endpoint,
                  "bench",
                  "bench-secret",
                  "bench",
                  "bench/video.mp4",
                  stubs.baseUrl(),
                  Integer.toString(chunkMb)));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      Map<String, String> result = new LinkedHashMap<>();
      List<String> lines = new ArrayList<>();
      try (BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = reader.readLine()) != null; ) {
          if (line.startsWith("RESULT ")) {
            for (String pair : line.substring(7).split(" ")) {
              int eq = pair.indexOf('=');
              result.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
          } else {
            lines.add(line);
          }
        }
      }
      int exit = process.waitFor();
      if (exit != 0 || result.isEmpty()) {
        lines.stream().skip(Math.max(0, lines.size() - 30)).forEach(out::println);
        out.println("the publishing child failed (exit " + exit + ")");
        return 1;
      }
      double mb = size / 1e6;
      for (String platform : List.of("youtube", "tiktok")) {
        double seconds = Long.parseLong(result.get(platform + "_ms")) / 1000.0;
        out.printf(
            "%-8s %.0f MB in %.1f s = %.1f MB/s (handle %s)%n",
            platform, mb, seconds, mb / seconds, result.get(platform + "_handle"));
      }
      out.printf(
          "received by the stubs: youtube %d bytes, tiktok %d bytes (video %d)%n",
          stubs.youtubeBytes(), stubs.tiktokBytes(), size);
      double idle = Long.parseLong(result.get("heap_idle")) / 1048576.0;
      double peak = Long.parseLong(result.get("heap_peak")) / 1048576.0;
      double max = Long.parseLong(result.get("heap_max")) / 1048576.0;
      double growth = peak - idle;
      out.printf(
          "publisher heap: idle %.1f MiB, peak %.1f MiB, growth %.1f MiB (limit %d MiB; heap max %.0f MiB)%n",
          idle, peak, growth, HEAP_LIMIT_MB, max);
      boolean ok =
          growth <= HEAP_LIMIT_MB && stubs.youtubeBytes() == size && stubs.tiktokBytes() == size;
      out.println(ok ? "OK" : "FAILED: heap growth over the limit or bytes missing");
      out.flush();
      return ok ? 0 : 1;
    } finally {
      s3.stop();
      try (Stream<Path> files = Files.walk(folder)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Pseudo-random bytes (incompressible, like video), written 1 MB at a time. */
  private static void writeVideo(Path file, long size) throws IOException {
    byte[] block = new byte[1 << 20];
    Random random = new Random(42);
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; ) {
        random.nextBytes(block);
        int n = (int) Math.min(block.length, left);
        out.write(block, 0, n);
        left -= n;
      }
    }
  }
}

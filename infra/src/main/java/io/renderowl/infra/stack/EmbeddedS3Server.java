package io.renderowl.infra.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/** An S3-compatible server (S3Proxy) over a local folder, with AWS v2/v4 signatures checked. */
@SuppressWarnings("try") // close() passes on whatever S3Proxy.stop() throws
final class EmbeddedS3Server implements AutoCloseable {
  private final S3Proxy proxy;

  private EmbeddedS3Server(S3Proxy proxy) {
    this.proxy = proxy;
  }

  static EmbeddedS3Server start(Path folder, String accessKey, String secretKey) {
    return Ports.retryWhenTaken(
        "embedded S3 server", () -> startOnce(folder, accessKey, secretKey));
  }

  private static EmbeddedS3Server startOnce(Path folder, String accessKey, String secretKey) {
    try {
      Files.createDirectories(folder);
      answerJettysCacheLineQuestion();
      S3Proxy proxy =
          S3Proxy.builder()
              .blobStore(new FilesystemNio2BlobStore(folder.toString()))
              .endpoint(URI.create("http://127.0.0.1:" + Ports.free()))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
              .ignoreUnknownHeaders(true)
              // stop at once: by then this process's clients are done, and Jetty's graceful
              // stop held every one-shot command's exit 1.0-1.7 s for the idle keep-alive
              // connections they left open. A transfer from another process still under way
              // is cut and retried by its client, as after any failure of the store.
              .stopTimeout(0)
              .build();
      proxy.start();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      StackLog.info("S3 (embedded S3Proxy) on port {} with objects in {}", proxy.getPort(), folder);
      return new EmbeddedS3Server(proxy);
    } catch (IOException e) {
      throw new UncheckedIOException("embedded S3 server did not start in " + folder, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the embedded S3 server", e);
    } catch (Exception e) {
      throw new IllegalStateException(
          "embedded S3 server did not start in " + folder + ": " + e, e);
    }
  }

  /**
   * Where S3Proxy's shaded copy of Jetty lives: its shading relocated Jetty's system property names
   * with the classes ({@code org.eclipse.jetty.util.X} reads {@code
   * org.gaul.shaded.org.eclipse.jetty.util.X}).
   */
  static final String SHADED_JETTY = "org.gaul.shaded.org.eclipse.jetty.util.";

  static final String REFERENCES_PER_CACHE_LINE = SHADED_JETTY + "referencesPerCacheLine";

  /**
   * Jetty's {@code MemoryUtils} (its thread pool's queue) asks the platform MBean server whether
   * the JVM compresses object references, unless this property answers; the first use of that
   * server registers every platform MBean: 40 ms of CPU of every command's start, at the moment the
   * main thread, the compiler and the stack's other parts share two cores (2026-12-06). The same
   * answer from the VM's diagnostic bean, which needs no MBean server; {@code -D} wins.
   */
  static void answerJettysCacheLineQuestion() {
    if (System.getProperty(REFERENCES_PER_CACHE_LINE) != null) {
      return;
    }
    int cacheLineBytes = Integer.getInteger(SHADED_JETTY + "cacheLineBytes", 64);
    boolean compressed =
        "true"
            .equals(
                java.lang.management.ManagementFactory.getPlatformMXBean(
                        com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption("UseCompressedOops")
                    .getValue());
    // what MemoryUtils computes: a cache line's ints (compressed) or longs
    System.setProperty(
        REFERENCES_PER_CACHE_LINE, Integer.toString(cacheLineBytes >> (compressed ? 2 : 3)));
  }

  String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}

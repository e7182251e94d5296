package io.renderowl.infra.stack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.minio.MinioClient;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.infra.storage.StorageException;
import io.renderowl.infra.storage.StorageRefusedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Object storage behind a loopback fault proxy (WireMock in proxy mode in front of the embedded
 * S3Proxy, Host header kept so the v4 signatures still hold): 500/503 answers and slow answers are
 * retried and the transfer completes byte for byte; a 403 fails at once with a reason that says
 * what to check.
 */
@Tag("faults")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class StorageFaultsTest {
  private static final String ACCESS = "owl-access";
  private static final String SECRET = "owl-secret-key";
  private static final String BUCKET = "faults";

  @TempDir Path tmp;
  private EmbeddedS3Server s3;
  private WireMockServer proxy;
  private ObjectStore store;

  @BeforeEach
  void start() {
    s3 = EmbeddedS3Server.start(tmp.resolve("s3"), ACCESS, SECRET);
    proxy =
        new WireMockServer(
            options().bindAddress("127.0.0.1").dynamicPort().preserveHostHeader(true));
    proxy.start();
    proxy.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(s3.endpoint())));
    store = ObjectStore.connect(proxy.baseUrl(), ACCESS, SECRET, "us-east-1", BUCKET);
    store.ensureBucket();
  }

  @AfterEach
  void stop() throws Exception {
    proxy.stop();
    s3.close();
  }

  @Test
  void uploadsAndDownloadsAnswered500And503AndSlowlyAreRetriedAndComplete() throws Exception {
    byte[] bytes = new byte[3 * 1024 * 1024];
    new Random(7).nextBytes(bytes);
    Path file = Files.write(tmp.resolve("chunk.mp4"), bytes);
    String key = "runs/r1/renders/chunk-0.mp4";
    faultsThenProxy(() -> put(urlPathEqualTo("/" + BUCKET + "/" + key)), "put", 503, 500, 503);
    faultsThenProxy(() -> get(urlPathEqualTo("/" + BUCKET + "/" + key)), "get", 500, 503);
    // A slow answer (2 s) on the first listing: waited for, not failed.
    proxy.stubFor(
        get(urlPathMatching("/" + BUCKET + "/?"))
            .inScenario("slow")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().proxiedFrom(s3.endpoint()).withFixedDelay(2000))
            .willSetStateTo("fast"));

    long t0 = System.nanoTime();
    store.put(key, file, "video/mp4");
    Path back = store.download(key, tmp.resolve("back.mp4"));
    var listed = store.list("runs/r1/");
    double seconds = (System.nanoTime() - t0) / 1e9;

    assertThat(Files.readAllBytes(back)).isEqualTo(bytes);
    assertThat(listed).containsExactly(key);
    int puts =
        proxy.findAll(anyRequestedFor(urlPathEqualTo("/" + BUCKET + "/" + key))).stream()
            .filter(r -> r.getMethod().getName().equals("PUT"))
            .toList()
            .size();
    assertThat(puts).as("3 faulted attempts, then the one that stored it").isEqualTo(4);
    System.out.printf(
        "[faults] injected: S3 503/500/503 on upload, 500/503 on download, 2 s on a listing;"
            + " recovered: 3 MiB stored and read back identical in %.1f s (%d upload attempts)%n",
        seconds, puts);
    faultReport(
        "S3 503/500/503 on upload, 500/503 on download, 2 s slow listing",
        "3 MiB stored and read back byte for byte; 4 upload attempts",
        seconds);
  }

  @Test
  void aVideoIsStoredOnThisMachineWithOnePutWhateverItsSize() throws Exception {
    String dir = "/" + BUCKET + "/runs/r2/renders/";

    storeTwoVideosAndReadThemBack(store, "runs/r2/renders/");

    assertThat(requestsTo(dir + "v.mp4")).as("one PUT, no multipart upload").containsExactly("PUT");
    // a 60 s render is about 17 MB: above the 16 MiB a signed PUT takes, still one PUT here
    assertThat(requestsTo(dir + "l.mp4"))
        .as("one streamed PUT, no multipart upload")
        .containsExactly("PUT");
    assertThat(payloadHashesSentTo(dir + "v.mp4")).containsExactly("UNSIGNED-PAYLOAD");
  }

  @Test
  void aServerOnAnotherMachineGetsSignedPayloadsAndALargeVideoInParts() throws Exception {
    // a store without unsigned PUTs, as connect() makes one for an endpoint not on this machine
    // (its HTTP client aside): every payload is hashed for the signature and a file above 16 MiB
    // goes as a multipart upload
    ObjectStore signed =
        new ObjectStore(
            MinioClient.builder()
                .endpoint(proxy.baseUrl())
                .credentials(ACCESS, SECRET)
                .region("us-east-1")
                .build(),
            BUCKET);
    String dir = "/" + BUCKET + "/runs/r3/renders/";

    byte[] video = storeTwoVideosAndReadThemBack(signed, "runs/r3/renders/");

    assertThat(requestsTo(dir + "v.mp4")).as("one PUT, no multipart upload").containsExactly("PUT");
    assertThat(payloadHashesSentTo(dir + "v.mp4"))
        .containsExactly(
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(video)));
    assertThat(requestsTo(dir + "l.mp4"))
        .as("a multipart upload: create, parts, complete")
        .contains("POST")
        .hasSizeGreaterThan(2);
    assertThat(payloadHashesSentTo(dir + "l.mp4")).doesNotContain("UNSIGNED-PAYLOAD");
  }

  /**
   * Stores a 7 MB video (a 30 s 1080p render) as {@code v.mp4} and a 20 MB one (a 60 s render is
   * about 17 MB) as {@code l.mp4} under {@code dir}, reads both back byte for byte; returns the
   * first one's bytes.
   */
  private byte[] storeTwoVideosAndReadThemBack(ObjectStore target, String dir) throws Exception {
    byte[] video = new byte[7 * 1024 * 1024];
    new Random(8).nextBytes(video);
    byte[] large = new byte[20 * 1024 * 1024];
    new Random(9).nextBytes(large);

    target.put(dir + "v.mp4", Files.write(tmp.resolve("v.mp4"), video), "video/mp4");
    target.put(dir + "l.mp4", Files.write(tmp.resolve("l.mp4"), large), "video/mp4");

    assertThat(Files.readAllBytes(target.download(dir + "v.mp4", tmp.resolve("v2"))))
        .isEqualTo(video);
    assertThat(Files.readAllBytes(target.download(dir + "l.mp4", tmp.resolve("l2"))))
        .isEqualTo(large);
    return video;
  }

  /** The x-amz-content-sha256 headers of the PUTs and POSTs sent to {@code path}. */
  private List<String> payloadHashesSentTo(String path) {
    return uploadsTo(path).map(r -> r.getHeader("x-amz-content-sha256")).toList();
  }

  /** The methods of the uploading requests (PUT, POST) sent to {@code path}. */
  private List<String> requestsTo(String path) {
    return uploadsTo(path).map(r -> r.getMethod().getName()).toList();
  }

  private Stream<LoggedRequest> uploadsTo(String path) {
    return proxy.findAll(anyRequestedFor(urlPathEqualTo(path))).stream()
        .filter(r -> List.of("PUT", "POST").contains(r.getMethod().getName()));
  }

  @Test
  void aPermanent403FailsAtOnceWithAReasonThatSaysWhatToCheck() throws Exception {
    Path file = Files.write(tmp.resolve("x.bin"), new byte[] {1, 2, 3});
    String key = "runs/r2/denied.bin";
    proxy.stubFor(
        put(urlPathEqualTo("/" + BUCKET + "/" + key))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/xml")
                    .withBody(
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code>"
                            + "<Message>Access Denied</Message><Key>"
                            + key
                            + "</Key><RequestId>r1</RequestId></Error>")));

    assertThatThrownBy(() -> store.put(key, file, "application/octet-stream"))
        .isInstanceOf(StorageRefusedException.class)
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("upload " + key)
        .hasMessageContaining("bucket " + BUCKET)
        .hasMessageContaining("HTTP 403 AccessDenied")
        .hasMessageContaining("check the S3 access key, secret and the bucket's policy")
        .hasMessageNotContaining(SECRET);
    assertThat(proxy.findAll(anyRequestedFor(urlPathEqualTo("/" + BUCKET + "/" + key))).size())
        .as("not retried")
        .isEqualTo(1);
    assertThat(store.exists(key)).isFalse();
    faultReport(
        "S3 403 AccessDenied on upload",
        "StorageRefusedException naming key, bucket, HTTP 403 and what to check; 1 attempt",
        Double.NaN);
  }

  /** A line of the fault table (infra/scripts/faults.sh prints target/faults-report.tsv). */
  private static void faultReport(String fault, String checked, double seconds)
      throws java.io.IOException {
    String row =
        String.join(
            "\t",
            java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
            fault,
            checked,
            "HELD",
            Double.isNaN(seconds) ? "-" : String.format(java.util.Locale.ROOT, "%.1f s", seconds),
            "-");
    System.out.println("fault-report\t" + row);
    Path report = Path.of("target", "faults-report.tsv");
    Files.createDirectories(report.getParent());
    Files.writeString(
        report,
        row + System.lineSeparator(),
        java.nio.charset.StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }

  /** The first requests matching {@code request} answer {@code statuses}, then it is proxied. */
  private void faultsThenProxy(Supplier<MappingBuilder> request, String scenario, int... statuses) {
    String state = STARTED;
    for (int i = 0; i < statuses.length; i++) {
      String next = scenario + "-" + (i + 1);
      proxy.stubFor(
          request
              .get()
              .atPriority(1)
              .inScenario(scenario)
              .whenScenarioStateIs(state)
              .willReturn(
                  aResponse()
                      .withStatus(statuses[i])
                      .withHeader("Content-Type", "application/xml")
                      .withBody(
                          "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
                              + (statuses[i] == 503 ? "SlowDown" : "InternalError")
                              + "</Code><Message>injected</Message></Error>"))
              .willSetStateTo(next));
      state = next;
    }
  }
}

package io.renderowl.infra.stack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.renderowl.infra.storage.ObjectStore;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Uploads carry a CRC32 checksum, which the embedded S3 server accepts and S3 verifies; to a server
 * on this machine over plain HTTP they are sent without the payload's SHA-256 (UNSIGNED-PAYLOAD).
 */
@Timeout(60)
class S3UploadChecksumTest {
  @TempDir Path dir;

  // a chunk, and a 60 s 1080p video (about 17 MB: above the signed path's one PUT)
  @ParameterizedTest
  @ValueSource(ints = {300_000, 20_000_000})
  void anUploadIsOnePutCarryingTheCrc32OfItsBytesAndNoCrc32cNorPayloadHash(int size)
      throws Exception {
    byte[] bytes = randomBytes(size);
    Path file = Files.write(dir.resolve("chunk.mp4"), bytes);
    WireMockServer s3 =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    s3.start();
    try {
      s3.stubFor(
          put(urlEqualTo("/renderowl/runs/r1/chunk.mp4"))
              .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e\"")));
      ObjectStore store =
          ObjectStore.connect(
              "http://127.0.0.1:" + s3.port(), "key", "secret", "us-east-1", "renderowl");

      store.put("runs/r1/chunk.mp4", file, "video/mp4");

      s3.verify(
          putRequestedFor(urlEqualTo("/renderowl/runs/r1/chunk.mp4"))
              .withHeader("x-amz-checksum-crc32", equalTo(crc32Base64(bytes)))
              .withHeader("x-amz-checksum-crc32c", absent())
              .withHeader("x-amz-content-sha256", equalTo("UNSIGNED-PAYLOAD")));
      assertThat(s3.getAllServeEvents())
          .singleElement()
          .satisfies(e ->
              assertThat(e.getRequest().getHeaders().getHeader("x-amz-content-sha256").values())
                  .containsExactly("UNSIGNED-PAYLOAD"));
    } finally {
      s3.stop();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {2_000_000, 20_000_000})
  void theEmbeddedServerStoresWhatWasUploadedWithIt(int size) throws Exception {
    byte[] bytes = randomBytes(size);
    Path file = Files.write(dir.resolve("final.mp4"), bytes);
    try (EmbeddedS3Server server = EmbeddedS3Server.start(dir.resolve("s3"), "key", "secret")) {
      ObjectStore store =
          ObjectStore.connect(server.endpoint(), "key", "secret", "us-east-1", "renderowl");
      store.ensureBucket();

      store.put("runs/r1/final.mp4", file, "video/mp4");

      Path back = store.download("runs/r1/final.mp4", dir.resolve("back.mp4"));
      assertThat(Files.readAllBytes(back)).isEqualTo(bytes);
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new Random(42).nextBytes(bytes);
    return bytes;
  }

  private static String crc32Base64(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return Base64.getEncoder()
        .encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}

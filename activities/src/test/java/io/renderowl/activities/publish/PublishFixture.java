package io.renderowl.activities.publish;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.Extension;
import io.renderowl.infra.config.PublishingSettings;
import io.renderowl.infra.social.SocialAccounts;
import io.renderowl.infra.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * Test fixtures of the publishers: a real S3 (S3Proxy over a temp folder) holding the videos, a
 * WireMock server standing in for the platforms, settings pointing at it, and videos of random
 * bytes whose every byte the stubs can check.
 */
final class PublishFixture implements AutoCloseable {
  final Path folder;
  final S3Proxy s3;
  final ObjectStore store;
  final WireMockServer platforms;

  PublishFixture(Extension... extensions) {
    try {
      folder = Files.createTempDirectory("renderowl-publish-test");
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      Files.createDirectories(folder.resolve("s3"));
      s3 =
          S3Proxy.builder()
              .blobStore(new FilesystemNio2BlobStore(folder.resolve("s3").toString()))
              .endpoint(URI.create("http://127.0.0.1:" + port))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "test-access", "test-secret")
              .ignoreUnknownHeaders(true)
              .build();
      s3.start();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!"STARTED".equals(s3.getState()) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      store =
          ObjectStore.connect(
              "http://127.0.0.1:" + port, "test-access", "test-secret", "us-east-1", "renderowl");
      store.ensureBucket();
      platforms =
          new WireMockServer(
              WireMockConfiguration.options()
                  .dynamicPort()
                  .bindAddress("127.0.0.1")
                  .extensions(extensions));
      platforms.start();
    } catch (Exception e) {
      throw new IllegalStateException("publish fixture did not start", e);
    }
  }

  /** Settings with every platform on the WireMock server. */
  PublishingSettings settings(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    String base = platforms.baseUrl();
    env.put("YOUTUBE_BASE_URL", base);
    env.put("TIKTOK_BASE_URL", base);
    env.put("INSTAGRAM_BASE_URL", base + "/v21.0");
    env.put("FACEBOOK_BASE_URL", base + "/v21.0");
    env.put("X_BASE_URL", base);
    env.put("LINKEDIN_BASE_URL", base);
    env.put("RENDEROWL_PUBLISH_TIMEOUT_SECONDS", "5");
    env.put("RENDEROWL_PUBLISH_POLL_SECONDS", "1");
    env.putAll(extra);
    return PublishingSettings.from(env::get);
  }

  /** A video of {@code size} random bytes stored under {@code key}; returns the bytes. */
  byte[] video(String key, int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    try {
      Path file = folder.resolve(UUID.randomUUID() + ".mp4");
      Files.write(file, bytes);
      store.put(key, file, "video/mp4");
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes;
  }

  static SocialAccounts.SocialAccount account(String platform, String platformUserId) {
    return new SocialAccounts.SocialAccount(
        UUID.randomUUID(), UUID.randomUUID(), platform, platformUserId, "owlchannel", "Owls", true);
  }

  /**
   * An access token that is refreshed into the next of {@code tokens} (the accounts service's
   * refresh, as the publishers see it).
   */
  static AccessToken tokens(String... tokens) {
    Deque<String> queue = new ArrayDeque<>(List.of(tokens));
    SocialAccounts accounts =
        new SocialAccounts() {
          @Override
          public Optional<SocialAccount> find(UUID userId, UUID accountId) {
            return Optional.empty();
          }

          @Override
          public List<SocialAccount> list(UUID userId) {
            return List.of();
          }

          @Override
          public String accessToken(UUID accountId) {
            String next = queue.poll();
            if (next == null) {
              throw new AccountNeedsReconnect("refresh refused");
            }
            return next;
          }
        };
    return new AccessToken(accounts, UUID.randomUUID());
  }

  @Override
  public void close() throws Exception {
    platforms.stop();
    s3.stop();
  }
}

package io.renderowl.infra.storage;

import io.minio.BucketExistsArgs;
import io.minio.Checksum;
import io.minio.DownloadObjectArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectAPIArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Item;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.renderowl.infra.tracing.Tracing;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.ConnectionSpec;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * Object storage through minio-java: the same calls against the embedded S3Proxy, MinIO, R2 or AWS
 * S3. Objects are addressed by key inside one bucket; {@link #url(String)} gives the {@code
 * s3://bucket/key} form stored in the database.
 *
 * <p>Answers that may pass (408, 429, 499, 500, 502, 503, 504) are retried by minio-java itself (up
 * to 5 times, on every call); a 401 or 403 is a {@link StorageRefusedException} saying what to
 * check.
 */
public final class ObjectStore {
  private static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
  private static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
  private static final AttributeKey<String> S3_BUCKET = AttributeKey.stringKey("aws.s3.bucket");
  private static final AttributeKey<String> WHAT = AttributeKey.stringKey("renderowl.s3.call");

  private final MinioClient client;
  private final String bucket;

  /** The same server's client for uploads whose payload is not hashed, or null (see connect). */
  private final @Nullable MinioAsyncClient unsignedPayloads;

  public ObjectStore(MinioClient client, String bucket) {
    this(client, bucket, null);
  }

  private ObjectStore(
      MinioClient client, String bucket, @Nullable MinioAsyncClient unsignedPayloads) {
    this.client = client;
    this.bucket = bucket;
    this.unsignedPayloads = unsignedPayloads;
  }

  public static ObjectStore connect(
      String endpoint, String accessKey, String secretKey, String region, String bucket) {
    MinioClient.Builder builder =
        MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey).region(region);
    OkHttpClient http = httpClient(endpoint);
    builder.httpClient(http, true);
    MinioAsyncClient unsigned = null;
    if (plainHttp(endpoint) && loopback(endpoint)) {
      unsigned =
          MinioAsyncClient.builder()
              .endpoint(endpoint)
              .credentials(accessKey, secretKey)
              .region(region)
              .httpClient(http, true)
              .build();
    }
    return new ObjectStore(builder.build(), bucket, unsigned);
  }

  /**
   * Whether {@code endpoint} names this machine (localhost, 127.0.0.0/8 or ::1) by its text alone,
   * without resolving anything: the embedded S3 server, or one a user runs beside Renderowl.
   */
  static boolean loopback(String endpoint) {
    String host;
    try {
      host = java.net.URI.create(endpoint).getHost();
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (host == null) {
      return false;
    }
    return host.equalsIgnoreCase("localhost")
        || host.equals("[::1]")
        || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  /**
   * The HTTP client for {@code endpoint}: MinIO's default for TLS, the plain one below otherwise;
   * both on sockets with Nagle's algorithm off ({@link NoDelaySockets}).
   */
  static OkHttpClient httpClient(String endpoint) {
    if (plainHttp(endpoint)) {
      return plainHttpClient();
    }
    return Http.newDefaultClient().newBuilder().socketFactory(NoDelaySockets.INSTANCE).build();
  }

  private static boolean plainHttp(String endpoint) {
    return endpoint.regionMatches(true, 0, "http://", 0, 7);
  }

  /**
   * MinIO's own HTTP client (its timeouts, HTTP/1.1 and its retry of 5xx answers) without TLS, for
   * a plain-HTTP endpoint such as the embedded S3 server: MinIO's default client loads every
   * certificate of the JDK's trust store into a key store of its own when it is built, which took
   * about half a second of every command's start for a connection that never uses TLS.
   */
  private static OkHttpClient plainHttpClient() {
    return new OkHttpClient.Builder()
        .socketFactory(NoDelaySockets.INSTANCE)
        .connectTimeout(Http.DEFAULT_TIMEOUT, TimeUnit.MILLISECONDS)
        .writeTimeout(Http.DEFAULT_TIMEOUT, TimeUnit.MILLISECONDS)
        .readTimeout(Http.DEFAULT_TIMEOUT, TimeUnit.MILLISECONDS)
        .protocols(List.of(Protocol.HTTP_1_1))
        .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
        .addInterceptor(new Http.StatusRetryInterceptor())
        .build();
  }

  public String bucket() {
    return bucket;
  }

  /** Creates the bucket when it does not exist. */
  public void ensureBucket() {
    call(
        "create bucket " + bucket,
        () -> {
          if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
          }
          return null;
        });
  }

  /** Fails unless the bucket answers (the readiness check). */
  public void checkBucket() {
    boolean exists =
        call(
            "check bucket " + bucket,
            () -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
    if (!exists) {
      throw new StorageException("bucket " + bucket + " does not exist", null);
    }
  }

  /** Uploads a file; returns its {@code s3://} URL. */
  public String put(String key, Path file, String contentType) {
    call(
        "upload " + key,
        () -> {
          if (unsignedPayloads != null && Files.size(file) <= UNSIGNED_PUT_BYTES) {
            return putUnsigned(unsignedPayloads, key, file, contentType);
          }
          UploadObjectArgs.Builder args =
              UploadObjectArgs.builder()
                  .bucket(bucket)
                  .object(key)
                  .contentType(contentType)
                  .checksum(UPLOAD_CHECKSUM);
          long size = Files.size(file);
          if (size <= SINGLE_PUT_BYTES) {
            args.filename(file.toString(), Math.max(size, MIN_PART_BYTES));
          } else {
            args.filename(file.toString());
          }
          return client.uploadObject(args.build());
        });
    return url(key);
  }

  /**
   * One PUT to a server on this machine with {@code X-Amz-Content-Sha256: UNSIGNED-PAYLOAD} and the
   * CRC32 of the bytes, which the server verifies. Over plain HTTP minio-java otherwise hashes
   * every upload with SHA-256 for the signature, which the JIT's first tier (one-shot commands)
   * computes at about 5.5 ms a MB: 45-50 ms for a 30 s 1080p video, the same again for its chunks,
   * each on the render's path. Over HTTPS minio-java sends unsigned payloads itself; a plain-HTTP
   * server on another machine keeps the signed hash, which is what protects the bytes on that
   * network.
   */
  private ObjectWriteResponse putUnsigned(
      MinioAsyncClient async, String key, Path file, String contentType)
      throws MinioException, IOException {
    try (RandomAccessFile bytes = new RandomAccessFile(file.toFile(), "r")) {
      long size = bytes.length();
      Map<Checksum.Algorithm, Checksum.Hasher> crc =
          Checksum.newHasherMap(new Checksum.Algorithm[] {UPLOAD_CHECKSUM});
      Checksum.update(crc, bytes, size);
      bytes.seek(0);
      Http.Headers headers = Checksum.makeHeaders(crc, false, false);
      headers.put(Http.Headers.X_AMZ_CONTENT_SHA256, Checksum.UNSIGNED_PAYLOAD);
      UploadObjectArgs args =
          UploadObjectArgs.builder()
              .bucket(bucket)
              .object(key)
              .contentType(contentType)
              .filename(file.toString(), Math.max(size, MIN_PART_BYTES))
              .build();
      return async
          .putObject(new PutObjectAPIArgs(args, bytes, size, MediaType.parse(contentType), headers))
          .get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted = new InterruptedIOException("upload interrupted");
      interrupted.initCause(e);
      throw interrupted;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof MinioException minio) {
        throw minio;
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new MinioException(cause);
    }
  }

  /**
   * The checksum each upload carries ({@code x-amz-checksum-crc32}), which the server verifies
   * against the bytes it received. MinIO's client defaults to CRC32C, computed a byte at a time
   * through a table in Java: 64 ms of an `owl demo`'s CPU on two cores (CPU samples; a one-shot
   * command runs with the JIT's first tier only). CRC32 is {@link java.util.zip.CRC32}, which every
   * JIT tier turns into the CPU's carry-less multiply instructions; S3, MinIO and S3Proxy accept
   * either.
   */
  static final Checksum.Algorithm UPLOAD_CHECKSUM = Checksum.Algorithm.CRC32;

  /**
   * Files up to this size are stored with one signed PUT (a server on another machine; one on this
   * machine takes up to {@link #UNSIGNED_PUT_BYTES} in one PUT). MinIO's client otherwise cuts
   * anything above its 5 MiB minimum part into a multipart upload (create, parts, complete): a 7 MB
   * video took about 115 ms that way against 75 ms in one PUT on the embedded S3 server, and 350 ms
   * the first time in a process (a code path only the final video takes). The client holds one part
   * in memory, so this also bounds what one upload holds.
   */
  static final long SINGLE_PUT_BYTES = 16L << 20;

  /**
   * Files up to this size (S3's largest single PUT, 5 GiB) go to a server on this machine with one
   * unsigned PUT ({@link #putUnsigned}), which streams the file instead of holding a part: a 60 s
   * 1080p video (16.8 MB, just above {@link #SINGLE_PUT_BYTES}) took 300-410 ms as a signed
   * multipart upload at a render's end (2026-12-07).
   */
  static final long UNSIGNED_PUT_BYTES = 5L << 30;

  /** S3's smallest part, which MinIO's client also requires of an explicit part size. */
  private static final long MIN_PART_BYTES = 5L << 20;

  /** Downloads an object to a file (replacing it). */
  public Path download(String key, Path target) {
    try {
      Files.createDirectories(target.toAbsolutePath().getParent());
      Files.deleteIfExists(target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
    call(
        "download " + key,
        () -> {
          client.downloadObject(
              DownloadObjectArgs.builder()
                  .bucket(bucket)
                  .object(key)
                  .filename(target.toString())
                  .build());
          return null;
        });
    return target;
  }

  /** Keys of the objects under {@code prefix} (recursively), sorted. */
  public List<String> list(String prefix) {
    return call(
        "list " + prefix,
        () -> {
          List<String> keys = new ArrayList<>();
          for (Result<Item> r :
              client.listObjects(
                  ListObjectsArgs.builder()
                      .bucket(bucket)
                      .prefix(prefix)
                      .recursive(true)
                      .build())) {
            Item item = r.get();
            if (!item.isDir()) {
              keys.add(item.objectName());
            }
          }
          keys.sort(null);
          return keys;
        });
  }

  /** Size in bytes, or -1 when there is no such object. */
  public long size(String key) {
    return call(
        "stat " + key,
        () -> {
          try {
            return client
                .statObject(StatObjectArgs.builder().bucket(bucket).object(key).build())
                .size();
          } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) {
              return -1L;
            }
            throw e;
          }
        });
  }

  /**
   * A stream of {@code length} bytes of the object from {@code offset} (one ranged GET): large
   * objects are read piece by piece, never whole. The caller closes it.
   */
  public InputStream openRange(String key, long offset, long length) {
    if (offset < 0 || length <= 0) {
      throw new IllegalArgumentException(
          "bad range of " + key + ": offset " + offset + ", length " + length);
    }
    return call(
        "read bytes " + offset + "+" + length + " of " + key,
        () ->
            client.getObject(
                GetObjectArgs.builder()
                    .bucket(bucket)
                    .object(key)
                    .offset(offset)
                    .length(length)
                    .build()));
  }

  public boolean exists(String key) {
    return size(key) >= 0;
  }

  /** A time-limited GET URL for the object. */
  public String presignedGetUrl(String key, Duration ttl) {
    return call(
        "presign " + key,
        () ->
            client.getPresignedObjectUrl(
                GetPresignedObjectUrlArgs.builder()
                    .method(Http.Method.GET)
                    .bucket(bucket)
                    .object(key)
                    .expiry((int) ttl.toSeconds(), TimeUnit.SECONDS)
                    .build()));
  }

  /** {@code s3://bucket/key}. */
  public String url(String key) {
    return "s3://" + bucket + "/" + key;
  }

  /**
   * The key of an {@code s3://} URL in this store's bucket.
   *
   * @throws IllegalArgumentException for another scheme or bucket
   */
  public String keyOf(String url) {
    String prefix = "s3://" + bucket + "/";
    if (url == null || !url.startsWith(prefix) || url.length() == prefix.length()) {
      throw new IllegalArgumentException("not an object of bucket " + bucket + ": " + url);
    }
    return url.substring(prefix.length());
  }

  /**
   * An object as a listing shows it.
   *
   * @param key object key
   * @param size bytes
   * @param lastModified when it was written
   */
  public record StoredObject(String key, long size, Instant lastModified) {}

  /** Calls {@code each} for every object whose key starts with {@code prefix} (recursive). */
  public void list(String prefix, Consumer<StoredObject> each) {
    call(
        "list " + prefix,
        () -> {
          for (Result<Item> r :
              client.listObjects(
                  ListObjectsArgs.builder()
                      .bucket(bucket)
                      .prefix(prefix)
                      .recursive(true)
                      .build())) {
            Item item = r.get();
            if (!item.isDir()) {
              each.accept(
                  new StoredObject(
                      item.objectName(), item.size(), item.lastModified().toInstant()));
            }
          }
          return null;
        });
  }

  /** Deletes an object (no error when it is already gone). */
  public void delete(String key) {
    call(
        "delete " + key,
        () -> {
          client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
          return null;
        });
  }

  private interface MinioCall<T> {
    T run() throws MinioException, IOException;
  }

  private <T> T traced(String what, MinioCall<T> c) throws MinioException, IOException {
    int space = what.indexOf(' ');
    try {
      return Tracing.global()
          .client(
              "S3 " + (space < 0 ? what : what.substring(0, space)),
              Attributes.of(
                  RPC_SYSTEM, "aws-api", RPC_SERVICE, "S3", S3_BUCKET, bucket, WHAT, what),
              c::run);
    } catch (MinioException | IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      // MinioCall throws nothing else
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs a call to the store; with tracing on, in a client span {@code S3 <operation>} (the first
   * word of {@code what}: upload, download, list...) naming the bucket and what was done.
   */
  private <T> T call(String what, MinioCall<T> c) {
    try {
      return traced(what, c);
    } catch (ErrorResponseException e) {
      int status = e.response() == null ? 0 : e.response().code();
      if (status == 401 || status == 403) {
        throw new StorageRefusedException(
            "object storage refused to "
                + what
                + " in bucket "
                + bucket
                + ": HTTP "
                + status
                + " "
                + e.errorResponse().code()
                + " (check the S3 access key, secret and the bucket's policy; trying again will"
                + " not help)",
            e);
      }
      throw new StorageException(
          "object storage: cannot " + what + " in bucket " + bucket + ": " + e.getMessage(), e);
    } catch (MinioException | IOException e) {
      throw new StorageException(
          "object storage: cannot " + what + " in bucket " + bucket + ": " + e.getMessage(), e);
    }
  }
}

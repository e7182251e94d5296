package io.renderowl.cli.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark stand-ins of YouTube's resumable upload and TikTok's FILE_UPLOAD on loopback: they
 * answer the documented requests and count (then drop) the bytes, so the benchmark measures the
 * publisher, not a stub that keeps 500 MB. Benchmark fixture only; the tests use WireMock stubs.
 */
final class PublishStubs implements AutoCloseable {
  private static final Pattern RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private final AtomicLong youtube = new AtomicLong();
  private final AtomicLong tiktok = new AtomicLong();

  PublishStubs() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setExecutor(threads);
    server.createContext("/upload/youtube/v3/videos", this::youtubeSession);
    server.createContext("/upload/session/", this::youtubeChunk);
    server.createContext("/v2/post/publish/creator_info/query/", this::tiktokCreator);
    server.createContext("/v2/post/publish/video/init/", this::tiktokInit);
    server.createContext("/tiktok/upload/", this::tiktokChunk);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  long youtubeBytes() {
    return youtube.get();
  }

  long tiktokBytes() {
    return tiktok.get();
  }

  private void youtubeSession(HttpExchange e) throws IOException {
    drain(e.getRequestBody());
    e.getResponseHeaders().add("Location", baseUrl() + "/upload/session/bench");
    answer(e, 200, "{}");
  }

  private void youtubeChunk(HttpExchange e) throws IOException {
    long n = drain(e.getRequestBody());
    Matcher m = RANGE.matcher(e.getRequestHeaders().getFirst("Content-Range"));
    if (!m.matches() || n != Long.parseLong(m.group(2)) - Long.parseLong(m.group(1)) + 1) {
      answer(e, 400, "{\"error\":{\"message\":\"bad Content-Range\"}}");
      return;
    }
    youtube.addAndGet(n);
    long end = Long.parseLong(m.group(2));
    if (end + 1 == Long.parseLong(m.group(3))) {
      answer(e, 200, "{\"id\":\"bench-video\"}");
    } else {
      e.getResponseHeaders().add("Range", "bytes=0-" + end);
      e.sendResponseHeaders(308, -1);
      e.close();
    }
  }

  private void tiktokCreator(HttpExchange e) throws IOException {
    drain(e.getRequestBody());
    answer(
        e,
        200,
        "{\"data\":{\"privacy_level_options\":[\"PUBLIC_TO_EVERYONE\",\"SELF_ONLY\"]},"
            + "\"error\":{\"code\":\"ok\"}}");
  }

  private void tiktokInit(HttpExchange e) throws IOException {
    drain(e.getRequestBody());
    answer(
        e,
        200,
        "{\"data\":{\"publish_id\":\"bench-publish\",\"upload_url\":\""
            + baseUrl()
            + "/tiktok/upload/bench\"},\"error\":{\"code\":\"ok\"}}");
  }

  private void tiktokChunk(HttpExchange e) throws IOException {
    long n = drain(e.getRequestBody());
    tiktok.addAndGet(n);
    Matcher m = RANGE.matcher(e.getRequestHeaders().getFirst("Content-Range"));
    boolean last = m.matches() && Long.parseLong(m.group(2)) + 1 == Long.parseLong(m.group(3));
    e.sendResponseHeaders(last ? 201 : 206, -1);
    e.close();
  }

  private static long drain(InputStream in) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    for (int r; (r = in.read(buffer)) >= 0; ) {
      total += r;
    }
    return total;
  }

  private static void answer(HttpExchange e, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    e.getResponseHeaders().add("Content-Type", "application/json");
    e.sendResponseHeaders(status, body.length);
    try (OutputStream out = e.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}

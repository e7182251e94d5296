package io.renderowl.activities.publish;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server side of YouTube's resumable upload session, as documented: a {@code POST
 * /upload/youtube/v3/videos?uploadType=resumable} opens a fresh session (its URL in {@code
 * Location}); a {@code PUT} with {@code Content-Range: bytes a-b/total} appends when {@code a} is
 * where the session stands (else it answers 308 with what it holds), {@code 308} and {@code Range:
 * bytes=0-N} while bytes are missing, {@code 200} with the video resource once all arrived; {@code
 * bytes *}{@code /total} asks where it stands. Every byte received is kept (and compared with the
 * video's when the test knows them).
 *
 * <p>A chunk's answer can be held for a while ({@link #holdChunkAnswers}): the bytes are taken when
 * the chunk arrives, the answer leaves later, as with a slow link or a slow server. Every session
 * is recorded with its requests, and the bytes sent more than once (within a session, or again in a
 * later one) are counted.
 */
public final class YouTubeSessions implements ResponseDefinitionTransformerV2, UploadStandIn {
  public static final String NAME = "youtube-sessions";

  /** Where the stand-in's sessions live. */
  public static final String SESSION_PATH = "/upload/session/";

  private static final Pattern RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");

  /** One upload session: its path, what it holds and every {@code Content-Range} it was sent. */
  public static final class Session extends RecordedSession {
    private final List<String> ranges = new ArrayList<>();

    private Session(String path) {
      super(path);
    }

    /** The {@code Content-Range} of every PUT, in order (status queries included). */
    public synchronized List<String> ranges() {
      return List.copyOf(ranges);
    }

    private synchronized void sent(String range) {
      ranges.add(range);
      requested(
          range.startsWith("bytes */") ? STATUS_QUERY : Long.parseLong(range.split("[ -]")[1]));
    }
  }

  private final Map<String, Session> sessions = new LinkedHashMap<>();
  private byte[] expected = new byte[0];
  private long chunkBytesSent;
  private int chunks;
  private int videos;
  private long holdMillis;

  /** The video's bytes: each chunk is compared with them (400 when they differ). */
  public synchronized YouTubeSessions expect(byte[] video) {
    expected = video.clone();
    return this;
  }

  @Override
  public synchronized YouTubeSessions holdChunkAnswers(Duration hold) {
    holdMillis = hold.toMillis();
    return this;
  }

  /** Forgets every session and count (the hold and the expected bytes stay). */
  @Override
  public synchronized void clear() {
    sessions.clear();
    chunkBytesSent = 0;
    chunks = 0;
    videos = 0;
  }

  @Override
  public String platform() {
    return "youtube";
  }

  @Override
  public String statusQuery() {
    return "PUT with Content-Range bytes */total";
  }

  @Override
  public String videoId() {
    return "vid-123";
  }

  /** Sessions completed by their last chunk: YouTube makes each one a video. */
  @Override
  public synchronized int videos() {
    return videos;
  }

  /**
   * The stubs of a whole YouTube upload on {@code server}: sessions opened by this stand-in, its
   * chunks, and {@code videos.list} answering the video processed. The server must have been
   * created with this extension.
   */
  @Override
  public void stubOn(WireMockServer server) {
    server.stubFor(
        post(urlPathEqualTo("/upload/youtube/v3/videos"))
            .atPriority(5)
            .willReturn(aResponse().withTransformers(NAME)));
    server.stubFor(
        put(urlPathMatching(SESSION_PATH + ".*"))
            .atPriority(5)
            .willReturn(aResponse().withTransformers(NAME)));
    server.stubFor(
        get(urlPathEqualTo("/youtube/v3/videos"))
            .atPriority(5)
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"items\":[{\"id\":\"vid-123\",\"status\":{\"uploadStatus\":"
                            + "\"processed\"}}]}")));
  }

  @Override
  public synchronized List<Session> sessions() {
    return List.copyOf(sessions.values());
  }

  /** The {@code Content-Range} of every PUT to any session, in order. */
  public synchronized List<String> ranges() {
    return sessions.values().stream().flatMap(s -> s.ranges().stream()).toList();
  }

  /** The bytes the session at {@code sessionPath} holds. */
  public synchronized long received(String sessionPath) {
    Session s = sessions.get(sessionPath);
    return s == null ? 0 : s.received();
  }

  @Override
  public synchronized int chunks() {
    return chunks;
  }

  @Override
  public synchronized long resentBytes() {
    long fullest = sessions.values().stream().mapToLong(Session::received).max().orElse(0);
    return chunkBytesSent - fullest;
  }

  @Override
  public synchronized ResponseDefinition transform(ServeEvent event) {
    Request request = event.getRequest();
    if (request.getMethod().getName().equals("POST")) {
      return open(request);
    }
    String path = URI.create(request.getUrl()).getPath();
    Session session = sessions.computeIfAbsent(path, Session::new);
    String range = request.getHeader("Content-Range");
    if (range == null) {
      return ResponseDefinitionBuilder.responseDefinition().withStatus(400).build();
    }
    session.sent(range);
    long have = session.received();
    if (range.startsWith("bytes */")) {
      long total = Long.parseLong(range.substring("bytes */".length()));
      return have == total ? done(0) : resume(have, 0);
    }
    Matcher m = RANGE.matcher(range);
    if (!m.matches()) {
      return ResponseDefinitionBuilder.responseDefinition().withStatus(400).build();
    }
    long from = Long.parseLong(m.group(1));
    long to = Long.parseLong(m.group(2));
    long total = Long.parseLong(m.group(3));
    byte[] body = request.getBody();
    chunks++;
    chunkBytesSent += body.length;
    if (from != have || body.length != to - from + 1) {
      return resume(have, holdMillis);
    }
    if (expected.length > 0
        && (to >= expected.length
            || !Arrays.equals(body, Arrays.copyOfRange(expected, (int) from, (int) to + 1)))) {
      return ResponseDefinitionBuilder.responseDefinition()
          .withStatus(400)
          .withBody("{\"error\":{\"message\":\"bytes differ from the video\"}}")
          .build();
    }
    session.append(body);
    if (to + 1 == total) {
      videos++;
      return done(holdMillis);
    }
    return resume(to + 1, holdMillis);
  }

  private ResponseDefinition open(Request request) {
    String id = "s" + (sessions.size() + 1);
    String path = SESSION_PATH + id;
    sessions.put(path, new Session(path));
    URI at = URI.create(request.getAbsoluteUrl());
    String location =
        at.getScheme() + "://" + at.getAuthority() + path + "?uploadType=resumable&upload_id=" + id;
    return ResponseDefinitionBuilder.responseDefinition()
        .withStatus(200)
        .withHeader("Location", location)
        .build();
  }

  private static ResponseDefinition resume(long have, long holdMillis) {
    ResponseDefinitionBuilder b = ResponseDefinitionBuilder.responseDefinition().withStatus(308);
    if (have > 0) {
      b = b.withHeader("Range", "bytes=0-" + (have - 1));
    }
    if (holdMillis > 0) {
      b = b.withFixedDelay((int) holdMillis);
    }
    return b.build();
  }

  private static ResponseDefinition done(long holdMillis) {
    ResponseDefinitionBuilder b =
        ResponseDefinitionBuilder.responseDefinition()
            .withStatus(200)
            .withHeader("Content-Type", "application/json")
            .withBody(
                "{\"kind\":\"youtube#video\",\"id\":\"vid-123\",\"status\":{\"uploadStatus\":"
                    + "\"uploaded\"}}");
    if (holdMillis > 0) {
      b = b.withFixedDelay((int) holdMillis);
    }
    return b.build();
  }

  @Override
  public boolean applyGlobally() {
    return false;
  }

  @Override
  public String getName() {
    return NAME;
  }
}

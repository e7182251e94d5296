package io.renderowl.activities.publish;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server side of a Facebook Page video post through the Graph API, as documented: {@code POST
 * /{app-id}/uploads?file_length=N} opens a fresh Resumable Upload session ({@code
 * {"id":"upload:..."}}); {@code POST /upload:...} with {@code Authorization: OAuth <token>} and the
 * header {@code file_offset} appends its body when the offset is where the session stands and
 * answers the new {@code file_offset}, or the file handle {@code h} once all bytes arrived (an
 * offset elsewhere is refused, code 100); {@code GET /upload:...} answers where the session stands.
 * {@code GET /{page-id}?fields=access_token} gives a Page token, {@code POST /{page-id}/videos}
 * posts the video of a handle, {@code GET /{video-id}?fields=status,permalink_url} answers it
 * {@code ready}, and {@code GET /{page-id}/videos} lists what was posted.
 *
 * <p>Chunk answers can be held ({@link #holdChunkAnswers}); every session is recorded with its
 * requests, every post is counted, and the bytes sent more than once are counted.
 */
public final class FacebookSessions implements ResponseDefinitionTransformerV2, UploadStandIn {
  public static final String NAME = "facebook-sessions";

  /** The id every post is answered with. */
  public static final String VIDEO_ID = "10153231379946729";

  private static final Pattern OPEN = Pattern.compile("/[^/]+/uploads");
  private static final Pattern PAGE = Pattern.compile("/(\\d+)");
  private static final Pattern PAGE_VIDEOS = Pattern.compile("/(\\d+)/videos");

  /** One upload session: its path, what it holds, and the offset of every request. */
  public static final class Session extends RecordedSession {
    private final long length;

    private Session(String path, long length) {
      super(path);
      this.length = length;
    }
  }

  /** A post to {@code /{page-id}/videos}. */
  public record Post(String page, String handle, String title, String description) {}

  private final Map<String, Session> sessions = new LinkedHashMap<>();
  private final List<Post> posts = new ArrayList<>();
  private long chunkBytesSent;
  private int chunks;
  private long holdMillis;

  @Override
  public synchronized FacebookSessions holdChunkAnswers(Duration hold) {
    holdMillis = hold.toMillis();
    return this;
  }

  @Override
  public synchronized void clear() {
    sessions.clear();
    posts.clear();
    chunkBytesSent = 0;
    chunks = 0;
  }

  @Override
  public String platform() {
    return "facebook";
  }

  @Override
  public String statusQuery() {
    return "GET upload:<session> for file_offset";
  }

  @Override
  public String videoId() {
    return VIDEO_ID;
  }

  /** Every Graph API request on {@code server} goes to this stand-in. */
  @Override
  public void stubOn(WireMockServer server) {
    server.stubFor(any(anyUrl()).atPriority(5).willReturn(aResponse().withTransformers(NAME)));
  }

  @Override
  public synchronized List<Session> sessions() {
    return List.copyOf(sessions.values());
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

  /** Posts to a Page's videos: each one a video on the Page. */
  @Override
  public synchronized int videos() {
    return posts.size();
  }

  public synchronized List<Post> posts() {
    return List.copyOf(posts);
  }

  @Override
  public synchronized ResponseDefinition transform(ServeEvent event) {
    Request request = event.getRequest();
    URI uri = URI.create(request.getUrl());
    String path = uri.getPath();
    String method = request.getMethod().getName();
    if (path.startsWith("/upload:")) {
      return session(request, path, method);
    }
    if (method.equals("POST") && OPEN.matcher(path).matches()) {
      String length = query(uri.getRawQuery()).getOrDefault("file_length", "0");
      String id = "upload:s" + (sessions.size() + 1);
      sessions.put("/" + id, new Session("/" + id, Long.parseLong(length)));
      return json(200, "{\"id\":\"" + id + "\"}", 0);
    }
    Matcher videos = PAGE_VIDEOS.matcher(path);
    if (videos.matches() && method.equals("POST")) {
      Map<String, String> form = query(request.getBodyAsString());
      posts.add(
          new Post(
              videos.group(1),
              form.getOrDefault("fbuploader_video_file_chunk", ""),
              form.getOrDefault("title", ""),
              form.getOrDefault("description", "")));
      return json(200, "{\"id\":\"" + VIDEO_ID + "\"}", 0);
    }
    if (videos.matches()) {
      StringBuilder data = new StringBuilder();
      for (Post p : posts) {
        data.append(data.isEmpty() ? "" : ",")
            .append("{\"id\":\"")
            .append(VIDEO_ID)
            .append("\",\"title\":\"")
            .append(p.title().replace("\"", "\\\""))
            .append("\",\"description\":\"")
            .append(p.description().replace("\"", "\\\""))
            .append("\"}");
      }
      return json(200, "{\"data\":[" + data + "]}", 0);
    }
    Matcher page = PAGE.matcher(path);
    if (page.matches() && page.group(1).equals(VIDEO_ID)) {
      return json(
          200,
          "{\"id\":\""
              + VIDEO_ID
              + "\",\"status\":{\"video_status\":\"ready\"},\"permalink_url\":\"/"
              + (posts.isEmpty() ? "0" : posts.get(0).page())
              + "/videos/"
              + VIDEO_ID
              + "/\"}",
          0);
    }
    if (page.matches()) {
      return json(200, "{\"id\":\"" + page.group(1) + "\",\"access_token\":\"page-token\"}", 0);
    }
    return json(404, "{\"error\":{\"message\":\"unknown path " + path + "\",\"code\":803}}", 0);
  }

  private ResponseDefinition session(Request request, String path, String method) {
    String auth = request.getHeader("Authorization");
    if (auth == null || !auth.startsWith("OAuth ")) {
      return json(401, "{\"error\":{\"message\":\"OAuth header expected\",\"code\":190}}", 0);
    }
    Session session = sessions.get(path);
    if (session == null) {
      return json(400, "{\"error\":{\"message\":\"no such upload session\",\"code\":100}}", 0);
    }
    String id = path.substring(1);
    if (method.equals("GET")) {
      session.requested(STATUS_QUERY);
      return json(200, "{\"id\":\"" + id + "\",\"file_offset\":" + session.received() + "}", 0);
    }
    long from = Long.parseLong(request.getHeader("file_offset"));
    byte[] body = request.getBody();
    session.requested(from);
    chunks++;
    chunkBytesSent += body.length;
    long have = session.received();
    if (from != have || have + body.length > session.length) {
      return json(
          400,
          "{\"error\":{\"message\":\"file_offset "
              + from
              + " is not where the session stands ("
              + have
              + ")\",\"code\":100}}",
          holdMillis);
    }
    session.append(body);
    long now = have + body.length;
    return now == session.length
        ? json(200, "{\"h\":\"2:" + id.substring("upload:".length()) + ":video/mp4\"}", holdMillis)
        : json(200, "{\"id\":\"" + id + "\",\"file_offset\":" + now + "}", holdMillis);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static ResponseDefinition json(int status, String body, long holdMillis) {
    ResponseDefinitionBuilder b =
        ResponseDefinitionBuilder.responseDefinition()
            .withStatus(status)
            .withHeader("Content-Type", "application/json")
            .withBody(body);
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

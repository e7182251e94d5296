package io.renderowl.activities.publish;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server side of YouTube's resumable upload session, as documented: a {@code PUT} with {@code
 * Content-Range: bytes a-b/total} appends when {@code a} is where the session stands (else it
 * answers 308 with what it holds), {@code 308} and {@code Range: bytes=0-N} while bytes are
 * missing, {@code 200} with the video resource once all arrived; {@code bytes *}{@code /total} asks
 * where it stands. Every byte received is compared with the video's.
 */
final class YouTubeSessions implements ResponseDefinitionTransformerV2 {
  static final String NAME = "youtube-sessions";
  private static final Pattern RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");

  private final Map<String, Long> received = new ConcurrentHashMap<>();
  final List<String> ranges = new CopyOnWriteArrayList<>();
  volatile byte[] expected = new byte[0];

  @Override
  public ResponseDefinition transform(ServeEvent event) {
    Request request = event.getRequest();
    String session = request.getUrl();
    String range = request.getHeader("Content-Range");
    ranges.add(range);
    long have = received.getOrDefault(session, 0L);
    if (range.startsWith("bytes */")) {
      long total = Long.parseLong(range.substring("bytes */".length()));
      return have == total ? done() : resume(have);
    }
    Matcher m = RANGE.matcher(range);
    if (!m.matches()) {
      return ResponseDefinitionBuilder.responseDefinition().withStatus(400).build();
    }
    long from = Long.parseLong(m.group(1));
    long to = Long.parseLong(m.group(2));
    long total = Long.parseLong(m.group(3));
    byte[] body = request.getBody();
    if (from != have || body.length != to - from + 1) {
      return resume(have);
    }
    if (!Arrays.equals(body, Arrays.copyOfRange(expected, (int) from, (int) to + 1))) {
      return ResponseDefinitionBuilder.responseDefinition()
          .withStatus(400)
          .withBody("{\"error\":{\"message\":\"bytes differ from the video\"}}")
          .build();
    }
    received.put(session, to + 1);
    return to + 1 == total ? done() : resume(to + 1);
  }

  long received(String sessionPath) {
    return received.getOrDefault(sessionPath, 0L);
  }

  private static ResponseDefinition resume(long have) {
    ResponseDefinitionBuilder b = ResponseDefinitionBuilder.responseDefinition().withStatus(308);
    if (have > 0) {
      b = b.withHeader("Range", "bytes=0-" + (have - 1));
    }
    return b.build();
  }

  private static ResponseDefinition done() {
    return ResponseDefinitionBuilder.responseDefinition()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(
            "{\"kind\":\"youtube#video\",\"id\":\"vid-123\",\"status\":{\"uploadStatus\":\"uploaded\"}}")
        .build();
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

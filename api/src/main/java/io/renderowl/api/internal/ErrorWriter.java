package io.renderowl.api.internal;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes an error envelope straight to the servlet response (for filters and the resolver). */
@Component
final class ErrorWriter {

  private final JsonMapper json;

  ErrorWriter(JsonMapper json) {
    this.json = json;
  }

  void write(HttpServletResponse response, String requestId, ApiError error) throws IOException {
    byte[] body = json.writeValueAsBytes(new ErrorEnvelope(error, Meta.now(requestId)));
    response.setStatus(error.status().value());
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}

package io.renderowl.api.internal;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * Tomcat's own error answers (a request line or query string over the header size limit, a path
 * with a malformed escape, characters the HTTP parser refuses) are written as the API's error
 * envelope instead of Tomcat's HTML page. Those requests never reach a filter or a controller, so
 * this valve on the host is the only place that sees them; answers the application already wrote
 * are left alone.
 */
final class JsonErrorReportValve extends ErrorReportValve {

  private static final Logger log = LoggerFactory.getLogger(JsonErrorReportValve.class);

  private final ErrorWriter errors;

  JsonErrorReportValve(ErrorWriter errors) {
    this.errors = errors;
    setShowReport(false);
    setShowServerInfo(false);
  }

  @Override
  protected void report(Request request, Response response, @Nullable Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(false);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    String requestId = RequestIdFilter.requestIdFor(null);
    try {
      response.setHeader(RequestIdFilter.HEADER, requestId);
      errors.write(response, requestId, errorFor(status));
    } catch (IOException | IllegalStateException e) {
      log.debug("Could not write the error envelope for a {} answer", status, e);
    }
  }

  static ApiError errorFor(int status) {
    HttpStatusCode code = HttpStatusCode.valueOf(status);
    if (status == HttpStatus.BAD_REQUEST.value()) {
      return ApiError.ofStatus(
          code,
          "The request could not be read: its request line, path, query string or headers are"
              + " malformed or larger than the server accepts");
    }
    HttpStatus known = HttpStatus.resolve(status);
    return ApiError.ofStatus(code, known == null ? "HTTP " + status : known.getReasonPhrase());
  }
}

package io.renderowl.api.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over a limit with {@code 413 PAYLOAD_TOO_LARGE} before any of it reaches a
 * controller: {@value #BATCH_LIMIT_BYTES} bytes for bulk batches ({@code POST /api/v1/batch}, CSV
 * or JSON), {@value #DEFAULT_LIMIT_BYTES} bytes for every other request. A declared {@code
 * Content-Length} over the limit is refused without reading; a body without one (chunked) is read
 * up to the limit and refused as soon as it passes it.
 */
final class BodySizeLimitFilter extends OncePerRequestFilter {

  /** Bodies of every endpoint but bulk batches. */
  static final long DEFAULT_LIMIT_BYTES = 1024 * 1024;

  /** Bulk batch bodies (a CSV or JSON list of up to many thousand rows). */
  static final long BATCH_LIMIT_BYTES = 16L * 1024 * 1024;

  private final ErrorWriter errors;

  BodySizeLimitFilter(ErrorWriter errors) {
    this.errors = errors;
  }

  static long limitFor(HttpServletRequest request) {
    String path = request.getRequestURI();
    return "POST".equals(request.getMethod()) && path.equals("/api/v1/batch")
        ? BATCH_LIMIT_BYTES
        : DEFAULT_LIMIT_BYTES;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long limit = limitFor(request);
    long declared = request.getContentLengthLong();
    if (declared > limit) {
      refuse(request, response, "of " + declared + " bytes", limit);
      return;
    }
    if (declared >= 0 || !hasBody(request)) {
      chain.doFilter(request, response);
      return;
    }
    // No length given (chunked): read it, but never more than the limit.
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    }
    if (body.length > limit) {
      refuse(request, response, "of more than " + limit + " bytes", limit);
      return;
    }
    chain.doFilter(new BufferedBody(request, body), response);
  }

  private static boolean hasBody(HttpServletRequest request) {
    String method = request.getMethod();
    return "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method);
  }

  private void refuse(
      HttpServletRequest request, HttpServletResponse response, String size, long limit)
      throws IOException {
    errors.write(
        response,
        RequestIdFilter.requestIdOf(request) == null ? "" : RequestIdFilter.requestIdOf(request),
        new ApiError(
            HttpStatus.valueOf(413),
            "PAYLOAD_TOO_LARGE",
            "request body "
                + size
                + " is over the limit of "
                + limit
                + " bytes for "
                + request.getMethod()
                + " "
                + request.getRequestURI(),
            List.of()));
  }

  /** The request with its body already read into memory. */
  private static final class BufferedBody extends HttpServletRequestWrapper {
    private final byte[] body;

    BufferedBody(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("the body is already read");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      String encoding = getCharacterEncoding();
      Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
      return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }
  }
}

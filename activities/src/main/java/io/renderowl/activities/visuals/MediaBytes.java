package io.renderowl.activities.visuals;

import io.renderowl.activities.provider.ProviderFailures;
import io.renderowl.activities.provider.ProviderHttp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Downloads of pictures and videos: only from public addresses, size- and time-limited (by {@link
 * ProviderHttp#fetch}), and checked by type: the Content-Type must be an image/video type and the
 * first bytes must be a PNG or JPEG picture, or an MP4/MOV/WebM video, whatever the header claims.
 */
public final class MediaBytes {
  private MediaBytes() {}

  /**
   * Checked media.
   *
   * @param bytes the file
   * @param contentType what the bytes are (from the magic bytes)
   * @param extension file extension for it
   * @param mediaType "image" or "video"
   */
  public record Checked(byte[] bytes, String contentType, String extension, String mediaType) {}

  /**
   * Downloads {@code url} (no cache, no provider rate limit) and checks it is {@code mediaType}.
   */
  public static Checked download(
      ProviderHttp http, String provider, String url, String mediaType, long maxBytes) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw ProviderFailures.nonRetryable(
          ProviderFailures.BAD_OUTPUT, provider + " gave an invalid media URL: " + url);
    }
    if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
      throw ProviderFailures.nonRetryable(
          ProviderFailures.BAD_OUTPUT, provider + " media URL is not http(s): " + url);
    }
    ProviderHttp.Call call =
        new ProviderHttp.Call(
            provider, "download", "GET", uri, Map.of(), null, false, maxBytes, false);
    ProviderHttp.Response response = http.fetch(call);
    String declared = response.contentType().toLowerCase(java.util.Locale.ROOT);
    if (!declared.isEmpty()
        && !declared.startsWith(mediaType + "/")
        && !declared.startsWith("application/octet-stream")
        && !declared.startsWith("binary/octet-stream")) {
      throw ProviderFailures.nonRetryable(
          ProviderFailures.BAD_OUTPUT,
          provider
              + " download "
              + call.shownUri()
              + " is "
              + declared
              + ", not "
              + mediaType
              + "/*");
    }
    return check(provider, response.body(), mediaType);
  }

  /**
   * Checks bytes by their magic numbers.
   *
   * @throws io.temporal.failure.ApplicationFailure non-retryable when they are not {@code
   *     mediaType}
   */
  public static Checked check(String provider, byte[] b, String mediaType) {
    String type = sniff(b);
    if (type == null || !type.startsWith(mediaType + "/")) {
      throw ProviderFailures.nonRetryable(
          ProviderFailures.BAD_OUTPUT,
          provider
              + " returned "
              + b.length
              + " bytes that are not a supported "
              + mediaType
              + (type == null ? " (unknown format)" : " (" + type + ")")
              + (mediaType.equals("image")
                  ? "; PNG and JPEG are supported"
                  : "; MP4, MOV and WebM are supported"));
    }
    String ext =
        switch (type) {
          case "image/png" -> "png";
          case "image/jpeg" -> "jpg";
          case "video/webm" -> "webm";
          case "video/quicktime" -> "mov";
          default -> "mp4";
        };
    return new Checked(b, type, ext, mediaType);
  }

  /**
   * The type of the first bytes, or null: PNG, JPEG, MP4/MOV (ftyp box), WebM (EBML), or webp/gif
   * (unsupported).
   */
  static String sniff(byte[] b) {
    if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return "image/png";
    }
    if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
      return "image/jpeg";
    }
    if (b.length >= 12
        && b[0] == 'R'
        && b[1] == 'I'
        && b[2] == 'F'
        && b[3] == 'F'
        && b[8] == 'W'
        && b[9] == 'E') {
      return "unsupported/webp";
    }
    if (b.length >= 4 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') {
      return "unsupported/gif";
    }
    if (b.length >= 12 && b[4] == 'f' && b[5] == 't' && b[6] == 'y' && b[7] == 'p') {
      return b[8] == 'q' && b[9] == 't' ? "video/quicktime" : "video/mp4";
    }
    if (b.length >= 4
        && (b[0] & 0xff) == 0x1A
        && (b[1] & 0xff) == 0x45
        && (b[2] & 0xff) == 0xDF
        && (b[3] & 0xff) == 0xA3) {
      return "video/webm";
    }
    return null;
  }

  /** Width and height of a PNG/JPEG, read from its header; {0, 0} when unreadable. */
  static int[] imageSize(byte[] bytes) {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      var readers = ImageIO.getImageReaders(in);
      if (readers.hasNext()) {
        ImageReader reader = readers.next();
        try {
          reader.setInput(in);
          return new int[] {reader.getWidth(0), reader.getHeight(0)};
        } finally {
          reader.dispose();
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return new int[] {0, 0};
  }
}

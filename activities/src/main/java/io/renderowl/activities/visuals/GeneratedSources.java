package io.renderowl.activities.visuals;

import io.renderowl.activities.provider.ProviderFailures;
import io.renderowl.activities.provider.ProviderHttp;
import io.renderowl.activities.provider.UsageSink;
import io.renderowl.infra.config.ProviderSettings;
import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.Scene;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Generated pictures.
 *
 * <ul>
 *   <li>OpenAI Images: {@code POST {base}/images/generations} with {@code Authorization: Bearer},
 *       JSON {@code model}, {@code prompt}, {@code n}, {@code size} (and {@code response_format:
 *       b64_json} for DALL-E models; gpt-image models always answer base64); the answer's {@code
 *       data[0]} holds {@code b64_json} or a {@code url} to download.
 *   <li>Stability AI: {@code POST /v2beta/stable-image/generate/{core|ultra|sd3}} as
 *       multipart/form-data ({@code prompt}, {@code aspect_ratio}, {@code output_format=png}) with
 *       {@code Authorization: Bearer} and {@code Accept: image/*}; the answer is the image bytes.
 *   <li>Procedural: the offline picture generator.
 * </ul>
 */
public final class GeneratedSources {
  private GeneratedSources() {}

  static String openAiSize(String model, Aspect aspect) {
    boolean gptImage = model.startsWith("gpt-image");
    return switch (aspect) {
      case VERTICAL ->
          gptImage ? "1024x1536" : model.equals("dall-e-2") ? "1024x1024" : "1024x1792";
      case LANDSCAPE ->
          gptImage ? "1536x1024" : model.equals("dall-e-2") ? "1024x1024" : "1792x1024";
      case SQUARE -> "1024x1024";
    };
  }

  public static VisualSource openAiImages(ProviderSettings s, ProviderHttp http, UsageSink usage) {
    ProviderSettings.OpenAi e = s.openAi();
    return new VisualSource() {
      @Override
      public String name() {
        return "openai-images";
      }

      @Override
      public Outcome find(String runId, Scene scene, Aspect aspect) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", e.imageModel());
        body.put("prompt", scene.visualPrompt() + ". No text, no letters, no watermark.");
        body.put("n", 1);
        body.put("size", openAiSize(e.imageModel(), aspect));
        if (e.imageModel().startsWith("dall-e")) {
          body.put("response_format", "b64_json");
        }
        ProviderHttp.Call call =
            ProviderHttp.Call.post(
                    "openai",
                    "image",
                    URI.create(e.baseUrl() + "/images/generations"),
                    Map.of(
                        "Authorization",
                        "Bearer " + e.apiKey(),
                        "Content-Type",
                        "application/json"),
                    ProviderHttp.JSON.writeValueAsBytes(body))
                .withMaxBytes(s.maxDownloadBytes() * 2);
        ProviderHttp.Response response = http.send(call);
        JsonNode first = response.json(call).path("data").path(0);
        MediaBytes.Checked media;
        if (first.path("b64_json").isString() && !first.path("b64_json").asString().isBlank()) {
          byte[] bytes;
          try {
            bytes = Base64.getDecoder().decode(first.path("b64_json").asString());
          } catch (IllegalArgumentException bad) {
            throw ProviderFailures.retryable(
                ProviderFailures.BAD_OUTPUT, "openai image b64_json is not base64");
          }
          media = MediaBytes.check("openai", bytes, "image");
        } else if (first.path("url").isString()) {
          media =
              MediaBytes.download(
                  http, "openai", first.path("url").asString(), "image", s.maxDownloadBytes());
        } else {
          return Outcome.missed("the answer has no image (data[0] has neither b64_json nor url)");
        }
        usage.record(runId, "openai", "image", "images", 1, response.cached());
        int[] size = MediaBytes.imageSize(media.bytes());
        return Outcome.of(new Found(media, size[0], size[1], "", "openai-images"));
      }
    };
  }

  public static VisualSource stability(ProviderSettings s, ProviderHttp http, UsageSink usage) {
    ProviderSettings.Endpoint e = s.stability();
    return new VisualSource() {
      @Override
      public String name() {
        return "stability";
      }

      @Override
      public Outcome find(String runId, Scene scene, Aspect aspect) {
        String boundary =
            "renderowl-"
                + UUID.nameUUIDFromBytes(scene.visualPrompt().getBytes(StandardCharsets.UTF_8));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("prompt", scene.visualPrompt());
        fields.put("negative_prompt", "text, letters, watermark");
        fields.put("aspect_ratio", aspect.label());
        fields.put("output_format", "png");
        StringBuilder form = new StringBuilder();
        fields.forEach((k, v) ->
            form.append("--")
                .append(boundary)
                .append("\r\n")
                .append("Content-Disposition: form-data; name=\"")
                .append(k)
                .append("\"\r\n\r\n")
                .append(v)
                .append("\r\n"));
        form.append("--").append(boundary).append("--\r\n");
        ProviderHttp.Call call =
            ProviderHttp.Call.post(
                    "stability",
                    "image",
                    URI.create(e.baseUrl() + "/v2beta/stable-image/generate/" + e.model()),
                    Map.of(
                        "Authorization",
                        "Bearer " + e.apiKey(),
                        "Accept",
                        "image/*",
                        "Content-Type",
                        "multipart/form-data; boundary=" + boundary),
                    form.toString().getBytes(StandardCharsets.UTF_8))
                .withMaxBytes(s.maxDownloadBytes());
        ProviderHttp.Response response = http.send(call);
        String finish =
            response
                .headers()
                .getOrDefault("finish-reason", java.util.List.of("SUCCESS"))
                .getFirst();
        if ("CONTENT_FILTERED".equalsIgnoreCase(finish)) {
          return Outcome.missed("the picture was withheld by the content filter");
        }
        MediaBytes.Checked media = MediaBytes.check("stability", response.body(), "image");
        usage.record(runId, "stability", "image", "images", 1, response.cached());
        int[] size = MediaBytes.imageSize(media.bytes());
        return Outcome.of(new Found(media, size[0], size[1], "", "stability"));
      }
    };
  }

  public static VisualSource procedural() {
    ProceduralPictures pictures = new ProceduralPictures();
    return new VisualSource() {
      @Override
      public String name() {
        return "procedural";
      }

      @Override
      public Outcome find(String runId, Scene scene, Aspect aspect) {
        byte[] jpeg =
            PictureCanvases.SHARED.draw(
                aspect.width(),
                aspect.height(),
                canvas -> jpeg(pictures.draw(scene.visualPrompt(), scene, canvas)));
        MediaBytes.Checked media = MediaBytes.check(ProceduralPictures.PROVIDER, jpeg, "image");
        return Outcome.of(
            new Found(media, aspect.width(), aspect.height(), "", ProceduralPictures.PROVIDER));
      }
    };
  }

  /**
   * JPEG at a stock photo's quality (MJPEG quantiser 2): the pictures' fine grain made PNGs of
   * 3-4.5 MB at 1080x1920 that took about 0.2 s each to compress and then to store, where the JPEG
   * is about 0.5 MB, and the render scales and re-encodes the picture anyway. Encoded by the
   * bundled FFmpeg rather than ImageIO, in half the time ({@link FfmpegJpeg}).
   */
  static byte[] jpeg(BufferedImage picture) {
    return FfmpegJpeg.encode(picture, 2);
  }
}

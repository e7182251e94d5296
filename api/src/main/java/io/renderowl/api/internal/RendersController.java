package io.renderowl.api.internal;

import io.renderowl.infra.credits.PriceList;
import io.renderowl.infra.pipeline.RenderOrder;
import io.renderowl.infra.pipeline.RenderView;
import io.renderowl.infra.pipeline.Renders;
import io.renderowl.infra.pipeline.StartedRender;
import io.renderowl.workflows.CostItem;
import io.renderowl.workflows.timeline.OutputPreset;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The seed's {@code /render}: {@code POST} starts a render of a stored timeline ({@code 202} and a
 * status URL; the same {@code Idempotency-Key} is the same render), {@code GET /{id}} reports it,
 * named by its id or its run id (status, progress from the chunks, presigned output and poster
 * URLs, error), {@code DELETE /{id}} cancels it, {@code GET} lists them.
 */
@RestController
@RequestMapping(path = RendersController.PATH, produces = MediaType.APPLICATION_JSON_VALUE)
final class RendersController {

  static final String PATH = "/api/v1/render";

  private final ObjectProvider<Renders> renders;
  private final ObjectProvider<PriceList> prices;

  RendersController(ObjectProvider<Renders> renders, ObjectProvider<PriceList> prices) {
    this.renders = renders;
    this.prices = prices;
  }

  /**
   * A render preset as {@code GET /render/presets} lists it.
   *
   * @param name what {@code preset} takes in {@code POST /render} and {@code /templates/{id}/use}
   * @param aliases other accepted names
   * @param sizeRule how the frame size follows from the timeline's
   * @param shortSide the frame's short side in pixels, null for the timeline's own size
   * @param examples the frame size for a 1920x1080, a 1080x1920 and a 1080x1080 timeline
   * @param fps the frame rate: always the timeline's own (the frame count never changes)
   * @param quality "preview" (x264 ultrafast, crf 28) or "standard" (the encoder's settings for the
   *     frame size)
   * @param price "preview" or "full": which render price applies
   * @param creditsPer30s credits per started 30 s of video at that price (null when this server has
   *     no credits)
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record PresetView(
      String name,
      List<String> aliases,
      String sizeRule,
      @Nullable Integer shortSide,
      Map<String, String> examples,
      String fps,
      String quality,
      String price,
      @Nullable Double creditsPer30s,
      String description) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record RenderBody(
      @NotBlank(message = "is required") @Nullable String timelineId,
      @Size(max = 50, message = "must be at most 50 characters") @Nullable String preset,
      @Nullable Integer chunks,
      @Size(max = 2048, message = "must be at most 2048 characters")
          @Nullable String callbackUrl) {}

  /**
   * A render as the API reports it.
   *
   * @param runId its workflow's id ({@code render-…}): what {@code owl render} prints, the Temporal
   *     UI's name for it, and another name {@code GET /render/{id}} takes
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record RenderStatusView(
      String id,
      String runId,
      String timelineId,
      String status,
      int progress,
      String preset,
      int chunksDone,
      int chunksStarted,
      @Nullable String outputUrl,
      @Nullable String posterUrl,
      @Nullable String error,
      @Nullable String callbackUrl,
      String statusUrl,
      Instant createdAt,
      @Nullable Instant startedAt,
      @Nullable Instant completedAt) {

    static RenderStatusView of(RenderView r) {
      return new RenderStatusView(
          r.id(),
          r.runId(),
          r.timelineId(),
          r.status().label(),
          r.progress(),
          r.preset(),
          r.chunksDone(),
          r.chunksStarted(),
          r.outputUrl(),
          r.posterUrl(),
          r.error(),
          r.callbackUrl(),
          PATH + "/" + r.id(),
          r.createdAt(),
          r.startedAt(),
          r.completedAt());
    }
  }

  @ResponseStatus(HttpStatus.ACCEPTED) // the answer's status, also in the OpenAPI contract
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Envelope<RenderStatusView>> start(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestHeader(name = "Idempotency-Key", defaultValue = "") String idempotencyKey,
      @Valid @RequestBody RenderBody body) {
    if (idempotencyKey.length() > 255) {
      throw new ApiException(
          ApiError.validation(
              "Invalid input",
              List.of(
                  new io.renderowl.workflows.FieldError(
                      "Idempotency-Key", "must be at most 255 characters"))));
    }
    StartedRender started =
        renders()
            .start(
                new RenderOrder(
                    userId,
                    Objects.requireNonNull(body.timelineId()).strip(),
                    body.preset(),
                    body.chunks() == null ? 0 : body.chunks(),
                    body.callbackUrl(),
                    idempotencyKey));
    RenderStatusView view = RenderStatusView.of(started.render());
    return ResponseEntity.accepted()
        .location(URI.create(view.statusUrl()))
        .body(Envelope.of(view, requestId));
  }

  @GetMapping
  Paged<RenderStatusView> list(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestParam(required = false) @Nullable Integer page,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(name = "timeline_id", required = false) @Nullable String timelineId) {
    PageRequest pageRequest = PageRequest.of(page, limit);
    var rows = renders().list(userId, timelineId, pageRequest.offset(), pageRequest.limit());
    return Paged.of(
        rows.rows().stream().map(RenderStatusView::of).toList(),
        pageRequest,
        rows.total(),
        requestId);
  }

  /**
   * The render presets: named output sizes that keep the timeline's aspect ratio, frame rate and
   * duration (so the frame count), and which price and encoding each takes.
   */
  @GetMapping("/presets")
  Paged<PresetView> presets(
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestParam(required = false) @Nullable Integer page,
      @RequestParam(required = false) @Nullable Integer limit) {
    PageRequest pageRequest = PageRequest.of(page, limit);
    PriceList priceList = prices.getIfAvailable();
    List<PresetView> all = OutputPreset.ALL.stream().map(p -> presetView(p, priceList)).toList();
    List<PresetView> rows =
        all.stream().skip(pageRequest.offset()).limit(pageRequest.limit()).toList();
    return Paged.of(rows, pageRequest, all.size(), requestId);
  }

  private static PresetView presetView(OutputPreset p, @Nullable PriceList priceList) {
    Map<String, String> examples = new LinkedHashMap<>();
    for (int[] size : new int[][] {{1920, 1080}, {1080, 1920}, {1080, 1080}}) {
      int[] out = p.sizeFor(size[0], size[1]);
      examples.put(size[0] + "x" + size[1], out[0] + "x" + out[1]);
    }
    String rule =
        p.shortSide() == 0
            ? "the timeline's own width and height"
            : (p.preview()
                    ? "the timeline's aspect ratio at a "
                        + p.shortSide()
                        + "-pixel short side, never larger than the timeline"
                    : "the timeline's aspect ratio at a " + p.shortSide() + "-pixel short side")
                + " (even sides)";
    return new PresetView(
        p.name(),
        p.aliases(),
        rule,
        p.shortSide() == 0 ? null : p.shortSide(),
        examples,
        "the timeline's own",
        p.preview() ? "preview" : "standard",
        p.preview() ? "preview" : "full",
        priceList == null ? null : priceList.unitPrice(CostItem.RENDER, p.preview()),
        p.description());
  }

  @GetMapping("/{id}")
  Envelope<RenderStatusView> status(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @PathVariable String id) {
    return renders()
        .find(userId, id)
        .map(r -> Envelope.of(RenderStatusView.of(r), requestId))
        .orElseThrow(() -> new ApiException(ApiError.notFound("No render '" + id + "'")));
  }

  /** Cancels the render: {@code 202} while it stops, its row then ends {@code cancelled}. */
  @ResponseStatus(HttpStatus.ACCEPTED) // the answer's status, also in the OpenAPI contract
  @DeleteMapping("/{id}")
  ResponseEntity<Envelope<RenderStatusView>> cancel(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @PathVariable String id) {
    RenderView view =
        renders()
            .cancel(userId, id)
            .orElseThrow(() -> new ApiException(ApiError.notFound("No render '" + id + "'")));
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(Envelope.of(RenderStatusView.of(view), requestId));
  }

  private Renders renders() {
    Renders r = renders.getIfAvailable();
    if (r == null) {
      throw new ApiException(
          ApiError.ofStatus(
              HttpStatus.SERVICE_UNAVAILABLE, "Renders are not available in this server"));
    }
    return r;
  }
}

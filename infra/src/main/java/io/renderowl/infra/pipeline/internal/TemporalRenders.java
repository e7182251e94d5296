package io.renderowl.infra.pipeline.internal;

import io.renderowl.infra.net.OutboundUrls;
import io.renderowl.infra.net.UrlRefusedException;
import io.renderowl.infra.persistence.RenderChunkRepository;
import io.renderowl.infra.persistence.RenderChunkRow;
import io.renderowl.infra.persistence.RenderRepository;
import io.renderowl.infra.persistence.RenderRow;
import io.renderowl.infra.pipeline.InvalidRequestException;
import io.renderowl.infra.pipeline.PageOf;
import io.renderowl.infra.pipeline.RenderOrder;
import io.renderowl.infra.pipeline.RenderRuns;
import io.renderowl.infra.pipeline.RenderView;
import io.renderowl.infra.pipeline.Renders;
import io.renderowl.infra.pipeline.StartedRender;
import io.renderowl.infra.pipeline.StoredTimeline;
import io.renderowl.infra.pipeline.TimelineEditException;
import io.renderowl.infra.progress.LiveProgress;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.infra.temporal.TemporalConnection;
import io.renderowl.workflows.FieldError;
import io.renderowl.workflows.RenderRequest;
import io.renderowl.workflows.RenderResult;
import io.renderowl.workflows.RenderState;
import io.renderowl.workflows.Stage;
import io.renderowl.workflows.timeline.OutputPreset;
import io.temporal.client.WorkflowNotFoundException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * {@link Renders} on the {@code renders} rows and {@link RenderRuns}: the row is written queued
 * before the workflow starts (so the render can be read, listed and cancelled at once), under a run
 * id derived from the user and the idempotency key.
 */
public final class TemporalRenders implements Renders {

  /** The most chunks a render may be cut into over the API. */
  public static final int MAX_CHUNKS = 64;

  private static final int MAX_CALLBACK_URL = 2048;
  private static final Duration PRESIGNED_FOR = Duration.ofHours(1);

  private final JdbcTimelines timelines;
  private final RenderRepository renders;
  private final RenderChunkRepository chunks;
  private final RenderRuns runs;
  private final TemporalConnection temporal;
  private final LiveProgress live;
  private final @Nullable OutboundUrls callbackGuard;
  private final ObjectStore store;

  public TemporalRenders(
      JdbcTimelines timelines,
      RenderRepository renders,
      RenderChunkRepository chunks,
      RenderRuns runs,
      TemporalConnection temporal,
      LiveProgress live,
      ObjectStore store) {
    this(timelines, renders, chunks, runs, temporal, live, store, null);
  }

  /**
   * @param callbackGuard where callback URLs may point, checked when the render is asked for (null:
   *     syntax only, the delivery checks again before each attempt)
   */
  public TemporalRenders(
      JdbcTimelines timelines,
      RenderRepository renders,
      RenderChunkRepository chunks,
      RenderRuns runs,
      TemporalConnection temporal,
      LiveProgress live,
      ObjectStore store,
      @Nullable OutboundUrls callbackGuard) {
    this.timelines = timelines;
    this.renders = renders;
    this.chunks = chunks;
    this.runs = runs;
    this.temporal = temporal;
    this.live = live;
    this.store = store;
    this.callbackGuard = callbackGuard;
  }

  @Override
  public StartedRender start(RenderOrder order) {
    List<FieldError> errors = new ArrayList<>();
    if (order.chunks() < 0 || order.chunks() > MAX_CHUNKS) {
      errors.add(
          new FieldError(
              "chunks", "must be between 0 and " + MAX_CHUNKS + " (got " + order.chunks() + ")"));
    }
    String callbackProblem = callbackProblem(order.callbackUrl());
    if (callbackProblem == null
        && callbackGuard != null
        && order.callbackUrl() != null
        && !order.callbackUrl().isBlank()) {
      try {
        // refused here, before any connection: loopback, private, link-local, metadata
        callbackGuard.check(order.callbackUrl().strip());
      } catch (UrlRefusedException e) {
        callbackProblem = e.getMessage();
      }
    }
    if (callbackProblem != null) {
      errors.add(new FieldError("callback_url", callbackProblem));
    }
    StoredTimeline timeline =
        timelines
            .find(order.userId(), order.timelineId())
            .orElseThrow(() ->
                new TimelineEditException(
                    TimelineEditException.Reason.NOT_FOUND,
                    "No timeline '" + order.timelineId() + "'"));
    int ownWidth = timeline.document().width();
    int ownHeight = timeline.document().height();
    String size = ownWidth + "x" + ownHeight;
    boolean preview = false;
    String preset = size;
    int[] output = {0, 0};
    if (order.preset() != null && !order.preset().isBlank()) {
      String asked = order.preset().strip().toLowerCase(Locale.ROOT);
      Optional<OutputPreset> named = OutputPreset.find(asked);
      if (named.isPresent() && named.get().shortSide() > 0) {
        try {
          int[] scaled = named.get().sizeFor(ownWidth, ownHeight);
          if (scaled[0] != ownWidth || scaled[1] != ownHeight) {
            output = scaled;
          }
          preview = named.get().preview();
          preset = named.get().name();
        } catch (IllegalArgumentException tooLarge) {
          errors.add(new FieldError("preset", tooLarge.getMessage()));
        }
      } else if (named.isEmpty() && !asked.equals(size)) {
        errors.add(new FieldError("preset", presetProblem(size, order.preset())));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    timelines.requireRenderable(timeline.document());
    String runId = runId(order.userId(), order.idempotencyKey());
    UUID user = UUID.fromString(order.userId());
    UUID timelineId = UUID.fromString(timeline.id());
    String callbackUrl = blankToNull(order.callbackUrl());
    String presetLabel = preset;
    // The estimate is reserved with the row; a refusal records nothing. The same key finds the
    // reservation its first request made and reserves nothing more.
    boolean created =
        runs.charges()
            .reserveWhile(
                order.userId(),
                runId,
                timeline.document().durationSeconds(),
                preview,
                () ->
                    renders.createQueued(
                        runId, timelineId, user, presetLabel, callbackUrl, order.chunks()));
    RenderRow row = renders.findByRun(runId).orElseThrow();
    if (!created) {
      if (!row.timelineId().equals(timelineId)) {
        throw new InvalidRequestException(
            List.of(
                new FieldError(
                    "request_key",
                    "was used for a render of another timeline (" + row.timelineId() + ")")));
      }
      return new StartedRender(view(row), false);
    }
    try {
      runs.start(
          new RenderRequest(
              runId,
              order.userId(),
              timeline.id(),
              0,
              order.chunks(),
              false,
              preview,
              blankToNull(order.callbackUrl()),
              output[0],
              output[1]));
    } catch (RuntimeException e) {
      renders.markFailed(row.id(), "could not start the render: " + e.getMessage());
      runs.charges().release(runId, "render " + runId + " could not start");
      throw e;
    }
    return new StartedRender(view(row), true);
  }

  @Override
  public Optional<RenderView> find(String userId, String renderId) {
    UUID user = UUID.fromString(userId);
    Optional<UUID> id = uuid(renderId);
    return (id.isPresent()
            ? renders.find(user, id.get())
            : renders.findByRun(renderId).filter(row -> row.userId().equals(user)))
        .map(this::view);
  }

  @Override
  public PageOf<RenderView> list(
      String userId, @Nullable String timelineId, long offset, int limit) {
    UUID user = UUID.fromString(userId);
    UUID timeline = null;
    if (timelineId != null) {
      Optional<UUID> parsed = uuid(timelineId);
      if (parsed.isEmpty()) {
        return new PageOf<>(List.of(), 0);
      }
      timeline = parsed.get();
    }
    List<RenderView> rows =
        renders.list(user, timeline, offset, limit).stream().map(this::view).toList();
    return new PageOf<>(rows, renders.count(user, timeline));
  }

  @Override
  public Optional<RenderView> cancel(String userId, String renderId) {
    return uuid(renderId)
        .flatMap(id -> renders.find(UUID.fromString(userId), id))
        .flatMap(this::cancel);
  }

  @Override
  public Optional<RenderView> findAny(String idOrRunId) {
    return any(idOrRunId).map(this::view);
  }

  @Override
  public Optional<RenderView> cancelAny(String idOrRunId) {
    return any(idOrRunId).flatMap(this::cancel);
  }

  private Optional<RenderRow> any(String idOrRunId) {
    Optional<UUID> id = uuid(idOrRunId);
    return id.isPresent() ? renders.find(id.get()) : renders.findByRun(idOrRunId);
  }

  private Optional<RenderView> cancel(RenderRow row) {
    if (!row.status().finished()) {
      try {
        // The workflow cancels its chunks (they stop at their next heartbeat and are waited for)
        // and then marks the row cancelled itself.
        temporal.client().newUntypedWorkflowStub(row.runId()).cancel();
      } catch (WorkflowNotFoundException gone) {
        renders.markCancelled(row.id());
        runs.charges().release(row.runId(), "render " + row.runId() + " cancelled");
      }
    }
    return renders.find(row.id()).map(this::view);
  }

  private RenderView view(RenderRow row) {
    int done = 0;
    int started = 0;
    for (RenderChunkRow chunk : chunks.findByRender(row.id())) {
      started++;
      if (chunk.status() == RenderState.COMPLETED) {
        done++;
      }
    }
    int progress = row.progress();
    if (row.status() == RenderState.RENDERING) {
      Optional<LiveProgress.Entry> entry =
          live.read(row.runId()).filter(e -> e.stage() == Stage.RENDER);
      if (entry.isPresent()) {
        progress = Math.max(progress, Math.min(99, (int) Math.floor(entry.get().fraction() * 100)));
      }
    }
    String output = null;
    String poster = null;
    if (row.status() == RenderState.COMPLETED && row.outputUrl() != null) {
      String key = store.keyOf(row.outputUrl());
      output = store.presignedGetUrl(key, PRESIGNED_FOR);
      poster = store.presignedGetUrl(RenderResult.posterKeyOf(key), PRESIGNED_FOR);
    }
    return new RenderView(
        row.id().toString(),
        row.runId(),
        row.timelineId().toString(),
        row.status(),
        row.status() == RenderState.COMPLETED ? 100 : progress,
        row.preset(),
        done,
        started,
        output,
        poster,
        row.errorMessage(),
        renders.callbackUrl(row.id()).orElse(null),
        row.createdAt(),
        row.startedAt(),
        row.completedAt());
  }

  /** The 400 detail of an unknown preset: the valid names and the timeline's own resolution. */
  static String presetProblem(String size, String asked) {
    return "must be one of "
        + OutputPreset.names()
        + " or the timeline's resolution '"
        + size
        + "', got '"
        + shorten(asked)
        + "' (GET /api/v1/render/presets lists them)";
  }

  /** Syntax only: where a callback may go (addresses, schemes) is the delivery's decision. */
  private static @Nullable String callbackProblem(@Nullable String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    if (url.length() > MAX_CALLBACK_URL) {
      return "must be at most " + MAX_CALLBACK_URL + " characters";
    }
    try {
      URI uri = new URI(url.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        return "must be an absolute http(s) URL, got '" + shorten(url) + "'";
      }
      if (uri.getUserInfo() != null) {
        return "must not carry credentials";
      }
      return null;
    } catch (URISyntaxException e) {
      return "is not a URL: " + e.getReason();
    }
  }

  /** A fresh run id, or one derived from the user and the idempotency key. */
  static String runId(String userId, String idempotencyKey) {
    if (idempotencyKey == null || idempotencyKey.isBlank()) {
      return "render-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest((userId + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
      return "render-" + HexFormat.of().formatHex(hash).substring(0, 20);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static String shorten(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }

  private static Optional<UUID> uuid(String value) {
    try {
      return Optional.of(UUID.fromString(value));
    } catch (IllegalArgumentException notAUuid) {
      return Optional.empty();
    }
  }
}

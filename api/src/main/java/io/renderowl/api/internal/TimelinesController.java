package io.renderowl.api.internal;

import io.renderowl.api.internal.TimelineViews.ClipView;
import io.renderowl.api.internal.TimelineViews.ProjectView;
import io.renderowl.api.internal.TimelineViews.TimelineSummaryView;
import io.renderowl.api.internal.TimelineViews.TimelineView;
import io.renderowl.api.internal.TimelineViews.TrackView;
import io.renderowl.infra.pipeline.AddedPart;
import io.renderowl.infra.pipeline.StoredTimeline;
import io.renderowl.infra.pipeline.Timelines;
import io.renderowl.workflows.FieldError;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The seed's {@code /timelines}, {@code /tracks} and {@code /clips}, and {@code /projects}. A
 * timeline's version is the ETag of the timeline and of each of its tracks and clips; PUT and
 * DELETE need it in {@code If-Match} and answer {@code 412} when it is stale. Every change is
 * validated before it is stored ({@code 400 VALIDATION_ERROR}, one detail per problem naming the
 * track and clip); locked tracks refuse edits ({@code 409 TRACK_LOCKED}).
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
final class TimelinesController {

  static final String TIMELINES = "/api/v1/timelines";

  private final ObjectProvider<Timelines> timelines;
  private final JsonMapper json;

  TimelinesController(ObjectProvider<Timelines> timelines, JsonMapper json) {
    this.timelines = timelines;
    this.json = json;
  }

  // ---- timelines ----

  @GetMapping("/timelines")
  Paged<TimelineSummaryView> list(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestParam(required = false) @Nullable Integer page,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(name = "project_id", required = false) @Nullable String projectId) {
    PageRequest pageRequest = PageRequest.of(page, limit);
    var rows = timelines().list(userId, projectId, pageRequest.offset(), pageRequest.limit());
    return Paged.of(
        rows.rows().stream().map(TimelineSummaryView::of).toList(),
        pageRequest,
        rows.total(),
        requestId);
  }

  @ResponseStatus(HttpStatus.CREATED) // the answer's status, also in the OpenAPI contract
  @PostMapping(path = "/timelines", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Envelope<TimelineView>> create(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestBody JsonNode body) {
    var read = TimelineBodies.timeline(body, json);
    StoredTimeline stored =
        timelines().create(userId, read.projectId(), read.document(), read.locked());
    return ResponseEntity.created(URI.create(TIMELINES + "/" + stored.id()))
        .eTag(Versions.etag(stored.version()))
        .body(Envelope.of(TimelineView.of(stored), requestId));
  }

  @GetMapping("/timelines/{id}")
  ResponseEntity<Envelope<TimelineView>> show(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @PathVariable String id) {
    return timeline(found(userId, id), requestId, HttpStatus.OK);
  }

  @PutMapping(path = "/timelines/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Envelope<TimelineView>> replace(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
      @PathVariable String id,
      @RequestBody JsonNode body) {
    long version = Versions.required(ifMatch);
    var read = TimelineBodies.timeline(body, json);
    return timeline(
        timelines().replace(userId, id, version, read.document(), read.locked()),
        requestId,
        HttpStatus.OK);
  }

  @DeleteMapping("/timelines/{id}")
  Envelope<Map<String, Object>> delete(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
      @PathVariable String id) {
    long version = Versions.required(ifMatch);
    timelines().delete(userId, id, version);
    return Envelope.of(Map.of("id", id, "deleted", true), requestId);
  }

  // ---- tracks ----

  @GetMapping("/timelines/{id}/tracks")
  ResponseEntity<Paged<TrackView>> tracks(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @PathVariable String id,
      @RequestParam(required = false) @Nullable Integer page,
      @RequestParam(required = false) @Nullable Integer limit) {
    PageRequest pageRequest = PageRequest.of(page, limit);
    StoredTimeline t = found(userId, id);
    List<TrackView> all =
        t.document().tracks().stream()
            .map(track -> TrackView.of(t.id(), track, t.lockedTrackIds()))
            .toList();
    return ResponseEntity.ok()
        .eTag(Versions.etag(t.version()))
        .body(Paged.of(pageOf(all, pageRequest), pageRequest, all.size(), requestId));
  }

  @ResponseStatus(HttpStatus.CREATED) // the answer's status, also in the OpenAPI contract
  @PostMapping(path = "/timelines/{id}/tracks", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Envelope<TrackView>> addTrack(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @PathVariable String id,
      @RequestBody JsonNode body) {
    var read = TimelineBodies.track(body, json);
    AddedPart added = timelines().addTrack(userId, id, read.track(), read.locked());
    return ResponseEntity.created(URI.create("/api/v1/tracks/" + added.id()))
        .eTag(Versions.etag(added.timeline().version()))
        .body(Envelope.of(trackView(added.timeline(), added.id()), requestId));
  }

  @PutMapping(path = "/tracks/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Envelope<TrackView>> updateTrack(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
      @PathVariable String id,
      @RequestBody JsonNode body) {
    long version = Versions.required(ifMatch);
    var read = TimelineBodies.track(body, json);
    StoredTimeline after =
        timelines().updateTrack(userId, id, version, read.track(), read.locked());
    return ResponseEntity.ok()
        .eTag(Versions.etag(after.version()))
        .body(Envelope.of(trackView(after, id), requestId));
  }

  @DeleteMapping("/tracks/{id}")
  ResponseEntity<Envelope<Map<String, Object>>> deleteTrack(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
      @PathVariable String id) {
    long version = Versions.required(ifMatch);
    StoredTimeline after = timelines().deleteTrack(userId, id, version);
    return ResponseEntity.ok()
        .eTag(Versions.etag(after.version()))
        .body(Envelope.of(Map.of("id", id, "deleted", true), requestId));
  }

  // ---- clips ----

  @GetMapping("/timelines/{id}/clips")
  ResponseEntity<Paged<ClipView>> clips(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @PathVariable String id,
      @RequestParam(required = false) @Nullable Integer page,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(name = "track_id", required = false) @Nullable String trackId) {
    PageRequest pageRequest = PageRequest.of(page, limit);
    StoredTimeline t = found(userId, id);
    List<ClipView> all =
        t.document().tracks().stream()
            .filter(track -> trackId == null || track.id().equals(trackId))
            .flatMap(track -> track.clips().stream().map(c -> ClipView.of(track.id(), c)))
            .toList();
    return ResponseEntity.ok()
        .eTag(Versions.etag(t.version()))
        .body(Paged.of(pageOf(all, pageRequest), pageRequest, all.size(), requestId));
  }

  @ResponseStatus(HttpStatus.CREATED) // the answer's status, also in the OpenAPI contract
  @PostMapping(path = "/timelines/{id}/clips", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Envelope<ClipView>> addClip(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @PathVariable String id,
      @RequestBody JsonNode body) {
    var read = TimelineBodies.clip(body, json);
    if (read.trackId() == null || read.trackId().isBlank()) {
      throw new ApiException(
          ApiError.validation(
              "Invalid input",
              List.of(new FieldError("track_id", "is required: the track the clip goes on"))));
    }
    AddedPart added = timelines().addClip(userId, id, read.trackId(), read.clip());
    return ResponseEntity.created(URI.create("/api/v1/clips/" + added.id()))
        .eTag(Versions.etag(added.timeline().version()))
        .body(Envelope.of(clipView(added.timeline(), added.id()), requestId));
  }

  @PutMapping(path = "/clips/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Envelope<ClipView>> updateClip(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
      @PathVariable String id,
      @RequestBody JsonNode body) {
    long version = Versions.required(ifMatch);
    var read = TimelineBodies.clip(body, json);
    StoredTimeline after = timelines().updateClip(userId, id, version, read.clip());
    return ResponseEntity.ok()
        .eTag(Versions.etag(after.version()))
        .body(Envelope.of(clipView(after, id), requestId));
  }

  @DeleteMapping("/clips/{id}")
  ResponseEntity<Envelope<Map<String, Object>>> deleteClip(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
      @PathVariable String id) {
    long version = Versions.required(ifMatch);
    StoredTimeline after = timelines().deleteClip(userId, id, version);
    return ResponseEntity.ok()
        .eTag(Versions.etag(after.version()))
        .body(Envelope.of(Map.of("id", id, "deleted", true), requestId));
  }

  // ---- projects ----

  record ProjectBody(
      @NotBlank(message = "is required")
          @Size(max = 255, message = "must be at most 255 characters")
          @Nullable String name,
      @Size(max = 10_000, message = "must be at most 10000 characters")
          @Nullable String description) {}

  @GetMapping("/projects")
  Paged<ProjectView> projects(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestParam(required = false) @Nullable Integer page,
      @RequestParam(required = false) @Nullable Integer limit) {
    PageRequest pageRequest = PageRequest.of(page, limit);
    var rows = timelines().projects(userId, pageRequest.offset(), pageRequest.limit());
    return Paged.of(
        rows.rows().stream().map(ProjectView::of).toList(), pageRequest, rows.total(), requestId);
  }

  @ResponseStatus(HttpStatus.CREATED) // the answer's status, also in the OpenAPI contract
  @PostMapping(path = "/projects", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Envelope<ProjectView>> createProject(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @Valid @RequestBody ProjectBody body) {
    ProjectView view =
        ProjectView.of(
            timelines()
                .createProject(
                    userId,
                    java.util.Objects.requireNonNull(body.name()).strip(),
                    body.description()));
    return ResponseEntity.created(URI.create("/api/v1/projects/" + view.id()))
        .body(Envelope.of(view, requestId));
  }

  // ---- helpers ----

  private StoredTimeline found(String userId, String id) {
    return timelines()
        .find(userId, id)
        .orElseThrow(() -> new ApiException(ApiError.notFound("No timeline '" + id + "'")));
  }

  private static ResponseEntity<Envelope<TimelineView>> timeline(
      StoredTimeline t, String requestId, HttpStatus status) {
    return ResponseEntity.status(status)
        .eTag(Versions.etag(t.version()))
        .body(Envelope.of(TimelineView.of(t), requestId));
  }

  private static TrackView trackView(StoredTimeline t, String trackId) {
    return t.document().tracks().stream()
        .filter(track -> track.id().equals(trackId))
        .findFirst()
        .map(track -> TrackView.of(t.id(), track, t.lockedTrackIds()))
        .orElseThrow();
  }

  private static ClipView clipView(StoredTimeline t, String clipId) {
    return t.document().tracks().stream()
        .flatMap(track -> track.clips().stream().map(c -> ClipView.of(track.id(), c)))
        .filter(c -> c.id().equals(clipId))
        .findFirst()
        .orElseThrow();
  }

  private static <T> List<T> pageOf(List<T> all, PageRequest page) {
    int from = (int) Math.min(all.size(), page.offset());
    return all.subList(from, Math.min(all.size(), from + page.limit()));
  }

  private Timelines timelines() {
    Timelines t = timelines.getIfAvailable();
    if (t == null) {
      throw new ApiException(
          ApiError.ofStatus(
              HttpStatus.SERVICE_UNAVAILABLE, "Timelines are not available in this server"));
    }
    return t;
  }
}

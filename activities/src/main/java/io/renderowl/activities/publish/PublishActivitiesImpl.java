package io.renderowl.activities.publish;

import io.renderowl.infra.json.Json;
import io.renderowl.infra.metrics.RenderowlMeters;
import io.renderowl.infra.persistence.PublicationRepository;
import io.renderowl.infra.persistence.PublicationRow;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.workflows.Failures;
import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.Publication;
import io.renderowl.workflows.PublishActivities;
import io.renderowl.workflows.PublishState;
import io.renderowl.workflows.RenderResult;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Publishes once per run and platform, recording each publication in the database. */
public final class PublishActivitiesImpl implements PublishActivities {
  private final LocalFolderPublisher localFolder;
  private final PublicationRepository publications;
  private final ObjectStore store;

  public PublishActivitiesImpl(
      LocalFolderPublisher localFolder, PublicationRepository publications, ObjectStore store) {
    this.localFolder = localFolder;
    this.publications = publications;
    this.store = store;
  }

  @Override
  public List<Publication> publish(
      String runId, PipelineRequest request, String title, RenderResult render) {
    for (String platform : request.platforms()) {
      if (!LocalFolderPublisher.PLATFORM.equals(platform)) {
        throw ApplicationFailure.newNonRetryableFailure(
            "no publisher for platform '"
                + platform
                + "' (available: "
                + LocalFolderPublisher.PLATFORM
                + ")",
            Failures.INVALID_INPUT);
      }
    }
    List<Publication> result = new ArrayList<>();
    for (String platform : request.platforms()) {
      Optional<PublicationRow> done = publications.find(runId, platform);
      PublicationRow row =
          done.orElseGet(() -> {
            PublicationRow made = publishLocally(runId, request, title, render);
            RenderowlMeters.global().publishOutcome(platform, PublishState.PUBLISHED.label());
            return made;
          });
      result.add(new Publication(row.platform(), row.location(), row.id().toString()));
    }
    return result;
  }

  private PublicationRow publishLocally(
      String runId, PipelineRequest request, String title, RenderResult render) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("run_id", runId);
    meta.put("title", title);
    meta.put("topic", request.topic().strip());
    meta.put("user_id", request.userId());
    meta.put("aspect", request.aspect().label());
    meta.put("duration_seconds", render.durationSeconds());
    meta.put("frames", render.frames());
    meta.put("render_id", render.renderId());
    meta.put("source", store.url(render.storageKey()));
    meta.put("published_at", Instant.now().toString());
    meta.put("publisher", "offline:local-folder");
    Path published =
        localFolder.publish(runId, part -> store.download(render.storageKey(), part), meta);
    return publications.insertIfAbsent(
        runId,
        UUID.fromString(request.userId()),
        UUID.fromString(render.renderId()),
        LocalFolderPublisher.PLATFORM,
        published.toString(),
        Json.MAPPER.writeValueAsString(meta));
  }
}

package io.renderowl.activities.publish;

import io.renderowl.activities.provider.ProviderFailures;
import io.renderowl.infra.metrics.RenderowlMeters;
import io.renderowl.infra.persistence.PublicationRepository;
import io.renderowl.infra.persistence.PublicationRow;
import io.renderowl.infra.social.SocialAccounts;
import io.renderowl.infra.social.SocialAccounts.SocialAccount;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.workflows.Failures;
import io.renderowl.workflows.PlatformStatus;
import io.renderowl.workflows.Publication;
import io.renderowl.workflows.PublishJob;
import io.renderowl.workflows.PublishState;
import io.renderowl.workflows.SocialPublishActivities;
import io.renderowl.workflows.UploadedVideo;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The activity adapter of the social publishers: finds the account through {@link SocialAccounts},
 * hands the platform's {@link Publisher} its access token and the video in S3, heartbeats upload
 * checkpoints, and records every state in {@code publications}.
 */
public final class SocialPublishActivitiesImpl implements SocialPublishActivities {
  private static final Logger LOG = LoggerFactory.getLogger(SocialPublishActivitiesImpl.class);

  /** An upload checkpoint as heartbeat details. */
  public record Checkpoint(Map<String, String> values) {
    public Checkpoint {
      values = values == null ? Map.of() : Map.copyOf(values);
    }
  }

  /** The states a publication ends in, counted by {@link RenderowlMeters#publishOutcome}. */
  private static final Set<PublishState> OUTCOMES =
      EnumSet.of(
          PublishState.PUBLISHED,
          PublishState.FAILED,
          PublishState.UNCONFIRMED,
          PublishState.CANCELLED);

  private final Supplier<SocialAccounts> accounts;
  private final Map<String, Publisher> publishers;
  private final PublicationRepository publications;
  private final ObjectStore store;
  private final Function<UUID, OptionalDouble> durations;

  /**
   * @param accounts the connected accounts (null when this process has none: every post is then
   *     refused with that reason)
   */
  public SocialPublishActivitiesImpl(
      Supplier<SocialAccounts> accounts,
      List<Publisher> publishers,
      PublicationRepository publications,
      ObjectStore store) {
    this(accounts, publishers, publications, store, renderId -> OptionalDouble.empty());
  }

  /**
   * @param durations how long a render lasts (by renders.id), for platforms that cap durations
   */
  public SocialPublishActivitiesImpl(
      Supplier<SocialAccounts> accounts,
      List<Publisher> publishers,
      PublicationRepository publications,
      ObjectStore store,
      Function<UUID, OptionalDouble> durations) {
    this.durations = durations;
    this.accounts = accounts;
    this.publishers =
        publishers.stream()
            .collect(java.util.stream.Collectors.toUnmodifiableMap(Publisher::platform, p -> p));
    this.publications = publications;
    this.store = store;
  }

  /** The platforms with a publisher, sorted. */
  public List<String> platforms() {
    return List.copyOf(new TreeSet<>(publishers.keySet()));
  }

  private SocialAccounts accounts() {
    SocialAccounts a = accounts.get();
    if (a == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "this worker has no connected-accounts service (SocialAccounts); cannot post",
          Failures.INVALID_INPUT);
    }
    return a;
  }

  private SocialAccount account(PublishJob job) {
    UUID user;
    UUID id;
    try {
      user = UUID.fromString(job.userId());
      id = UUID.fromString(job.accountId());
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "account '" + job.accountId() + "' is not an account id", Failures.INVALID_INPUT);
    }
    SocialAccount account =
        accounts()
            .find(user, id)
            .orElseThrow(() ->
                ApplicationFailure.newNonRetryableFailure(
                    "account " + id + " is not one of the user's connected accounts",
                    Failures.INVALID_INPUT));
    if (!account.active()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "account " + id + " (" + account.platform() + ") is disconnected",
          Failures.INVALID_INPUT);
    }
    return account;
  }

  @Override
  public PublishJob resolve(PublishJob job) {
    SocialAccount account = account(job);
    if (!publishers.containsKey(account.platform())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "no publisher for platform '"
              + account.platform()
              + "' (available: "
              + String.join(", ", platforms())
              + ")",
          Failures.INVALID_INPUT);
    }
    PublishJob resolved = job.onPlatform(account.platform());
    boolean scheduled =
        !job.publishAt().isEmpty() && Instant.parse(job.publishAt()).isAfter(Instant.now());
    publications.open(
        job.runId(),
        UUID.fromString(job.userId()),
        UUID.fromString(job.renderId()),
        account.platform(),
        account.id(),
        job.workflowId(),
        (scheduled ? PublishState.SCHEDULED : PublishState.UPLOADING).label(),
        job.publishAt().isEmpty() ? null : Instant.parse(job.publishAt()));
    return resolved;
  }

  private PublishContext context(PublishJob job) {
    SocialAccount account = account(job);
    VideoSource video = new VideoSource(store, job.storageKey());
    OptionalDouble duration = OptionalDouble.empty();
    try {
      duration = durations.apply(UUID.fromString(job.renderId()));
    } catch (RuntimeException e) {
      // an unknown render or timeline: the platform checks the duration itself
      LOG.debug("no duration for render {}: {}", job.renderId(), e.toString());
    }
    return new PublishContext(
        job,
        account,
        new AccessToken(accounts(), account.id()),
        duration.isPresent() ? video.withDuration(duration.getAsDouble()) : video);
  }

  private Publisher publisher(PublishJob job) {
    Publisher p = publishers.get(job.platform());
    if (p == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "no publisher for platform '" + job.platform() + "'", Failures.INVALID_INPUT);
    }
    return p;
  }

  private PublicationRow row(PublishJob job) {
    return publications
        .find(job.runId(), job.platform(), UUID.fromString(job.accountId()))
        .orElseThrow(() ->
            ProviderFailures.retryable(
                ProviderFailures.UNAVAILABLE,
                "no publication row for " + job.workflowId() + " yet"));
  }

  @Override
  public UploadedVideo upload(PublishJob job) {
    PublicationRow row = row(job);
    publications.update(row.id(), PublishState.UPLOADING.label(), null, null, null);
    ActivityExecutionContext activity = Activity.getExecutionContext();
    Optional<Map<String, String>> resumed =
        activity.getHeartbeatDetails(Checkpoint.class).map(Checkpoint::values);
    resumed.ifPresent(c ->
        LOG.info(
            "{} upload of {} resumes from its checkpoint (offset {})",
            job.platform(),
            job.workflowId(),
            c.getOrDefault("offset", c.getOrDefault("next_chunk", "?"))));
    UploadedVideo uploaded;
    try (UploadHeartbeats progress = UploadHeartbeats.start(activity, resumed)) {
      uploaded = publisher(job).upload(context(job), progress);
    }
    publications.update(row.id(), PublishState.PROCESSING.label(), uploaded.handle(), null, null);
    return new UploadedVideo(row.id().toString(), uploaded.handle(), uploaded.details());
  }

  @Override
  public PlatformStatus ready(PublishJob job, UploadedVideo upload) {
    return publisher(job).ready(context(job), upload);
  }

  @Override
  public PlatformStatus post(PublishJob job, UploadedVideo upload) {
    return publisher(job).post(context(job), upload);
  }

  @Override
  public PlatformStatus status(PublishJob job, UploadedVideo upload) {
    return publisher(job).status(context(job), upload);
  }

  @Override
  public Publication record(PublishJob job, PlatformStatus status) {
    if (job.platform().isEmpty()) {
      // the account never resolved: nothing was opened, nothing to record
      return new Publication(
          "account:" + job.accountId(), "", "", status.state().label(), status.reason());
    }
    PublicationRow row = row(job);
    if (PublishState.CANCELLED.label().equals(row.status())
        && status.state() != PublishState.CANCELLED) {
      // cancelled in the database (API) while the signal was on its way
      return new Publication(
          job.platform(), "", row.id().toString(), row.status(), String.valueOf(row.reason()));
    }
    publications.update(
        row.id(),
        status.state().label(),
        status.remoteId().isEmpty() ? null : status.remoteId(),
        status.url().isEmpty() ? null : status.url(),
        status.reason().isEmpty() ? null : status.reason());
    if (OUTCOMES.contains(status.state()) && !status.state().label().equals(row.status())) {
      // counted once per state reached: an unconfirmed post later confirmed counts both
      RenderowlMeters.global().publishOutcome(job.platform(), status.state().label());
    }
    PublicationRow now = row(job);
    return new Publication(
        job.platform(),
        now.location(),
        now.id().toString(),
        now.status(),
        now.reason() == null ? "" : now.reason());
  }
}

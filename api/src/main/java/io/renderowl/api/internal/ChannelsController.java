package io.renderowl.api.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.renderowl.infra.batch.Channel;
import io.renderowl.infra.batch.ChannelFire;
import io.renderowl.infra.batch.ChannelSpec;
import io.renderowl.infra.batch.Channels;
import io.renderowl.infra.batch.SystemJobs;
import io.renderowl.workflows.AccountPost;
import io.renderowl.workflows.FieldError;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Autopilot channels ({@code /api/v1/channels}, the seed's scheduled_jobs) and system jobs ({@code
 * /api/v1/jobs}): the REST twins of {@code owl channel} and {@code owl jobs}.
 */
@RestController
@org.springframework.web.bind.annotation.RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
final class ChannelsController {

  static final String PATH = "/api/v1/channels";

  private final ObjectProvider<Channels> channels;
  private final ObjectProvider<SystemJobs> jobs;

  ChannelsController(ObjectProvider<Channels> channels, ObjectProvider<SystemJobs> jobs) {
    this.channels = channels;
    this.jobs = jobs;
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ChannelView(
      String id,
      String name,
      boolean isActive,
      String cronExpr,
      String timezone,
      String topicSource,
      List<String> topics,
      String feedUrl,
      int videosPerRun,
      String aspect,
      int duration,
      String voice,
      List<String> platforms,
      String style,
      String language,
      String quality,
      List<AccountView> accounts,
      int produced,
      Instant lastRun,
      Instant nextRun,
      Instant createdAt) {
    static ChannelView of(Channel c) {
      ChannelSpec s = c.spec();
      return new ChannelView(
          c.id(),
          s.name(),
          c.active(),
          s.cron(),
          s.timezone(),
          s.topicSource(),
          s.topics(),
          s.feedUrl(),
          s.videosPerRun(),
          s.aspect(),
          s.durationSeconds(),
          s.voice(),
          s.platforms(),
          s.style(),
          s.language(),
          s.quality(),
          s.accounts().stream().map(AccountView::of).toList(),
          c.produced(),
          c.lastRun(),
          c.nextRun(),
          c.createdAt());
    }
  }

  /** A connected account the channel posts to, with the post's metadata. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record AccountView(
      String accountId,
      String privacy,
      boolean madeForKids,
      List<String> tags,
      String category,
      String titleTemplate,
      String descriptionTemplate,
      int delayMinutes,
      String postAt) {
    static AccountView of(AccountPost p) {
      return new AccountView(
          p.accountId(),
          p.privacy(),
          p.madeForKids(),
          p.tags(),
          p.category(),
          p.titleTemplate(),
          p.descriptionTemplate(),
          p.delayMinutes(),
          p.postAt());
    }
  }

  /** An account to post to; absent fields take their defaults (public, not made for kids). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  record AccountBody(
      @Nullable String accountId,
      @Nullable String privacy,
      @Nullable Boolean madeForKids,
      @Nullable List<String> tags,
      @Nullable String category,
      @Nullable String titleTemplate,
      @Nullable String descriptionTemplate,
      @Nullable Integer delayMinutes,
      @Nullable String postAt) {
    AccountPost toPost() {
      return new AccountPost(
          accountId,
          privacy,
          madeForKids != null && madeForKids,
          tags,
          category,
          titleTemplate,
          descriptionTemplate,
          delayMinutes == null ? 0 : delayMinutes,
          postAt,
          "");
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record FireView(
      String channelId, String fireKey, List<String> topics, List<String> runIds, String message) {
    static FireView of(ChannelFire f) {
      return new FireView(f.channelId(), f.fireKey(), f.topics(), f.runIds(), f.message());
    }
  }

  /**
   * A new channel; absent fields take their defaults. The channel service validates the whole spec
   * (cron, zone, topic source...) for the CLI and the API alike, so no constraints are repeated
   * here.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ChannelBody(
      @Nullable String name,
      @Nullable String cronExpr,
      @Nullable String timezone,
      @Nullable String topicSource,
      @Nullable List<String> topics,
      @Nullable String feedUrl,
      @Nullable Integer videosPerRun,
      @Nullable String aspect,
      @Nullable Integer duration,
      @Nullable String voice,
      @Nullable List<String> platforms,
      @Nullable String style,
      @Nullable String language,
      @Nullable String quality,
      @Nullable List<AccountBody> accounts) {
    ChannelSpec toSpec(String userId) {
      List<FieldError> problems = new ArrayList<>();
      if (topics != null && topics.stream().anyMatch(Objects::isNull)) {
        problems.add(new FieldError("topics", "must not contain null entries"));
      }
      if (platforms != null && platforms.stream().anyMatch(Objects::isNull)) {
        problems.add(new FieldError("platforms", "must not contain null entries"));
      }
      if (!problems.isEmpty()) {
        throw new ApiException(ApiError.invalidInput(problems));
      }
      return new ChannelSpec(
          userId,
          name,
          cronExpr,
          or(timezone, "UTC"),
          topicSource,
          or(topics, List.of()),
          feedUrl,
          or(videosPerRun, 1),
          or(aspect, "9:16"),
          or(duration, 30),
          or(voice, "en"),
          or(platforms, List.of("local-folder")),
          or(style, "educational"),
          or(language, "en"),
          or(quality, "full"),
          posts(accounts));
    }

    /** The channel with the fields this body gives replaced; absent fields stay as they are. */
    ChannelSpec over(ChannelSpec c) {
      return new ChannelSpec(
          c.userId(),
          or(name, c.name()),
          or(cronExpr, c.cron()),
          or(timezone, c.timezone()),
          or(topicSource, c.topicSource()),
          or(topics, c.topics()),
          or(feedUrl, c.feedUrl()),
          or(videosPerRun, c.videosPerRun()),
          or(aspect, c.aspect()),
          or(duration, c.durationSeconds()),
          or(voice, c.voice()),
          or(platforms, c.platforms()),
          or(style, c.style()),
          or(language, c.language()),
          or(quality, c.quality()),
          accounts == null ? c.accounts() : posts(accounts));
    }

    private static List<AccountPost> posts(@Nullable List<AccountBody> accounts) {
      return accounts == null
          ? List.of()
          : accounts.stream().map(a -> a == null ? AccountPost.plain("") : a.toPost()).toList();
    }

    private static <T> T or(@Nullable T value, T fallback) {
      return value == null ? fallback : value;
    }
  }

  @ResponseStatus(HttpStatus.CREATED) // the answer's status, also in the OpenAPI contract
  @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Envelope<ChannelView>> add(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @Valid @RequestBody ChannelBody body) {
    ChannelView view = ChannelView.of(channels().add(body.toSpec(userId)));
    return ResponseEntity.created(URI.create(PATH + "/" + view.id()))
        .body(Envelope.of(view, requestId));
  }

  /**
   * Changes a channel: the fields given replace the stored ones ({@code accounts} replaces the
   * whole list; {@code []} posts to none); the cron and zone take effect from the next fire.
   */
  @PatchMapping(path = PATH + "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
  Envelope<ChannelView> update(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @PathVariable String id,
      @Valid @RequestBody ChannelBody body) {
    Channel c = owned(userId, id);
    return Envelope.of(ChannelView.of(channels().update(c.id(), body.over(c.spec()))), requestId);
  }

  @GetMapping(PATH)
  Paged<ChannelView> list(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestParam(required = false) @Nullable Integer page,
      @RequestParam(required = false) @Nullable Integer limit) {
    PageRequest pageRequest = PageRequest.of(page, limit);
    List<ChannelView> all = channels().list(userId).stream().map(ChannelView::of).toList();
    return Paged.of(pageOf(all, pageRequest), pageRequest, all.size(), requestId);
  }

  private static <T> List<T> pageOf(List<T> all, PageRequest page) {
    int from = (int) Math.min(all.size(), page.offset());
    return all.subList(from, Math.min(all.size(), from + page.limit()));
  }

  @GetMapping(PATH + "/{id}")
  Envelope<ChannelView> show(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @PathVariable String id) {
    return Envelope.of(ChannelView.of(owned(userId, id)), requestId);
  }

  @PostMapping(PATH + "/{id}/pause")
  Envelope<ChannelView> pause(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @PathVariable String id) {
    return Envelope.of(ChannelView.of(channels().pause(owned(userId, id).id())), requestId);
  }

  @PostMapping(PATH + "/{id}/resume")
  Envelope<ChannelView> resume(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @PathVariable String id) {
    return Envelope.of(ChannelView.of(channels().resume(owned(userId, id).id())), requestId);
  }

  @PostMapping(PATH + "/{id}/run")
  Envelope<FireView> runNow(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @PathVariable String id) {
    return Envelope.of(FireView.of(channels().runNow(owned(userId, id).id())), requestId);
  }

  @DeleteMapping(PATH + "/{id}")
  Envelope<java.util.Map<String, Object>> remove(
      @RequestAttribute(BearerTokenFilter.USER_ID) String userId,
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @PathVariable String id) {
    return Envelope.of(
        java.util.Map.of("id", id, "removed", channels().remove(owned(userId, id).id())),
        requestId);
  }

  @AdminOnly
  @GetMapping("/api/v1/jobs")
  Paged<SystemJobs.SystemJob> jobs(
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId,
      @RequestParam(required = false) @Nullable Integer page,
      @RequestParam(required = false) @Nullable Integer limit) {
    PageRequest pageRequest = PageRequest.of(page, limit);
    List<SystemJobs.SystemJob> all = systemJobs().list();
    return Paged.of(pageOf(all, pageRequest), pageRequest, all.size(), requestId);
  }

  @AdminOnly
  @PostMapping("/api/v1/jobs/{name}/run")
  Envelope<SystemJobs.SystemJobReport> runJob(
      @RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestId, @PathVariable String name) {
    if (systemJobs().list().stream().noneMatch(j -> j.name().equals(name))) {
      throw new ApiException(ApiError.notFound("No system job '" + name + "'"));
    }
    return Envelope.of(systemJobs().run(name), requestId);
  }

  private Channel owned(String userId, String id) {
    return channels()
        .find(id)
        .filter(c -> c.spec().userId().equals(userId))
        .orElseThrow(() -> new ApiException(ApiError.notFound("No channel '" + id + "'")));
  }

  private Channels channels() {
    Channels c = channels.getIfAvailable();
    if (c == null) {
      throw new ApiException(
          ApiError.ofStatus(
              HttpStatus.SERVICE_UNAVAILABLE, "Channels are not available in this server"));
    }
    return c;
  }

  private SystemJobs systemJobs() {
    SystemJobs j = jobs.getIfAvailable();
    if (j == null) {
      throw new ApiException(
          ApiError.ofStatus(
              HttpStatus.SERVICE_UNAVAILABLE, "System jobs are not available in this server"));
    }
    return j;
  }
}

package io.renderowl.batch.channels;

import io.renderowl.infra.batch.Channel;
import io.renderowl.infra.batch.ChannelFire;
import io.renderowl.infra.batch.ChannelSpec;
import io.renderowl.infra.batch.Channels;
import io.renderowl.infra.pipeline.InvalidRequestException;
import io.renderowl.infra.social.SocialAccounts;
import io.renderowl.workflows.AccountPost;
import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.FieldError;
import io.renderowl.workflows.PipelineRequest;
import io.renderowl.workflows.PipelineRequests;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;

/**
 * Channels stored in scheduled_jobs, each with a Quartz job and cron trigger (group "channels") in
 * the clustered JDBC store. Misfire policy: {@code MISFIRE_INSTRUCTION_FIRE_ONCE_NOW} — after
 * downtime the missed instants are fired once, right away, not once per missed instant; pausing
 * removes the trigger, so resuming makes nothing up.
 */
public final class QuartzChannels implements Channels {
  static final String GROUP = "channels";
  private static final Set<String> SOURCES = Set.of("list", "rss", "ideas");

  /** Accounts one channel may post to. */
  static final int MAX_ACCOUNTS = 20;

  private final ChannelRepository channels;
  private final Scheduler scheduler;
  private final ChannelFirer firer;
  private final List<String> publishers;
  private final Supplier<@Nullable SocialAccounts> accounts;

  /** Channels without connected accounts: a channel naming one is refused. */
  public QuartzChannels(
      DataSource dataSource, Scheduler scheduler, ChannelFirer firer, List<String> publishers) {
    this(dataSource, scheduler, firer, publishers, () -> null);
  }

  /**
   * @param accounts the connected accounts a channel may post to (null when this process has none)
   */
  public QuartzChannels(
      DataSource dataSource,
      Scheduler scheduler,
      ChannelFirer firer,
      List<String> publishers,
      Supplier<@Nullable SocialAccounts> accounts) {
    this.channels = new ChannelRepository(dataSource);
    this.scheduler = scheduler;
    this.firer = firer;
    this.publishers = List.copyOf(publishers);
    this.accounts = accounts;
  }

  @Override
  public Channel add(ChannelSpec spec) {
    ChannelSpec s = withQuartzCron(spec);
    List<FieldError> errors = validate(s);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    UUID id = channels.insert(s);
    schedule(id, s);
    return channels.find(id).orElseThrow();
  }

  @Override
  public Channel update(String channelId, ChannelSpec spec) {
    Channel c = require(channelId);
    ChannelSpec s = withQuartzCron(spec);
    if (!c.spec().userId().equals(s.userId())) {
      throw new NoSuchElementException("no channel " + channelId);
    }
    List<FieldError> errors = validate(s);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    UUID id = UUID.fromString(c.id());
    channels.update(id, s);
    if (c.active()) {
      schedule(id, s);
    }
    return channels.find(id).orElseThrow();
  }

  @Override
  public List<Channel> list(String userId) {
    return channels.list(userId == null ? null : UUID.fromString(userId));
  }

  @Override
  public Optional<Channel> find(String channelId) {
    return parse(channelId).flatMap(channels::find);
  }

  @Override
  public Channel pause(String channelId) {
    Channel c = require(channelId);
    UUID id = UUID.fromString(c.id());
    channels.setActive(id, false);
    unschedule(id);
    channels.setNextRun(id, null);
    return channels.find(id).orElseThrow();
  }

  @Override
  public Channel resume(String channelId) {
    Channel c = require(channelId);
    UUID id = UUID.fromString(c.id());
    channels.setActive(id, true);
    schedule(id, c.spec());
    return channels.find(id).orElseThrow();
  }

  @Override
  public ChannelFire runNow(String channelId) {
    return firer.fireNow(UUID.fromString(require(channelId).id()));
  }

  @Override
  public boolean remove(String channelId) {
    Optional<UUID> id = parse(channelId);
    if (id.isEmpty() || channels.find(id.get()).isEmpty()) {
      return false;
    }
    unschedule(id.get());
    return channels.delete(id.get());
  }

  /**
   * Schedules every active channel that has no trigger (e.g. after the Quartz tables were reset).
   */
  void scheduleMissing() throws SchedulerException {
    for (Channel c : channels.list(null)) {
      UUID id = UUID.fromString(c.id());
      if (c.active() && !scheduler.checkExists(JobKey.jobKey(c.id(), GROUP))) {
        schedule(id, c.spec());
      }
    }
  }

  private void schedule(UUID id, ChannelSpec spec) {
    try {
      JobDetail job =
          JobBuilder.newJob(ChannelFireQuartzJob.class)
              .withIdentity(id.toString(), GROUP)
              .withDescription("channel " + spec.name())
              .usingJobData(ChannelFireQuartzJob.CHANNEL_ID, id.toString())
              .storeDurably()
              .build();
      CronTrigger trigger =
          TriggerBuilder.newTrigger()
              .withIdentity(id.toString(), GROUP)
              .forJob(job)
              .withSchedule(
                  CronScheduleBuilder.cronSchedule(spec.cron())
                      .inTimeZone(TimeZone.getTimeZone(ZoneId.of(spec.timezone())))
                      .withMisfireHandlingInstructionFireAndProceed()) // =
              // MISFIRE_INSTRUCTION_FIRE_ONCE_NOW
              .build();
      scheduler.scheduleJob(job, Set.of(trigger), true);
      Date next = trigger.getFireTimeAfter(new Date());
      channels.setNextRun(id, next == null ? null : next.toInstant());
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot schedule channel " + id + ": " + e.getMessage(), e);
    }
  }

  private void unschedule(UUID id) {
    try {
      scheduler.deleteJob(JobKey.jobKey(id.toString(), GROUP));
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot unschedule channel " + id + ": " + e.getMessage(), e);
    }
  }

  private Channel require(String channelId) {
    return find(channelId).orElseThrow(() -> new NoSuchElementException("no channel " + channelId));
  }

  /**
   * A 5-field Unix cron ("m h dom mon dow") as Quartz's 6 fields with seconds; Quartz expressions
   * pass unchanged.
   */
  static String quartzCron(String cron) {
    if (cron == null) {
      return null;
    }
    String[] f = cron.strip().split("\\s+");
    if (f.length != 5) {
      return cron.strip();
    }
    String dom = f[2];
    String dow = f[4];
    if ("*".equals(dow)) {
      dow = "?";
    } else if ("*".equals(dom)) {
      dom = "?";
    }
    return String.join(" ", "0", f[0], f[1], dom, f[3], dow);
  }

  private static ChannelSpec withQuartzCron(ChannelSpec s) {
    return new ChannelSpec(
        s.userId(),
        s.name(),
        quartzCron(s.cron()),
        s.timezone() == null || s.timezone().isBlank() ? "UTC" : s.timezone().strip(),
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
        s.accounts());
  }

  private List<FieldError> validate(ChannelSpec s) {
    List<FieldError> errors = new ArrayList<>();
    if (s.name() == null || s.name().isBlank()) {
      errors.add(new FieldError("name", "is required"));
    }
    if (s.cron() == null || !CronExpression.isValidExpression(s.cron())) {
      errors.add(
          new FieldError(
              "cron",
              "'"
                  + s.cron()
                  + "' is not a cron expression (e.g. '0 9 * * *' or Quartz '0 0 9 * * ?')"));
    } else if (s.cron().strip().split("\\s+").length >= 6
        && s.cron().strip().split("\\s+")[0].matches(".*[*/,-].*")) {
      errors.add(
          new FieldError(
              "cron", "fires more than once a minute; the seconds field must be a single number"));
    }
    try {
      ZoneId.of(s.timezone());
    } catch (DateTimeException e) {
      errors.add(
          new FieldError(
              "timezone", "'" + s.timezone() + "' is not a time zone (e.g. UTC, Europe/Berlin)"));
    }
    if (s.topicSource() == null || !SOURCES.contains(s.topicSource())) {
      errors.add(new FieldError("topic_source", "must be list, rss or ideas"));
    } else if ("list".equals(s.topicSource())
        && s.topics().stream().noneMatch(t -> t != null && !t.isBlank())) {
      errors.add(new FieldError("topics", "a list channel needs at least one topic"));
    } else if ("rss".equals(s.topicSource())) {
      try {
        URI u = URI.create(s.feedUrl() == null ? "" : s.feedUrl());
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
          errors.add(new FieldError("feed_url", "an rss channel needs an http(s) feed URL"));
        }
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("feed_url", "'" + s.feedUrl() + "' is not a URL"));
      }
    }
    if (s.videosPerRun() < 1 || s.videosPerRun() > 50) {
      errors.add(new FieldError("videos_per_run", "must be between 1 and 50"));
    }
    Aspect aspect = null;
    try {
      aspect = Aspect.parse(s.aspect());
    } catch (IllegalArgumentException | NullPointerException e) {
      errors.add(new FieldError("aspect", "must be 9:16, 16:9 or 1:1"));
    }
    PipelineRequest sample =
        new PipelineRequest(
            s.userId(),
            "channel topic",
            aspect == null ? Aspect.VERTICAL : aspect,
            s.durationSeconds(),
            s.voice(),
            s.platforms(),
            "",
            s.style(),
            s.language(),
            s.quality());
    if (!s.accounts().isEmpty()) {
      // posting to accounts is a destination too; the accounts are checked below
      sample = sample.withAccounts(List.of(new UUID(0, 1).toString()), "");
    }
    PipelineRequests.validate(sample).forEach(errors::add);
    s.platforms().stream()
        .filter(p -> p != null && !publishers.contains(p))
        .forEach(p ->
            errors.add(
                new FieldError(
                    "platforms",
                    "'"
                        + p
                        + "' is not available (available: "
                        + String.join(", ", publishers)
                        + ")")));
    errors.addAll(accountProblems(s));
    return errors;
  }

  /**
   * Each account must be one of the owner's connected accounts (not disconnected, not waiting for a
   * reconnection), named once, with valid metadata.
   */
  private List<FieldError> accountProblems(ChannelSpec s) {
    List<FieldError> errors = new ArrayList<>();
    if (s.accounts().size() > MAX_ACCOUNTS) {
      errors.add(new FieldError("accounts", "at most " + MAX_ACCOUNTS + " accounts"));
      return errors;
    }
    Set<String> seen = new java.util.HashSet<>();
    SocialAccounts connected = s.accounts().isEmpty() ? null : accounts.get();
    for (int i = 0; i < s.accounts().size(); i++) {
      AccountPost post = s.accounts().get(i);
      String field = "accounts[" + i + "].";
      errors.addAll(post.problems(field));
      Optional<UUID> id = parse(post.accountId());
      if (id.isEmpty()) {
        errors.add(
            new FieldError(
                field + "account_id", "'" + post.accountId() + "' is not an account id (UUID)"));
        continue;
      }
      if (!seen.add(post.accountId())) {
        errors.add(new FieldError(field + "account_id", "names the account a second time"));
        continue;
      }
      if (connected == null) {
        errors.add(
            new FieldError(
                field + "account_id",
                "this server has no connected accounts service; cannot post to accounts"));
        continue;
      }
      Optional<SocialAccounts.SocialAccount> account =
          parse(s.userId()).flatMap(user -> connected.find(user, id.get()));
      if (account.isEmpty()) {
        errors.add(
            new FieldError(
                field + "account_id",
                "'" + post.accountId() + "' is not one of your connected accounts"));
      } else if (!account.get().active()) {
        errors.add(
            new FieldError(
                field + "account_id",
                account.get().platform()
                    + " account '"
                    + post.accountId()
                    + "' must be connected again before a channel can post to it"));
      } else if ("draft".equals(post.privacy()) && !"tiktok".equals(account.get().platform())) {
        errors.add(
            new FieldError(
                field + "privacy",
                "draft is a TikTok inbox draft; "
                    + account.get().platform()
                    + " posts are public, private or unlisted"));
      }
    }
    return errors;
  }

  private static Optional<UUID> parse(String id) {
    try {
      return Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
  }

  /** When the channel fires next after {@code from} (null while paused or never again). */
  static Instant nextFire(String quartzCron, String zone, Instant from) {
    try {
      CronExpression e = new CronExpression(quartzCron);
      e.setTimeZone(TimeZone.getTimeZone(ZoneId.of(zone)));
      Date d = e.getNextValidTimeAfter(Date.from(from));
      return d == null ? null : d.toInstant();
    } catch (java.text.ParseException ex) {
      return null;
    }
  }
}

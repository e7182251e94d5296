package io.renderowl.batch.channels;

import io.renderowl.batch.launch.JobStarts;
import io.renderowl.infra.batch.Channel;
import io.renderowl.infra.batch.ChannelFire;
import io.renderowl.infra.batch.ChannelSpec;
import io.renderowl.infra.net.OutboundUrls;
import io.renderowl.infra.pipeline.InsufficientCreditsException;
import io.renderowl.infra.pipeline.InvalidRequestException;
import io.renderowl.infra.pipeline.PipelineRuns;
import io.renderowl.infra.pipeline.StartedRun;
import io.renderowl.workflows.AccountPost;
import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.PipelineRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Fires a channel: records the instant (a second fire of the same instant, from any scheduler
 * instance, stops here), then runs the "channel-fire" Spring Batch job, which picks the next topics
 * from the channel's source, claims each in channel_topics (unique per channel, so never twice) and
 * starts one pipeline run per topic.
 */
public final class ChannelFirer {
  static final String JOB_NAME = "channel-fire";
  private static final Logger LOG = LoggerFactory.getLogger(ChannelFirer.class);

  private final ChannelRepository channels;
  private final PipelineRuns runs;
  private final JobRepository jobRepository;
  private final JobOperator jobOperator;
  private final PlatformTransactionManager transactions;
  private final IdeaGenerator ideas;
  private final OutboundUrls guard;
  private final JdbcClient jdbc;
  private final Map<String, ChannelFire> results = new ConcurrentHashMap<>();

  ChannelFirer(
      DataSource dataSource,
      PipelineRuns runs,
      JobRepository jobRepository,
      JobOperator jobOperator,
      PlatformTransactionManager transactions,
      IdeaGenerator ideas,
      OutboundUrls guard) {
    this.guard = guard;
    this.channels = new ChannelRepository(dataSource);
    this.jdbc = JdbcClient.create(dataSource);
    this.runs = runs;
    this.jobRepository = jobRepository;
    this.jobOperator = jobOperator;
    this.transactions = transactions;
    this.ideas = ideas;
  }

  /** A cron fire; paused or removed channels do nothing. */
  ChannelFire fireScheduled(UUID channelId, Instant scheduledAt, String instanceId) {
    Channel channel = channels.find(channelId).orElse(null);
    String key = scheduledAt.toString();
    if (channel == null || !channel.active()) {
      return new ChannelFire(
          channelId.toString(), key, List.of(), List.of(), "channel paused or removed");
    }
    return fire(channel, key, scheduledAt, instanceId);
  }

  /** Fires now, outside the schedule. */
  ChannelFire fireNow(UUID channelId) {
    Channel channel =
        channels
            .find(channelId)
            .orElseThrow(() -> new NoSuchElementException("no channel " + channelId));
    return fire(channel, "now-" + Instant.now(), null, "run-now");
  }

  private ChannelFire fire(
      Channel channel, String fireKey, Instant scheduledAt, String instanceId) {
    UUID id = UUID.fromString(channel.id());
    if (!channels.claimFire(id, fireKey, scheduledAt, instanceId)) {
      return new ChannelFire(
          channel.id(),
          fireKey,
          List.of(),
          List.of(),
          "instant already fired by another scheduler instance");
    }
    String resultKey = channel.id() + "|" + fireKey;
    try {
      // Two channels firing at the same instant (in one process or two) can make PostgreSQL cancel
      // one fire's transaction as a serialization conflict: that fire's slot was lost (found by
      // TwoSchedulersFaultTest). Such a failure passes on a retry; the job instance is restarted,
      // its claims were rolled back, and a run it had started already is found again by its
      // request key, not started twice.
      ChannelFire[] result = new ChannelFire[1];
      JobExecution e =
          JobStarts.runRetryingConflicts(
              "channel " + channel.id() + " fire " + fireKey,
              () -> {
                JobExecution started =
                    JobStarts.start(
                        jobOperator,
                        job(channel, fireKey, resultKey),
                        new JobParametersBuilder()
                            .addString("channelId", channel.id(), true)
                            .addString("fireKey", fireKey, true)
                            .toJobParameters(),
                        "channel " + channel.id() + " fire " + fireKey);
                result[0] = results.remove(resultKey);
                return started;
              });
      ChannelFire fired = result[0];
      if (fired == null) {
        String why =
            e.getAllFailureExceptions().stream()
                .map(Throwable::getMessage)
                .findFirst()
                .orElse(e.getStatus().name());
        fired = new ChannelFire(channel.id(), fireKey, List.of(), List.of(), "fire failed: " + why);
      }
      channels.fireDone(id, fireKey, fired.runIds().size(), fired.message());
      LOG.info(
          "channel {} ({}) fired {}: {}",
          channel.spec().name(),
          channel.id(),
          fireKey,
          fired.message());
      return fired;
    } catch (JobInstanceAlreadyCompleteException e) {
      return new ChannelFire(channel.id(), fireKey, List.of(), List.of(), "instant already fired");
    } catch (Exception e) {
      channels.fireDone(id, fireKey, 0, "fire failed: " + e.getMessage());
      throw new IllegalStateException(
          "channel " + channel.id() + " fire " + fireKey + " failed: " + e.getMessage(), e);
    }
  }

  private Job job(Channel channel, String fireKey, String resultKey) {
    return new JobBuilder(JOB_NAME, jobRepository)
        .start(
            new StepBuilder("pick-topics-and-start", jobRepository)
                .tasklet(
                    (contribution, chunk) -> {
                      results.put(resultKey, pickAndStart(channel, fireKey));
                      return RepeatStatus.FINISHED;
                    },
                    transactions)
                .build())
        .build();
  }

  /**
   * The channel's accounts with {channel} filled in (the run's own placeholders are filled by the
   * workflow once the script is written) and the times of day in the channel's zone.
   */
  static List<AccountPost> posts(ChannelSpec spec) {
    return spec.accounts().stream()
        .map(p ->
            new AccountPost(
                p.accountId(),
                p.privacy(),
                p.madeForKids(),
                p.tags(),
                p.category(),
                p.titleTemplate().replace("{channel}", spec.name()),
                p.descriptionTemplate().replace("{channel}", spec.name()),
                p.delayMinutes(),
                p.postAt(),
                spec.timezone()))
        .toList();
  }

  /**
   * Claims up to videosPerRun new topics and starts their runs; also (re)starts topics this fire
   * claimed before a crash.
   */
  ChannelFire pickAndStart(Channel channel, String fireKey) throws Exception {
    UUID id = UUID.fromString(channel.id());
    ChannelSpec spec = channel.spec();
    List<TopicSource.Candidate> picked =
        new ArrayList<>(
            jdbc.sql(
                    "SELECT topic_key, topic FROM channel_topics WHERE channel_id = :c AND fire_key = :f AND run_id IS NULL")
                .param("c", id)
                .param("f", fireKey)
                .query((rs, n) -> new TopicSource.Candidate(rs.getString(1), rs.getString(2)))
                .list());
    int wanted = spec.videosPerRun() - picked.size();
    String source = spec.topicSource();
    if (wanted > 0) {
      if ("ideas".equals(source)) {
        for (int attempt = 0; attempt < 5 && picked.size() < spec.videosPerRun(); attempt++) {
          for (String idea :
              ideas.ideas(
                  spec.name(), channels.topics(id), spec.videosPerRun() - picked.size(), attempt)) {
            String key = TopicSource.normalise(idea);
            if (picked.size() < spec.videosPerRun()
                && channels.claimTopic(id, key, idea, source, fireKey)) {
              picked.add(new TopicSource.Candidate(key, idea));
            }
          }
        }
      } else {
        TopicSource s =
            "rss".equals(source)
                ? new FeedTopics(spec.feedUrl(), guard)
                : new FixedListTopics(spec.topics());
        for (TopicSource.Candidate c : s.candidates(wanted)) {
          if (picked.size() >= spec.videosPerRun()) {
            break;
          }
          if (channels.claimTopic(id, c.key(), c.topic(), source, fireKey)) {
            picked.add(c);
          }
        }
      }
    }
    List<String> topics = new ArrayList<>();
    List<String> runIds = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (TopicSource.Candidate c : picked) {
      PipelineRequest request =
          new PipelineRequest(
              spec.userId(),
              c.topic(),
              Aspect.parse(spec.aspect()),
              spec.durationSeconds(),
              spec.voice(),
              spec.platforms(),
              "channel:" + channel.id() + ":" + c.key(),
              spec.style(),
              spec.language(),
              spec.quality());
      if (!spec.accounts().isEmpty()) {
        request = request.withPosts(posts(spec));
      }
      try {
        StartedRun run = runs.start(request);
        channels.attachRun(id, c.key(), run.runId());
        topics.add(c.topic());
        runIds.add(run.runId());
      } catch (InsufficientCreditsException e) {
        // Refused like the seed's 402: the topic is recorded as refused, nothing starts.
        channels.attachRun(id, c.key(), "refused");
        problems.add("refused '" + c.topic() + "': " + e.getMessage());
      } catch (InvalidRequestException e) {
        channels.attachRun(id, c.key(), "invalid");
        problems.add("'" + c.topic() + "': " + e.getMessage());
      }
    }
    String message =
        runIds.isEmpty() && !problems.isEmpty()
            ? "started no run: " + String.join("; ", problems)
            : runIds.isEmpty()
                ? "nothing new to produce from the "
                    + source
                    + " source"
                    + (problems.isEmpty() ? "" : " (" + String.join("; ", problems) + ")")
                : "started "
                    + runIds.size()
                    + " run(s)"
                    + (problems.isEmpty() ? "" : "; skipped " + String.join("; ", problems));
    return new ChannelFire(channel.id(), fireKey, topics, runIds, message);
  }
}

package io.renderowl.batch.channels;

import io.renderowl.infra.batch.Channel;
import io.renderowl.infra.batch.ChannelSpec;
import io.renderowl.infra.json.Json;
import io.renderowl.workflows.AccountPost;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Channels in scheduled_jobs (config JSONB), their produced topics and their fires. */
final class ChannelRepository {
  private final JdbcClient jdbc;

  ChannelRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  UUID insert(ChannelSpec spec) {
    UUID id =
        jdbc.sql(
                """
                INSERT INTO scheduled_jobs (user_id, name, cron_expr, timezone, is_active, config)
                VALUES (:user, :name, :cron, :zone, true, CAST(:config AS jsonb)) RETURNING id
                """)
            .param("user", UUID.fromString(spec.userId()))
            .param("name", spec.name())
            .param("cron", spec.cron())
            .param("zone", spec.timezone())
            .param("config", config(spec))
            .query(UUID.class)
            .single();
    replaceAccounts(id, spec.accounts());
    return id;
  }

  /** Replaces the channel's configuration and accounts (its owner and state stay). */
  void update(UUID id, ChannelSpec spec) {
    jdbc.sql(
            """
            UPDATE scheduled_jobs SET name = :name, cron_expr = :cron, timezone = :zone,
              config = CAST(:config AS jsonb), updated_at = NOW()
            WHERE id = :id
            """)
        .param("id", id)
        .param("name", spec.name())
        .param("cron", spec.cron())
        .param("zone", spec.timezone())
        .param("config", config(spec))
        .update();
    replaceAccounts(id, spec.accounts());
  }

  private void replaceAccounts(UUID channelId, List<AccountPost> posts) {
    jdbc.sql("DELETE FROM channel_accounts WHERE channel_id = :c").param("c", channelId).update();
    for (int i = 0; i < posts.size(); i++) {
      AccountPost p = posts.get(i);
      jdbc.sql(
              """
              INSERT INTO channel_accounts (channel_id, account_id, position, privacy, made_for_kids,
                tags, category, title_template, description_template, delay_minutes, post_at)
              VALUES (:c, :a, :pos, :privacy, :kids, :tags, :category, :title, :description,
                :delay, :at)
              """)
          .param("c", channelId)
          .param("a", UUID.fromString(p.accountId()))
          .param("pos", i)
          .param("privacy", p.privacy())
          .param("kids", p.madeForKids())
          .param("tags", Json.MAPPER.writeValueAsString(p.tags()))
          .param("category", p.category())
          .param("title", p.titleTemplate())
          .param("description", p.descriptionTemplate())
          .param("delay", p.delayMinutes())
          .param("at", p.postAt())
          .update();
    }
  }

  /** The accounts the channel posts to, in order, their times of day read in {@code zone}. */
  @SuppressWarnings("unchecked")
  List<AccountPost> accounts(UUID channelId, String zone) {
    return jdbc.sql(
            "SELECT * FROM channel_accounts WHERE channel_id = :c ORDER BY position, account_id")
        .param("c", channelId)
        .query((rs, n) ->
            new AccountPost(
                rs.getObject("account_id", UUID.class).toString(),
                rs.getString("privacy"),
                rs.getBoolean("made_for_kids"),
                (List<String>) Json.MAPPER.readValue(rs.getString("tags"), List.class),
                rs.getString("category"),
                rs.getString("title_template"),
                rs.getString("description_template"),
                rs.getInt("delay_minutes"),
                rs.getString("post_at"),
                zone))
        .list();
  }

  private static String config(ChannelSpec spec) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("topicSource", spec.topicSource());
    config.put("topics", spec.topics());
    config.put("feedUrl", spec.feedUrl());
    config.put("videosPerRun", spec.videosPerRun());
    config.put("aspect", spec.aspect());
    config.put("durationSeconds", spec.durationSeconds());
    config.put("voice", spec.voice());
    config.put("platforms", spec.platforms());
    config.put("style", spec.style());
    config.put("language", spec.language());
    config.put("quality", spec.quality());
    return Json.MAPPER.writeValueAsString(config);
  }

  Optional<Channel> find(UUID id) {
    return jdbc.sql(SELECT + " WHERE j.id = :id")
        .param("id", id)
        .query(this::map)
        .optional()
        .map(this::withAccounts);
  }

  List<Channel> list(UUID userId) {
    List<Channel> found =
        userId == null
            ? jdbc.sql(SELECT + " ORDER BY j.created_at").query(this::map).list()
            : jdbc.sql(SELECT + " WHERE j.user_id = :user ORDER BY j.created_at")
                .param("user", userId)
                .query(this::map)
                .list();
    return found.stream().map(this::withAccounts).toList();
  }

  private Channel withAccounts(Channel c) {
    return new Channel(
        c.id(),
        c.spec().withAccounts(accounts(UUID.fromString(c.id()), c.spec().timezone())),
        c.active(),
        c.lastRun(),
        c.nextRun(),
        c.produced(),
        c.createdAt());
  }

  void setActive(UUID id, boolean active) {
    jdbc.sql("UPDATE scheduled_jobs SET is_active = :a, updated_at = NOW() WHERE id = :id")
        .param("id", id)
        .param("a", active)
        .update();
  }

  void setNextRun(UUID id, Instant next) {
    jdbc.sql("UPDATE scheduled_jobs SET next_run = :next WHERE id = :id")
        .param("id", id)
        .param("next", next == null ? null : Timestamp.from(next))
        .update();
  }

  boolean delete(UUID id) {
    return jdbc.sql("DELETE FROM scheduled_jobs WHERE id = :id").param("id", id).update() == 1;
  }

  /** Records a fire; false when this channel instant was fired before (by any scheduler). */
  boolean claimFire(UUID channelId, String fireKey, Instant scheduledAt, String instanceId) {
    return jdbc.sql(
                """
                INSERT INTO channel_fires (channel_id, fire_key, scheduled_at, instance_id)
                VALUES (:c, :k, :at, :inst) ON CONFLICT DO NOTHING
                """)
            .param("c", channelId)
            .param("k", fireKey)
            .param("at", scheduledAt == null ? null : Timestamp.from(scheduledAt))
            .param("inst", instanceId)
            .update()
        == 1;
  }

  void fireDone(UUID channelId, String fireKey, int started, String message) {
    jdbc.sql(
            "UPDATE channel_fires SET topics_started = :n, message = :m WHERE channel_id = :c AND fire_key = :k")
        .param("c", channelId)
        .param("k", fireKey)
        .param("n", started)
        .param("m", message)
        .update();
    jdbc.sql("UPDATE scheduled_jobs SET last_run = NOW(), updated_at = NOW() WHERE id = :c")
        .param("c", channelId)
        .update();
  }

  /** Claims a topic for the channel; false when the channel produced it before. */
  boolean claimTopic(UUID channelId, String key, String topic, String source, String fireKey) {
    return jdbc.sql(
                """
                INSERT INTO channel_topics (channel_id, topic_key, topic, source, fire_key)
                VALUES (:c, :k, :t, :s, :f) ON CONFLICT (channel_id, topic_key) DO NOTHING
                """)
            .param("c", channelId)
            .param("k", key)
            .param("t", topic)
            .param("s", source)
            .param("f", fireKey)
            .update()
        == 1;
  }

  boolean produced(UUID channelId, String key) {
    return jdbc.sql("SELECT count(*) FROM channel_topics WHERE channel_id = :c AND topic_key = :k")
            .param("c", channelId)
            .param("k", key)
            .query(Integer.class)
            .single()
        > 0;
  }

  int producedCount(UUID channelId) {
    return jdbc.sql("SELECT count(*) FROM channel_topics WHERE channel_id = :c")
        .param("c", channelId)
        .query(Integer.class)
        .single();
  }

  void attachRun(UUID channelId, String key, String runId) {
    jdbc.sql("UPDATE channel_topics SET run_id = :r WHERE channel_id = :c AND topic_key = :k")
        .param("c", channelId)
        .param("k", key)
        .param("r", runId)
        .update();
  }

  /** Topics in the order the channel produced them. */
  List<String> topics(UUID channelId) {
    return jdbc.sql(
            "SELECT topic FROM channel_topics WHERE channel_id = :c ORDER BY created_at, topic")
        .param("c", channelId)
        .query(String.class)
        .list();
  }

  private static final String SELECT =
      """
      SELECT j.*, (SELECT count(*) FROM channel_topics t WHERE t.channel_id = j.id) AS produced
      FROM scheduled_jobs j
      """;

  @SuppressWarnings("unchecked")
  private Channel map(ResultSet rs, int n) throws SQLException {
    Map<String, Object> c = Json.MAPPER.readValue(rs.getString("config"), Map.class);
    ChannelSpec spec =
        new ChannelSpec(
            rs.getObject("user_id", UUID.class).toString(),
            rs.getString("name"),
            rs.getString("cron_expr"),
            rs.getString("timezone"),
            (String) c.get("topicSource"),
            (List<String>) c.get("topics"),
            (String) c.get("feedUrl"),
            ((Number) c.getOrDefault("videosPerRun", 1)).intValue(),
            (String) c.get("aspect"),
            ((Number) c.getOrDefault("durationSeconds", 30)).intValue(),
            (String) c.get("voice"),
            (List<String>) c.get("platforms"),
            (String) c.get("style"),
            (String) c.get("language"),
            (String) c.get("quality"));
    return new Channel(
        rs.getObject("id", UUID.class).toString(),
        spec,
        rs.getBoolean("is_active"),
        instant(rs.getTimestamp("last_run")),
        instant(rs.getTimestamp("next_run")),
        rs.getInt("produced"),
        instant(rs.getTimestamp("created_at")));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}

package io.renderowl.infra.templates.internal;

import io.renderowl.infra.json.Json;
import io.renderowl.infra.pipeline.PageOf;
import io.renderowl.infra.templates.NewTemplate;
import io.renderowl.infra.templates.StoredTemplate;
import io.renderowl.infra.templates.TemplateEditException;
import io.renderowl.infra.templates.TemplateEditException.Reason;
import io.renderowl.infra.templates.TemplateFieldsJson;
import io.renderowl.infra.templates.Templates;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link Templates} on the seed's {@code templates} table. The built-in templates shipped in this
 * module's resources are written (or brought up to date) on first use, under ids derived from their
 * keys, so they are the same on every installation.
 */
public final class JdbcTemplates implements Templates {

  private static final String VISIBLE = "(user_id IS NULL OR is_public OR user_id = :user)";

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;
  private final List<NewBuiltIn> builtIns;
  private volatile boolean builtInsStored;

  public JdbcTemplates(DataSource dataSource) {
    this(dataSource, BuiltInTemplates.load());
  }

  JdbcTemplates(DataSource dataSource, List<NewBuiltIn> builtIns) {
    this.jdbc = JdbcClient.create(dataSource);
    this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    this.builtIns = List.copyOf(builtIns);
  }

  /** A built-in template and its key. */
  record NewBuiltIn(String key, NewTemplate template) {}

  /** The id a built-in template has everywhere. */
  public static UUID builtInId(String key) {
    return UUID.nameUUIDFromBytes(("renderowl-template:" + key).getBytes(StandardCharsets.UTF_8));
  }

  // ---- reads ----

  @Override
  public PageOf<StoredTemplate> list(
      String userId, @Nullable String category, long offset, int limit) {
    storeBuiltIns();
    UUID user = UUID.fromString(userId);
    String where = " WHERE " + VISIBLE + (category == null ? "" : " AND category = :category");
    var count = jdbc.sql("SELECT count(*) FROM templates" + where).param("user", user);
    var rows =
        jdbc.sql(
                "SELECT * FROM templates"
                    + where
                    + " ORDER BY (user_id IS NULL) DESC, name, id LIMIT :limit OFFSET :offset")
            .param("user", user)
            .param("limit", limit)
            .param("offset", offset);
    if (category != null) {
      count = count.param("category", category);
      rows = rows.param("category", category);
    }
    long total = count.query(Long.class).single();
    return new PageOf<>(rows.query((rs, n) -> template(rs)).list(), total);
  }

  @Override
  public Optional<StoredTemplate> find(String userId, String idOrKey) {
    storeBuiltIns();
    UUID user = UUID.fromString(userId);
    Optional<UUID> id = uuid(idOrKey);
    if (id.isPresent()) {
      return jdbc.sql("SELECT * FROM templates WHERE id = :id AND " + VISIBLE)
          .param("id", id.get())
          .param("user", user)
          .query((rs, n) -> template(rs))
          .optional();
    }
    return builtIn(idOrKey);
  }

  @Override
  public Optional<StoredTemplate> findAny(String idOrKey) {
    storeBuiltIns();
    Optional<UUID> id = uuid(idOrKey);
    if (id.isPresent()) {
      return jdbc.sql("SELECT * FROM templates WHERE id = :id")
          .param("id", id.get())
          .query((rs, n) -> template(rs))
          .optional();
    }
    return builtIn(idOrKey);
  }

  private Optional<StoredTemplate> builtIn(String key) {
    return jdbc.sql("SELECT * FROM templates WHERE built_in_key = :key AND user_id IS NULL")
        .param("key", key)
        .query((rs, n) -> template(rs))
        .optional();
  }

  // ---- writes ----

  @Override
  public StoredTemplate create(String userId, NewTemplate t) {
    return jdbc.sql(
            """
            INSERT INTO templates (user_id, name, category, description, is_public, resolution,
                                   fields, structure, content_hash, version)
            VALUES (:user, :name, :category, :description, :public, :resolution,
                    CAST(:fields AS jsonb), CAST(:structure AS jsonb), :hash, 1)
            RETURNING *
            """)
        .param("user", UUID.fromString(userId))
        .param("name", t.name())
        .param("category", t.category())
        .param("description", t.description())
        .param("public", t.isPublic())
        .param("resolution", t.resolution())
        .param("fields", Json.MAPPER.writeValueAsString(TemplateFieldsJson.write(t.fields())))
        .param("structure", Json.MAPPER.writeValueAsString(t.structure()))
        .param("hash", contentHash(t))
        .query((rs, n) -> template(rs))
        .single();
  }

  @Override
  public StoredTemplate replace(String userId, String id, long expectedVersion, NewTemplate t) {
    return Objects.requireNonNull(
        transaction.execute(status -> {
          UUID key = owned(userId, id, expectedVersion);
          return jdbc.sql(
                  """
                  UPDATE templates SET name = :name, category = :category,
                         description = :description, is_public = :public,
                         resolution = :resolution, fields = CAST(:fields AS jsonb),
                         structure = CAST(:structure AS jsonb), content_hash = :hash,
                         version = version + 1, updated_at = now()
                  WHERE id = :id RETURNING *
                  """)
              .param("id", key)
              .param("name", t.name())
              .param("category", t.category())
              .param("description", t.description())
              .param("public", t.isPublic())
              .param("resolution", t.resolution())
              .param("fields", Json.MAPPER.writeValueAsString(TemplateFieldsJson.write(t.fields())))
              .param("structure", Json.MAPPER.writeValueAsString(t.structure()))
              .param("hash", contentHash(t))
              .query((rs, n) -> template(rs))
              .single();
        }));
  }

  @Override
  public void delete(String userId, String id, long expectedVersion) {
    transaction.executeWithoutResult(status -> {
      UUID key = owned(userId, id, expectedVersion);
      jdbc.sql("DELETE FROM templates WHERE id = :id").param("id", key).update();
    });
  }

  @Override
  public void posterRendered(String id, String hash, String posterKey) {
    jdbc.sql(
            "UPDATE templates SET poster_key = :key, poster_hash = :hash"
                + " WHERE id = :id AND content_hash = :hash")
        .param("id", UUID.fromString(id))
        .param("hash", hash)
        .param("key", posterKey)
        .update();
  }

  @Override
  public boolean posterInUse(String posterKey) {
    return Boolean.TRUE.equals(
        jdbc.sql("SELECT EXISTS (SELECT 1 FROM templates WHERE poster_key = :key)")
            .param("key", posterKey)
            .query(Boolean.class)
            .single());
  }

  /** Locks the user's template at {@code expectedVersion}, or says why it cannot be changed. */
  private UUID owned(String userId, String id, long expectedVersion) {
    UUID user = UUID.fromString(userId);
    UUID key =
        uuid(id)
            .or(() -> builtIn(id).map(t -> UUID.fromString(t.id())))
            .orElseThrow(() -> notFound(id));
    record Row(@Nullable UUID owner, long version) {}
    Row row =
        jdbc.sql(
                "SELECT user_id, version FROM templates WHERE id = :id AND "
                    + VISIBLE
                    + " FOR UPDATE")
            .param("id", key)
            .param("user", user)
            .query((rs, n) -> new Row(rs.getObject("user_id", UUID.class), rs.getLong("version")))
            .optional()
            .orElseThrow(() -> notFound(id));
    if (!user.equals(row.owner())) {
      throw new TemplateEditException(
          Reason.READ_ONLY,
          row.owner() == null
              ? "Template '" + id + "' is built in and cannot be changed: save a copy of your own"
              : "Template '" + id + "' belongs to another user and can only be read");
    }
    if (row.version() != expectedVersion) {
      throw new TemplateEditException(
          Reason.STALE_VERSION,
          "Template '"
              + id
              + "' is at version "
              + row.version()
              + ", not "
              + expectedVersion
              + ": read it again and repeat the change");
    }
    return key;
  }

  private static TemplateEditException notFound(String id) {
    return new TemplateEditException(Reason.NOT_FOUND, "No template '" + id + "'");
  }

  /** Writes the built-in templates once per process; a changed one gets the next version. */
  private void storeBuiltIns() {
    if (builtInsStored) {
      return;
    }
    synchronized (this) {
      if (builtInsStored) {
        return;
      }
      for (NewBuiltIn b : builtIns) {
        NewTemplate t = b.template();
        jdbc.sql(
                """
                INSERT INTO templates (id, user_id, built_in_key, name, category, description,
                                       is_public, resolution, fields, structure, content_hash,
                                       version)
                VALUES (:id, NULL, :key, :name, :category, :description, true, :resolution,
                        CAST(:fields AS jsonb), CAST(:structure AS jsonb), :hash, 1)
                ON CONFLICT (built_in_key) DO UPDATE SET
                  name = EXCLUDED.name, category = EXCLUDED.category,
                  description = EXCLUDED.description, resolution = EXCLUDED.resolution,
                  fields = EXCLUDED.fields, structure = EXCLUDED.structure,
                  content_hash = EXCLUDED.content_hash, version = templates.version + 1,
                  updated_at = now()
                WHERE templates.content_hash IS DISTINCT FROM EXCLUDED.content_hash
                """)
            .param("id", builtInId(b.key()))
            .param("key", b.key())
            .param("name", t.name())
            .param("category", t.category())
            .param("description", t.description())
            .param("resolution", t.resolution())
            .param("fields", Json.MAPPER.writeValueAsString(TemplateFieldsJson.write(t.fields())))
            .param("structure", Json.MAPPER.writeValueAsString(t.structure()))
            .param("hash", contentHash(t))
            .update();
      }
      builtInsStored = true;
    }
  }

  /** SHA-256 of what the poster is drawn from: resolution, fields and structure. */
  static String contentHash(NewTemplate t) {
    ObjectNode content = Json.MAPPER.createObjectNode();
    content.put("resolution", t.resolution());
    content.set("fields", TemplateFieldsJson.write(t.fields()));
    content.set("structure", t.structure());
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(Json.MAPPER.writeValueAsBytes(content)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  private static StoredTemplate template(ResultSet rs) throws SQLException {
    UUID owner = rs.getObject("user_id", UUID.class);
    String hash = Objects.requireNonNullElse(rs.getString("content_hash"), "");
    String posterHash = rs.getString("poster_hash");
    JsonNode fields = Json.MAPPER.readTree(rs.getString("fields"));
    return new StoredTemplate(
        rs.getObject("id", UUID.class).toString(),
        owner == null ? null : owner.toString(),
        rs.getString("built_in_key"),
        rs.getString("name"),
        rs.getString("category"),
        rs.getString("description"),
        rs.getBoolean("is_public"),
        Objects.requireNonNullElse(rs.getString("resolution"), ""),
        TemplateFieldsJson.read(fields).fields(),
        Json.MAPPER.readTree(rs.getString("structure")),
        rs.getLong("version"),
        hash,
        hash.equals(posterHash) ? rs.getString("poster_key") : null,
        instant(rs, "created_at"),
        instant(rs, "updated_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? Instant.EPOCH : value.toInstant();
  }

  private static Optional<UUID> uuid(String value) {
    try {
      return Optional.of(UUID.fromString(value));
    } catch (IllegalArgumentException notAUuid) {
      return Optional.empty();
    }
  }
}

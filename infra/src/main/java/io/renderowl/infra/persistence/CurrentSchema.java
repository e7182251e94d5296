package io.renderowl.infra.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.sql.DataSource;
import liquibase.exception.LiquibaseException;
import liquibase.integration.commandline.LiquibaseCommandLineConfiguration;
import liquibase.integration.spring.SpringLiquibase;
import liquibase.util.LiquibaseUtil;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Leaves Liquibase's update out of a command's start when this home's own embedded PostgreSQL
 * already holds this build's schema: the last successful migration of that database wrote the
 * fingerprint of the changelog folder (every file under it, and Liquibase's version) into the
 * database's data folder ({@value #FILE}), and a start whose changelog has the same fingerprint has
 * nothing to apply. Liquibase still runs on a new database (its data folder, and the marker with
 * it, are new), after any change to a changelog file or to Liquibase, and always on a configured
 * database ({@code RENDEROWL_DB_URL}), which other processes and versions share.
 *
 * <p>Measured on two cores: Liquibase's check of an up-to-date schema took 0.4-0.5 s of every
 * command's start (README: "A command's start on two cores").
 */
public final class CurrentSchema implements BeanPostProcessor {

  /** The marker's name inside the embedded database's data folder. */
  public static final String FILE = "renderowl-schema.sha256";

  private static final Logger LOG = LoggerFactory.getLogger(CurrentSchema.class);

  private final Supplier<Optional<Path>> dataFolder;
  private final Set<String> skipped = ConcurrentHashMap.newKeySet();

  /**
   * @param dataFolder the embedded PostgreSQL's data folder, or empty when the database is a
   *     configured one (asked once per Liquibase bean, when it is initialised)
   */
  public CurrentSchema(Supplier<Optional<Path>> dataFolder) {
    this.dataFolder = dataFolder;
  }

  @Override
  public Object postProcessBeforeInitialization(Object bean, String beanName) {
    if (bean instanceof SpringLiquibase liquibase) {
      Optional<Path> folder = dataFolder.get();
      if (folder.isPresent() && current(folder.get(), liquibase.getChangeLog())) {
        liquibase.setShouldRun(false);
        skipped.add(beanName);
        LOG.debug("schema current (marker {}): Liquibase's update skipped", folder.get());
      }
    }
    return bean;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof SpringLiquibase liquibase
        && !skipped.contains(beanName)
        && liquibaseRuns()) {
      dataFolder.get().ifPresent(folder -> mark(folder, liquibase.getChangeLog()));
    }
    return bean;
  }

  /** Where the schema's changelog is (Spring Boot's default location, which the roles use). */
  public static final String CHANGELOG = "classpath:db/changelog/db.changelog-master.yaml";

  /**
   * Applies the schema to {@code db} outside a Spring context (a render-only worker that starts its
   * own embedded PostgreSQL), leaving the update out as the post-processor does when {@code
   * dataFolder}'s marker says the schema is current. Liquibase's analytics stay off, as in the
   * other roles.
   */
  public static void migrate(DataSource db, Optional<Path> dataFolder) {
    if (dataFolder.isPresent() && current(dataFolder.get(), CHANGELOG)) {
      LOG.debug("schema current (marker {}): Liquibase's update skipped", dataFolder.get());
      return;
    }
    SpringLiquibase liquibase = new SpringLiquibase();
    liquibase.setDataSource(db);
    liquibase.setChangeLog(CHANGELOG);
    liquibase.setResourceLoader(new DefaultResourceLoader());
    liquibase.setAnalyticsEnabled(false);
    try {
      liquibase.afterPropertiesSet();
    } catch (LiquibaseException e) {
      throw new IllegalStateException("cannot apply the database schema: " + e.getMessage(), e);
    }
    dataFolder.ifPresent(folder -> mark(folder, CHANGELOG));
  }

  /** Whether the marker in {@code folder} names the fingerprint of {@code changeLog}'s folder. */
  static boolean current(Path folder, String changeLog) {
    Path marker = folder.resolve(FILE);
    if (!Files.isRegularFile(marker)) {
      return false;
    }
    try {
      return Files.readString(marker, StandardCharsets.US_ASCII)
          .strip()
          .equals(fingerprint(changeLog));
    } catch (IOException | UncheckedIOException e) {
      return false; // unreadable: let Liquibase decide
    }
  }

  /** Records that the schema of {@code changeLog} was applied to the database in {@code folder}. */
  static void mark(Path folder, String changeLog) {
    if (!Files.isDirectory(folder)) {
      return;
    }
    Path marker = folder.resolve(FILE);
    try {
      Path written = Files.createTempFile(folder, FILE, ".tmp");
      Files.writeString(written, fingerprint(changeLog) + "\n", StandardCharsets.US_ASCII);
      try {
        Files.move(
            written, marker, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(written, marker, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | UncheckedIOException e) {
      // without the marker the next start runs Liquibase's check again: slower, never wrong
      LOG.debug("cannot write the schema marker {}", marker, e);
    }
  }

  /**
   * SHA-256 over Liquibase's version and every file under the folder of {@code changeLog} (a
   * resource location such as {@code classpath:db/changelog/db.changelog-master.yaml}), each with
   * its path relative to that folder, in path order.
   */
  static String fingerprint(String changeLog) {
    String location = changeLog.startsWith("classpath:") ? changeLog.substring(10) : changeLog;
    int slash = location.lastIndexOf('/');
    String folder = slash < 0 ? "" : location.substring(0, slash + 1);
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(
          ("liquibase " + LiquibaseUtil.getBuildVersion() + "\n").getBytes(StandardCharsets.UTF_8));
      java.util.SortedMap<String, Resource> files = new java.util.TreeMap<>();
      for (Resource file :
          new PathMatchingResourcePatternResolver().getResources("classpath*:" + folder + "**/*")) {
        String url = file.getURL().toString();
        int at = url.lastIndexOf(folder);
        if (file.isReadable() && at >= 0) { // not a folder
          files.putIfAbsent(url.substring(at), file);
        }
      }
      for (var file : files.entrySet()) {
        digest.update((file.getKey() + "\n").getBytes(StandardCharsets.UTF_8));
        digest.update(file.getValue().getContentAsByteArray());
      }
      int read = files.size();
      if (read == 0) {
        throw new IllegalStateException("no changelog files under classpath:" + folder);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the changelog under " + folder, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Liquibase's own switch ({@code liquibase.shouldRun}): off, nothing ran to mark. */
  private static boolean liquibaseRuns() {
    @Nullable Boolean runs = LiquibaseCommandLineConfiguration.SHOULD_RUN.getCurrentValue();
    return runs == null || runs;
  }
}

package io.renderowl.batch.channels;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Quartz schedulers on the engine's PostgreSQL: JDBC job store (JobStoreTX, Quartz commits its own
 * transactions so the cluster's row locks hold), {@code clustered=true}, tables from Liquibase 005.
 * Every process that uses the same database and scheduler name joins one cluster, and a trigger
 * instant is fired by exactly one of them.
 */
public final class QuartzSchedulers {
  /** The cluster's scheduler name (QRTZ_*.SCHED_NAME). */
  public static final String NAME = "renderowl";

  private QuartzSchedulers() {}

  /**
   * A scheduler, not started.
   *
   * @param instanceId this member's id in the cluster ("AUTO" for host name + time)
   * @param misfireThresholdMillis how late a fire may be before it counts as missed
   */
  public static synchronized Scheduler create(
      DataSource dataSource, String instanceId, int threads, long misfireThresholdMillis)
      throws SchedulerException {
    String ds =
        "renderowl-" + Integer.toHexString(System.identityHashCode(dataSource)) + "-" + instanceId;
    DBConnectionManager.getInstance().addConnectionProvider(ds, new DataSourceProvider(dataSource));
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", NAME);
    p.setProperty("org.quartz.scheduler.instanceId", instanceId);
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
    p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
    p.setProperty("org.quartz.threadPool.threadNamePrefix", "quartz-" + instanceId);
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty(
        "org.quartz.jobStore.driverDelegateClass",
        "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    p.setProperty("org.quartz.jobStore.dataSource", ds);
    p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    p.setProperty("org.quartz.jobStore.isClustered", "true");
    p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
    p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(misfireThresholdMillis));
    p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
    StdSchedulerFactory factory = new StdSchedulerFactory(p);
    Scheduler scheduler = factory.getScheduler();
    // Not kept in Quartz's JVM-wide repository: several members may live in one JVM (tests).
    SchedulerRepository.getInstance().remove(NAME);
    return scheduler;
  }

  private record DataSourceProvider(DataSource dataSource) implements ConnectionProvider {
    @Override
    public Connection getConnection() throws SQLException {
      return dataSource.getConnection();
    }

    @Override
    public void shutdown() {}

    @Override
    public void initialize() {}
  }
}

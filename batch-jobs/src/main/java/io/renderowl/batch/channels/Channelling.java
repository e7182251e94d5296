package io.renderowl.batch.channels;

import io.renderowl.infra.ai.VideoIdeas;
import io.renderowl.infra.net.OutboundUrls;
import io.renderowl.infra.pipeline.PipelineRuns;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.quartz.SchedulerException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.transaction.PlatformTransactionManager;

/** Wiring helpers for the configuration (keeps constructors package-private). */
public final class Channelling {
  /** Where the Quartz job finds the firer in the scheduler context. */
  public static final String FIRER_KEY = ChannelFireQuartzJob.FIRER;

  private Channelling() {}

  /**
   * The firer; ideas come from the chat model when {@code model} gives one, else the offline
   * generator.
   */
  public static ChannelFirer firer(
      DataSource dataSource,
      PipelineRuns runs,
      JobRepository jobRepository,
      JobOperator jobOperator,
      PlatformTransactionManager transactions,
      Supplier<@Nullable VideoIdeas> model,
      OutboundUrls guard) {
    return new ChannelFirer(
        dataSource,
        runs,
        jobRepository,
        jobOperator,
        transactions,
        new ProviderIdeas(model, new DeterministicIdeas()),
        guard);
  }

  public static void scheduleMissing(QuartzChannels channels) {
    try {
      channels.scheduleMissing();
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot schedule the channels: " + e.getMessage(), e);
    }
  }
}

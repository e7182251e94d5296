package io.renderowl.batch.channels;

import java.time.temporal.ChronoUnit;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/**
 * The Quartz job of a channel: hands the fire (its scheduled instant) to the {@link ChannelFirer}.
 */
@DisallowConcurrentExecution
public final class ChannelFireQuartzJob implements Job {
  static final String CHANNEL_ID = "channelId";
  static final String FIRER = "renderowl.channelFirer";

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    try {
      ChannelFirer firer = (ChannelFirer) context.getScheduler().getContext().get(FIRER);
      String channelId = context.getMergedJobDataMap().getString(CHANNEL_ID);
      var scheduled = context.getScheduledFireTime().toInstant().truncatedTo(ChronoUnit.SECONDS);
      firer.fireScheduled(
          java.util.UUID.fromString(channelId),
          scheduled,
          context.getScheduler().getSchedulerInstanceId());
    } catch (SchedulerException e) {
      throw new JobExecutionException(e);
    } catch (RuntimeException e) {
      throw new JobExecutionException("channel fire failed: " + e.getMessage(), e, false);
    }
  }
}

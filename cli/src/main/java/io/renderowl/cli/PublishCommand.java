package io.renderowl.cli;

import io.renderowl.infra.pipeline.InvalidRequestException;
import io.renderowl.infra.pipeline.SocialPosts;
import io.renderowl.infra.users.LocalUser;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code owl publish RUN_ID --account ID [--at TIME]}: cross-post a finished run's video. */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description =
        "Post a finished run's video to connected social accounts, now or at a time (one publishing"
            + " workflow per account; a worker runs them).")
final class PublishCommand implements Callable<Integer> {
  @Parameters(paramLabel = "RUN_ID", description = "the run whose video is posted")
  String runId;

  @Option(
      names = "--account",
      paramLabel = "ID",
      required = true,
      split = ",",
      description = "connected account id (social_accounts.id), repeatable")
  List<String> accounts;

  @Option(
      names = "--at",
      paramLabel = "TIME",
      description = "post at this ISO-8601 instant (e.g. 2026-12-24T18:00:00Z) instead of now")
  String at;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Instant when = null;
    if (at != null && !at.isBlank()) {
      try {
        when = Instant.parse(at.strip());
      } catch (DateTimeParseException e) {
        err.println("owl: --at must be an ISO-8601 instant such as 2026-12-24T18:00:00Z");
        return ExitCodes.USAGE;
      }
    }
    try (ConfigurableApplicationContext ctx =
        OwlApplication.start(OwlApplication.Mode.CLIENT, Map.of())) {
      LocalUser user = ctx.getBean(LocalUser.class);
      List<SocialPosts.Post> posts =
          ctx.getBean(SocialPosts.class).post(user.id(), runId, accounts, when);
      for (SocialPosts.Post p : posts) {
        out.println(
            "account "
                + p.accountId()
                + ": "
                + (p.publishAt() == null ? "posting" : "scheduled for " + p.publishAt())
                + " (workflow "
                + p.workflowId()
                + ")");
      }
      out.flush();
      return ExitCodes.OK;
    } catch (InvalidRequestException e) {
      err.println("owl: " + e.getMessage());
      return ExitCodes.USAGE;
    }
  }
}

package io.renderowl.cli;

import io.renderowl.infra.batch.Channel;
import io.renderowl.infra.batch.ChannelFire;
import io.renderowl.infra.batch.ChannelSpec;
import io.renderowl.infra.batch.Channels;
import io.renderowl.infra.pipeline.InvalidRequestException;
import io.renderowl.infra.users.LocalUser;
import io.renderowl.workflows.AccountPost;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Autopilot channels: a cron that produces videos from a topic source, never the same topic twice.
 */
@Command(
    name = "channel",
    mixinStandardHelpOptions = true,
    description = {
      "Autopilot channels: videos on a cron (in the channel's time zone), topics from a list, an RSS/Atom feed or an idea generator.",
      "Channels fire in `owl serve` and `owl worker` (clustered Quartz); a missed fire after downtime runs once."
    },
    subcommands = {
      ChannelCommand.Add.class,
      ChannelCommand.Update.class,
      ChannelCommand.ListChannels.class,
      ChannelCommand.Show.class,
      ChannelCommand.Pause.class,
      ChannelCommand.Resume.class,
      ChannelCommand.RunNow.class,
      ChannelCommand.Remove.class
    })
final class ChannelCommand {

  /**
   * The metadata of a channel's posts; the options apply to every {@code --account} named (a
   * connected account, see {@code owl social list}).
   */
  static final class PostOptions {
    @Option(
        names = "--privacy",
        description = "public, private, unlisted or draft (TikTok) (default ${DEFAULT-VALUE})")
    String privacy = "public";

    @Option(
        names = "--made-for-kids",
        description = "declare the videos made for kids (YouTube selfDeclaredMadeForKids)")
    boolean madeForKids;

    @Option(names = "--tag", paramLabel = "TAG", description = "a tag or hashtag; repeat")
    List<String> tags = List.of();

    @Option(names = "--category", description = "YouTube category id, e.g. 27 (Education)")
    String category = "";

    @Option(
        names = "--title-template",
        description = "the post's title; {title} {topic} {channel} {script} are filled in")
    String titleTemplate = "";

    @Option(
        names = "--description-template",
        description = "the post's text; {title} {topic} {channel} {script} are filled in")
    String descriptionTemplate = "";

    @Option(
        names = "--delay-minutes",
        description = "post this long after the video is rendered (default: at once)")
    int delayMinutes;

    @Option(
        names = "--post-at",
        paramLabel = "HH:mm",
        description = "post at this time of day in the channel's zone (the next one)")
    String postAt = "";

    List<AccountPost> posts(List<String> accounts) {
      return accounts.stream()
          .map(a ->
              new AccountPost(
                  a,
                  privacy,
                  madeForKids,
                  tags,
                  category,
                  titleTemplate,
                  descriptionTemplate,
                  delayMinutes,
                  postAt,
                  ""))
          .toList();
    }
  }

  @Command(
      name = "add",
      aliases = "create",
      mixinStandardHelpOptions = true,
      description = "Add a channel and schedule it.")
  static final class Add implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", description = "channel name")
    String name;

    @Option(
        names = "--cron",
        required = true,
        description = "when: Unix cron '0 9 * * *' or Quartz '0 0 9 * * ?'")
    String cron;

    @Option(
        names = "--timezone",
        description = "IANA zone the cron is read in (default ${DEFAULT-VALUE})")
    String timezone = "UTC";

    @Option(
        names = "--topics",
        split = ",",
        description = "a fixed list, used in order (source list)")
    List<String> topics = List.of();

    @Option(names = "--feed", description = "RSS or Atom feed URL: new items only (source rss)")
    String feed;

    @Option(
        names = "--ideas",
        description = "made-up ideas on the channel's name (source ideas; offline generator)")
    boolean ideas;

    @Option(names = "--videos-per-run", description = "videos per fire (default ${DEFAULT-VALUE})")
    int videosPerRun = 1;

    @picocli.CommandLine.Mixin RunOptions options;

    @picocli.CommandLine.ArgGroup(exclusive = false, heading = "Posting to accounts:%n")
    PostOptions posting = new PostOptions();

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      int sources = (topics.isEmpty() ? 0 : 1) + (feed == null ? 0 : 1) + (ideas ? 1 : 0);
      if (sources != 1) {
        spec.commandLine()
            .getErr()
            .println(
                "owl: give exactly one topic source: --topics A,B,... or --feed URL or --ideas");
        return ExitCodes.USAGE;
      }
      String source = !topics.isEmpty() ? "list" : feed != null ? "rss" : "ideas";
      return ChannelCommand.withChannels(
          spec,
          (channels, user) -> {
            Channel c;
            try {
              c =
                  channels.add(
                      new ChannelSpec(
                          user.id().toString(),
                          name,
                          cron,
                          timezone,
                          source,
                          topics,
                          feed,
                          videosPerRun,
                          options.aspect.label(),
                          options.durationSeconds,
                          options.voice,
                          options.platforms,
                          options.style,
                          options.language,
                          options.preview ? "preview" : "full",
                          posting.posts(options.accounts)));
            } catch (InvalidRequestException e) {
              spec.commandLine().getErr().println("owl: " + e.getMessage());
              return ExitCodes.USAGE;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("added channel " + c.id());
            print(out, c);
            out.println(
                "it fires in `./owl serve` or `./owl worker`; `./owl channel run-now "
                    + c.id()
                    + "` fires it here");
            return ExitCodes.OK;
          });
    }
  }

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description = {
        "Change the accounts a channel posts to and the posts' metadata.",
        "The accounts named replace the channel's; --no-accounts posts to none."
      })
  static final class Update implements Callable<Integer> {
    @Parameters(paramLabel = "CHANNEL_ID")
    String id;

    @Option(
        names = "--account",
        paramLabel = "ID",
        description =
            "a connected account (owl social list) to post each video to; repeat for several")
    List<String> accounts = List.of();

    @picocli.CommandLine.ArgGroup(exclusive = false, heading = "Posting to accounts:%n")
    PostOptions posting = new PostOptions();

    @Option(names = "--no-accounts", description = "stop posting to accounts")
    boolean noAccounts;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      if (noAccounts == !accounts.isEmpty()) {
        spec.commandLine()
            .getErr()
            .println("owl: give the accounts to post to (--account ID ...) or --no-accounts");
        return ExitCodes.USAGE;
      }
      return withChannels(
          spec,
          (channels, user) -> {
            Channel c = channels.find(id).orElse(null);
            if (c == null) {
              spec.commandLine().getErr().println("owl: no channel " + id);
              return ExitCodes.NOT_FOUND;
            }
            Channel updated;
            try {
              updated =
                  channels.update(
                      c.id(),
                      c.spec().withAccounts(noAccounts ? List.of() : posting.posts(accounts)));
            } catch (InvalidRequestException e) {
              spec.commandLine().getErr().println("owl: " + e.getMessage());
              return ExitCodes.USAGE;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("updated channel " + c.id());
            print(out, updated);
            return ExitCodes.OK;
          });
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the channels.")
  static final class ListChannels implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      return withChannels(
          spec,
          (channels, user) -> {
            PrintWriter out = spec.commandLine().getOut();
            List<Channel> all = channels.list(null);
            if (all.isEmpty()) {
              out.println(
                  "no channels (add one with: ./owl channel add NAME --cron '0 9 * * *' --topics A,B)");
            }
            for (Channel c : all) {
              out.printf(
                  "%s  %-20s %-7s %-16s %-14s %s produced, %s account(s), next %s%n",
                  c.id(),
                  c.spec().name(),
                  c.state().label(),
                  c.spec().cron(),
                  c.spec().timezone(),
                  c.produced(),
                  c.spec().accounts().size(),
                  c.nextRun() == null ? "-" : c.nextRun());
            }
            return ExitCodes.OK;
          });
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a channel.")
  static final class Show implements Callable<Integer> {
    @Parameters(paramLabel = "CHANNEL_ID")
    String id;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      return one(spec, id, (channels, c) -> c);
    }
  }

  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      description = "Stop firing until resumed.")
  static final class Pause implements Callable<Integer> {
    @Parameters(paramLabel = "CHANNEL_ID")
    String id;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      return one(spec, id, (channels, c) -> channels.pause(c.id()));
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "Fire again from the next instant (nothing missed is made up).")
  static final class Resume implements Callable<Integer> {
    @Parameters(paramLabel = "CHANNEL_ID")
    String id;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      return one(spec, id, (channels, c) -> channels.resume(c.id()));
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Unschedule and delete a channel.")
  static final class Remove implements Callable<Integer> {
    @Parameters(paramLabel = "CHANNEL_ID")
    String id;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      return withChannels(
          spec,
          (channels, user) -> {
            if (!channels.remove(id)) {
              spec.commandLine().getErr().println("owl: no channel " + id);
              return ExitCodes.NOT_FOUND;
            }
            spec.commandLine().getOut().println("removed channel " + id);
            return ExitCodes.OK;
          });
    }
  }

  @Command(
      name = "run-now",
      mixinStandardHelpOptions = true,
      description = "Fire a channel now and host its runs until they end.")
  static final class RunNow implements Callable<Integer> {
    @Parameters(paramLabel = "CHANNEL_ID")
    String id;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      try (ConfigurableApplicationContext ctx =
          OwlApplication.start(OwlApplication.Mode.RUN, Map.of())) {
        ChannelFire fire;
        try {
          fire = ctx.getBean(Channels.class).runNow(id);
        } catch (NoSuchElementException e) {
          spec.commandLine().getErr().println("owl: no channel " + id);
          return ExitCodes.NOT_FOUND;
        }
        out.println("fired channel " + id + ": " + fire.message());
        int code = ExitCodes.OK;
        for (int i = 0; i < fire.runIds().size(); i++) {
          out.println("run " + fire.runIds().get(i) + ": " + fire.topics().get(i));
          out.flush();
          int c =
              new PipelineRunner(out, spec.commandLine().getErr())
                  .follow(ctx, fire.runIds().get(i), null, System.nanoTime());
          code = Math.max(code, c);
        }
        return code;
      }
    }
  }

  interface Action {
    int run(Channels channels, LocalUser user);
  }

  static int withChannels(CommandSpec spec, Action action) {
    try (ConfigurableApplicationContext ctx =
        OwlApplication.start(OwlApplication.Mode.CLIENT, Map.of())) {
      int code = action.run(ctx.getBean(Channels.class), ctx.getBean(LocalUser.class));
      spec.commandLine().getOut().flush();
      return code;
    }
  }

  interface Change {
    Channel apply(Channels channels, Channel channel);
  }

  static int one(CommandSpec spec, String id, Change change) {
    return withChannels(
        spec,
        (channels, user) -> {
          Channel c = channels.find(id).orElse(null);
          if (c == null) {
            spec.commandLine().getErr().println("owl: no channel " + id);
            return ExitCodes.NOT_FOUND;
          }
          print(spec.commandLine().getOut(), change.apply(channels, c));
          return ExitCodes.OK;
        });
  }

  static void print(PrintWriter out, Channel c) {
    ChannelSpec s = c.spec();
    Function<List<String>, String> join = l -> l.isEmpty() ? "-" : String.join(", ", l);
    out.println("channel:   " + c.id() + " (" + s.name() + ")");
    out.println("state:     " + c.state().label());
    out.println(
        "cron:      "
            + s.cron()
            + " in "
            + s.timezone()
            + ", next "
            + (c.nextRun() == null ? "-" : c.nextRun()));
    out.println(
        "source:    "
            + s.topicSource()
            + ("rss".equals(s.topicSource())
                ? " " + s.feedUrl()
                : "list".equals(s.topicSource()) ? " [" + join.apply(s.topics()) + "]" : ""));
    out.println(
        "videos:    "
            + s.videosPerRun()
            + " per fire, "
            + s.aspect()
            + ", "
            + s.durationSeconds()
            + " s, voice "
            + s.voice()
            + ", "
            + s.style()
            + ", "
            + s.language()
            + ", "
            + s.quality()
            + ", to "
            + join.apply(s.platforms()));
    if (s.accounts().isEmpty()) {
      out.println("accounts:  -");
    }
    for (AccountPost p : s.accounts()) {
      out.println(
          "account:   "
              + p.accountId()
              + " "
              + p.privacy()
              + (p.madeForKids() ? ", made for kids" : ", not made for kids")
              + (p.tags().isEmpty() ? "" : ", tags " + String.join(" ", p.tags()))
              + (p.category().isEmpty() ? "" : ", category " + p.category())
              + (p.delayMinutes() > 0 ? ", " + p.delayMinutes() + " min after render" : "")
              + (p.postAt().isEmpty() ? "" : ", at " + p.postAt() + " " + s.timezone())
              + (p.titleTemplate().isEmpty() ? "" : ", title '" + p.titleTemplate() + "'"));
    }
    out.println(
        "produced:  "
            + c.produced()
            + " topic(s), last fired "
            + (c.lastRun() == null ? "never" : c.lastRun()));
    out.flush();
  }
}

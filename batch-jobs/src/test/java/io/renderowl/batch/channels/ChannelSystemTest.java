package io.renderowl.batch.channels;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okXml;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.renderowl.batch.BatchEngineTestApplication;
import io.renderowl.infra.batch.Channel;
import io.renderowl.infra.batch.ChannelFire;
import io.renderowl.infra.batch.ChannelSpec;
import io.renderowl.infra.batch.Channels;
import io.renderowl.infra.pipeline.InvalidRequestException;
import io.renderowl.infra.pipeline.PipelineRuns;
import io.renderowl.infra.users.LocalUser;
import io.renderowl.workflows.FieldError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Channels on the embedded stack: topic sources, never twice, one fire per instant. */
@Tag("system")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(classes = BatchEngineTestApplication.class)
class ChannelSystemTest {

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    BatchEngineTestApplication.properties(registry);
  }

  @Autowired Channels channels;
  @Autowired ChannelFirer firer;
  @Autowired LocalUser user;
  @Autowired PipelineRuns runs;

  private ChannelSpec spec(
      String name, String source, List<String> topics, String feedUrl, int perRun) {
    return new ChannelSpec(
        user.id().toString(),
        name,
        "0 9 * * *",
        "Europe/Berlin",
        source,
        topics,
        feedUrl,
        perRun,
        "9:16",
        12,
        "en",
        List.of("local-folder"),
        "educational",
        "en",
        "preview");
  }

  @Test
  void aFixedListIsUsedInOrderAndNeverRepeated() {
    Channel c =
        channels.add(
            spec(
                "Rotation",
                "list",
                List.of("Tides", "Comets", "Volcanoes", "Glaciers", "Deserts"),
                null,
                2));
    assertThat(c.spec().cron()).isEqualTo("0 0 9 * * ?");
    assertThat(c.nextRun()).isNotNull();

    List<List<String>> fired = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      fired.add(channels.runNow(c.id()).topics());
    }

    assertThat(fired)
        .containsExactly(
            List.of("Tides", "Comets"),
            List.of("Volcanoes", "Glaciers"),
            List.of("Deserts"),
            List.of());
    assertThat(channels.find(c.id()).orElseThrow().produced()).isEqualTo(5);
  }

  @Test
  void anRssChannelProducesNewItemsOnlyAndNeverTheSameItemTwice() throws Exception {
    WireMockServer feed = new WireMockServer(options().dynamicPort());
    feed.start();
    try {
      feed.stubFor(get("/news.xml").willReturn(okXml(FeedTopicsTest.rss("B second", "A first"))));
      Channel c = channels.add(spec("News", "rss", List.of(), feed.baseUrl() + "/news.xml", 5));

      ChannelFire first = channels.runNow(c.id());
      feed.stubFor(
          get("/news.xml")
              .willReturn(okXml(FeedTopicsTest.rss("D fourth", "C third", "B second", "A first"))));
      ChannelFire second = channels.runNow(c.id());
      ChannelFire third = channels.runNow(c.id());

      assertThat(first.topics()).containsExactly("A first", "B second");
      assertThat(second.topics()).containsExactly("C third", "D fourth");
      assertThat(third.topics()).isEmpty();
      assertThat(third.message()).contains("nothing new");
      List<String> all = new ArrayList<>(first.runIds());
      all.addAll(second.runIds());
      assertThat(all).hasSize(4).doesNotHaveDuplicates();
      all.forEach(id -> assertThat(runs.status(id)).isPresent());
    } finally {
      feed.stop();
    }
  }

  @Test
  void oneScheduledInstantFiresOnceEvenWhenTwoSchedulersDeliverIt() {
    Channel c = channels.add(spec("Ideas", "ideas", List.of(), null, 1));
    Instant instant = Instant.parse("2026-11-24T08:00:00Z");

    ChannelFire a = firer.fireScheduled(UUID.fromString(c.id()), instant, "member-a");
    ChannelFire b = firer.fireScheduled(UUID.fromString(c.id()), instant, "member-b");
    ChannelFire next =
        firer.fireScheduled(UUID.fromString(c.id()), instant.plusSeconds(86_400), "member-b");

    assertThat(a.runIds()).hasSize(1);
    assertThat(a.topics()).containsExactly("5 surprising facts about Ideas");
    assertThat(b.runIds()).isEmpty();
    assertThat(b.message()).contains("already fired");
    assertThat(next.topics()).containsExactly("The history of Ideas in 60 seconds");
  }

  @Test
  void pausedChannelsDoNotFireAndBadSpecsListEveryProblem() {
    Channel c = channels.add(spec("Paused", "list", List.of("One", "Two"), null, 1));
    channels.pause(c.id());
    assertThat(channels.find(c.id()).orElseThrow().active()).isFalse();
    assertThat(
            firer
                .fireScheduled(UUID.fromString(c.id()), Instant.parse("2026-11-24T08:00:00Z"), "m")
                .topics())
        .isEmpty();
    channels.resume(c.id());
    assertThat(channels.find(c.id()).orElseThrow().nextRun()).isNotNull();
    assertThat(channels.remove(c.id())).isTrue();
    assertThat(channels.find(c.id())).isEmpty();

    ChannelSpec bad =
        new ChannelSpec(
            user.id().toString(),
            "",
            "every day",
            "Mars/Olympus",
            "tv",
            List.of(),
            null,
            0,
            "4:3",
            3,
            "en",
            List.of("myspace"),
            "educational",
            "en",
            "full");
    assertThatThrownBy(() -> channels.add(bad))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e ->
                assertThat(e.errors())
                    .extracting(FieldError::field)
                    .contains(
                        "name",
                        "cron",
                        "timezone",
                        "topic_source",
                        "videos_per_run",
                        "aspect",
                        "duration",
                        "platforms"));
  }
}

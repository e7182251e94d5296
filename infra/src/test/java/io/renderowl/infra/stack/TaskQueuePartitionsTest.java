package io.renderowl.infra.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.infra.config.RenderowlSettings;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded dev server reads one partition per task queue, except in a state folder an earlier
 * version wrote (tasks then went to four partitions): that one reads all four until no task waits
 * in a queue.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // four starts of the dev server, about 10 s here
class TaskQueuePartitionsTest {

  @Test
  void aNewStateFolderIsMarkedRootOnly(@TempDir Path folder) throws Exception {
    assertThat(TemporalDevServer.rootPartitionOnly(folder)).isTrue();
    assertThat(folder.resolve(TemporalDevServer.ROOT_ONLY_MARKER)).exists();
    Files.writeString(folder.resolve("temporal.db"), "");
    assertThat(TemporalDevServer.rootPartitionOnly(folder)).as("marked: stays").isTrue();
  }

  @Test
  void aFolderAnEarlierVersionWroteReadsAllPartitions(@TempDir Path folder) throws Exception {
    Files.writeString(folder.resolve("temporal.db"), "");
    assertThat(TemporalDevServer.rootPartitionOnly(folder)).isFalse();
    assertThat(folder.resolve(TemporalDevServer.ROOT_ONLY_MARKER)).doesNotExist();
  }

  @Test
  @Tag("system")
  void anEarlierFolderSwitchesOnceNoTaskWaits(@TempDir Path home) throws Exception {
    RenderowlSettings settings = EmbeddedStackRestartTest.withDevServer(home);
    Path marker = home.resolve("temporal").resolve(TemporalDevServer.ROOT_ONLY_MARKER);

    try (EmbeddedStack first = EmbeddedStack.start(settings)) {
      assertThat(readPartitionsArgument()).isEqualTo(TemporalDevServer.READ_PARTITIONS + 1);
      assertThat(marker).exists();
    }

    // as a folder of an earlier version: no marker; a workflow no worker polls waits with its
    // first workflow task in a queue
    Files.delete(marker);
    try (EmbeddedStack second = EmbeddedStack.start(settings)) {
      assertThat(readPartitionsArgument())
          .isEqualTo(TemporalDevServer.READ_PARTITIONS + TemporalDevServer.LEGACY_READ_PARTITIONS);
      Files.deleteIfExists(marker); // nothing waited when it started
      withClient(
          second.endpoints(),
          client ->
              client
                  .newUntypedWorkflowStub(
                      "ProbeWorkflow",
                      WorkflowOptions.newBuilder()
                          .setWorkflowId("probe-1")
                          .setTaskQueue("probe")
                          .build())
                  .start());
    }

    try (EmbeddedStack third = EmbeddedStack.start(settings)) {
      assertThat(readPartitionsArgument())
          .isEqualTo(TemporalDevServer.READ_PARTITIONS + TemporalDevServer.LEGACY_READ_PARTITIONS);
      assertThat(marker).as("the probe's workflow task waits in a queue").doesNotExist();
      withClient(
          third.endpoints(),
          client -> client.newUntypedWorkflowStub("probe-1").terminate("done with the probe"));
    }

    try (EmbeddedStack fourth = EmbeddedStack.start(settings)) {
      assertThat(readPartitionsArgument())
          .isEqualTo(TemporalDevServer.READ_PARTITIONS + TemporalDevServer.LEGACY_READ_PARTITIONS);
      assertThat(marker).as("nothing waits any more: root only from the next start").exists();
    }
  }

  private interface ClientCall {
    void accept(WorkflowClient client) throws Exception;
  }

  private static void withClient(StackEndpoints e, ClientCall call) throws Exception {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(e.temporalAddress()).build());
    try {
      call.accept(
          WorkflowClient.newInstance(
              stubs,
              WorkflowClientOptions.newBuilder().setNamespace(e.temporalNamespace()).build()));
    } finally {
      stubs.shutdownNow();
    }
  }

  /** The read-partitions setting of the one dev server this process runs. */
  private static String readPartitionsArgument() {
    List<String> args =
        ProcessHandle.current()
            .descendants()
            .flatMap(p -> p.info().arguments().stream())
            .filter(a -> String.join(" ", a).contains("start-dev"))
            .map(List::of)
            .findFirst()
            .orElseThrow();
    return args.stream()
        .filter(a -> a.startsWith(TemporalDevServer.READ_PARTITIONS))
        .findFirst()
        .orElseThrow();
  }
}

package io.renderowl.workflows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Activity implementations for workflow tests: each stage returns small, fixed data and records
 * what it was asked; {@link #renderFailures} makes the first N render attempts throw.
 */
final class FakeStages
    implements ScriptActivities,
        MediaActivities,
        TimelineActivities,
        RenderActivities,
        PublishActivities,
        RunLedgerActivities {

  final List<String> ledger = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger renderAttempts = new AtomicInteger();
  final AtomicInteger scriptAttempts = new AtomicInteger();
  volatile int renderFailures = 0;
  /** When set, render waits for it (lets a test look at a run mid-render). */
  volatile java.util.concurrent.CountDownLatch renderGate;
  final java.util.concurrent.CountDownLatch renderStarted = new java.util.concurrent.CountDownLatch(1);
  volatile IntFunction<RuntimeException> scriptFailure = attempt -> null;

  @Override
  public Script writeScript(String runId, PipelineRequest request) {
    RuntimeException failure = scriptFailure.apply(scriptAttempts.incrementAndGet());
    if (failure != null) {
      throw failure;
    }
    return new Script("About " + request.topic(), List.of("One.", "Two.", "Three.", "Four.", "Five."), "test");
  }

  @Override
  public List<Scene> planScenes(String runId, Script script, PipelineRequest request) {
    List<Scene> scenes = new ArrayList<>();
    for (int i = 0; i < script.sentences().size(); i++) {
      scenes.add(new Scene(i, script.sentences().get(i), "picture " + i, 2.0));
    }
    return scenes;
  }

  @Override
  public Visual sourceVisual(String runId, Scene scene, Aspect aspect) {
    return new Visual(scene.index(), "v" + scene.index(), aspect.width(), aspect.height(), "test");
  }

  @Override
  public Narration narrate(String runId, Scene scene, String voice) {
    return new Narration(scene.index(), "n" + scene.index(), 1.5, "test");
  }

  @Override
  public TimelineRef assembleTimeline(
      String runId,
      PipelineRequest request,
      String title,
      List<Scene> scenes,
      List<Visual> visuals,
      List<Narration> narrations) {
    return new TimelineRef("t-" + runId, scenes.size() * 2.0, request.aspect().width(), request.aspect().height(), 30, scenes.size() * 3);
  }

  @Override
  public RenderResult render(String runId, String userId, String timelineId) {
    renderStarted.countDown();
    if (renderGate != null) {
      try {
        renderGate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    if (renderAttempts.incrementAndGet() <= renderFailures) {
      throw new IllegalStateException("encoder crashed (attempt " + renderAttempts.get() + ")");
    }
    return new RenderResult("r-" + runId, "renders/" + runId + ".mp4", 1234, 300, 10.0);
  }

  @Override
  public List<Publication> publish(String runId, PipelineRequest request, String title, RenderResult render) {
    return request.platforms().stream().map(p -> new Publication(p, "/published/" + runId, "p-" + p)).toList();
  }

  @Override
  public void stageStarted(String runId, Stage stage, String message) {
    ledger.add(stage.name());
  }

  @Override
  public void runFailed(String runId, Stage stage, String reason) {
    ledger.add("FAILED at " + stage.name() + ": " + reason);
  }

  @Override
  public void runCompleted(String runId, PipelineResult result) {
    ledger.add("COMPLETED");
  }
}

package io.renderowl.activities;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Activities are started by workflows, never by reaching into an entry point. */
class ActivitiesBoundaryTest {
  /** One package per pipeline stage; each stands alone. */
  static final List<String> STAGES =
      List.of("script", "visuals", "voice", "timeline", "render", "publish", "ledger", "callback");

  static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.renderowl.activities");

  @Test
  void activitiesDependOnNoEntryPoint() {
    noClasses()
        .that()
        .resideInAPackage("io.renderowl.activities..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.renderowl.api..", "io.renderowl.cli..", "io.renderowl.batch..")
        .because("api, cli and batch-jobs host the activities, not the other way round")
        .check(CLASSES);
  }

  @Test
  void theRenderEngineIsFreeOfTemporalSpringAndInfrastructure() {
    noClasses()
        .that()
        .resideInAPackage("io.renderowl.activities.render..")
        .and()
        .haveSimpleNameNotEndingWith("ActivitiesImpl")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.temporal..",
            "org.springframework..",
            "io.renderowl.infra..",
            "io.minio..",
            "redis.clients..",
            "java.sql..")
        .because(
            "render workers on other machines call the chunk primitives with plain files;"
                + " the Temporal activities adapt them to storage and heartbeats")
        .check(CLASSES);
  }

  @Test
  void stageServicesAreFreeOfSpring() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.renderowl.activities.script..",
            "io.renderowl.activities.visuals..",
            "io.renderowl.activities.voice..",
            "io.renderowl.activities.timeline..",
            "io.renderowl.activities.render..",
            "io.renderowl.activities.publish..",
            "io.renderowl.activities.ledger..",
            "io.renderowl.activities.callback..",
            "io.renderowl.activities.provider..",
            "io.renderowl.activities.storage..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework..", "io.renderowl.activities.worker..")
        .because("stage services are plain Java; only the worker package wires them with Spring")
        .check(CLASSES);
  }

  @Test
  void stagesDoNotDependOnEachOther() {
    slices()
        .matching("io.renderowl.activities.(*)..")
        .that(describe("are pipeline stages", slice -> STAGES.contains(slice.getNamePart(1))))
        .should()
        .notDependOnEachOther()
        .because(
            "a stage changes without touching its neighbours; only the worker package wires them all")
        .check(CLASSES);
  }

  @Test
  void aStageUsesOnlyWorkflowsInfraAndTheSharedPackages() {
    for (String stage : STAGES) {
      noClasses()
          .that()
          .resideInAPackage("io.renderowl.activities." + stage + "..")
          .should()
          .dependOnClassesThat(
              resideInAPackage("io.renderowl..")
                  .and(
                      resideInAnyPackage(
                              "io.renderowl.workflows..",
                              "io.renderowl.infra..",
                              "io.renderowl.activities.provider..",
                              "io.renderowl.activities.storage..",
                              "io.renderowl.activities." + stage + "..")
                          .negate()))
          .because("stages share only provider (HTTP plumbing) and storage (keys, temp folders)")
          .check(CLASSES);
    }
  }

  @Test
  void templatesJoinRenderAndTimelineButNoOtherStageAndNotTheWorker() {
    noClasses()
        .that()
        .resideInAPackage("io.renderowl.activities.template..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            Stream.concat(
                    STAGES.stream()
                        .filter(stage -> !stage.equals("render") && !stage.equals("timeline"))
                        .map(stage -> "io.renderowl.activities." + stage + ".."),
                    Stream.of("io.renderowl.activities.worker..", "io.temporal.."))
                .toArray(String[]::new))
        .because("a template's poster needs only the frame composer and the timeline reader")
        .check(CLASSES);
  }

  @Test
  void theSharedPackagesKnowNoStage() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.renderowl.activities.provider..", "io.renderowl.activities.storage..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            STAGES.stream()
                .map(stage -> "io.renderowl.activities." + stage + "..")
                .toArray(String[]::new))
        .because("provider and storage sit below every stage")
        .check(CLASSES);
  }

  @Test
  void activitiesUseNoInternalsOfInfraOrWorkflows() {
    noClasses()
        .that()
        .resideInAPackage("io.renderowl.activities..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.renderowl.infra..internal..", "io.renderowl.workflows.internal..")
        .because(
            "the worker registers workflow types through io.renderowl.workflows.WorkflowImplementations"
                + " and gets infra's implementations as Spring beans of their public interfaces")
        .check(CLASSES);
  }

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("io.renderowl.(**)").should().beFreeOfCycles().check(CLASSES);
  }
}

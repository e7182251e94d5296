package io.renderowl.infra;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Infra sits below the activities and every entry point: it knows none of them. */
class InfraBoundaryTest {
  static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.renderowl.infra");

  @Test
  void infraDependsOnNeitherTheActivitiesNorAnyEntryPoint() {
    noClasses()
        .that()
        .resideInAPackage("io.renderowl.infra..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.renderowl.activities..",
            "io.renderowl.api..",
            "io.renderowl.cli..",
            "io.renderowl.batch..")
        .because("activities, api, cli and batch-jobs build on infra, not the other way round")
        .check(CLASSES);
  }

  @Test
  void infraUsesNoWorkflowInternals() {
    noClasses()
        .that()
        .resideInAPackage("io.renderowl.infra..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.renderowl.workflows.internal..")
        .because("infra starts workflows by their interfaces and task queues")
        .check(CLASSES);
  }

  @Test
  void thePipelineReachesCreditsOnlyThroughItsPorts() {
    noClasses()
        .that()
        .resideInAPackage("io.renderowl.infra.pipeline")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.renderowl.infra.credits..")
        .because(
            "credits build on the pipeline's types (InsufficientCreditsException); the pipeline"
                + " asks for credits through ports it owns (RenderCharges) that credits implement")
        .check(CLASSES);
  }

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("io.renderowl.(**)").should().beFreeOfCycles().check(CLASSES);
  }
}

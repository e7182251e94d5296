package io.renderowl.batch;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** batch-jobs is an entry point: it starts runs through infra's PipelineRuns only. */
class BatchJobsBoundaryTest {
  static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.renderowl.batch");

  @Test
  void batchJobsDependOnNoOtherEntryPointNorTheActivities() {
    noClasses()
        .that()
        .resideInAPackage("io.renderowl.batch..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.renderowl.activities..", "io.renderowl.api..", "io.renderowl.cli..")
        .because("batch jobs start workflows through io.renderowl.infra.pipeline.PipelineRuns")
        .check(CLASSES);
  }

  @Test
  void bulkChannelsAndSystemJobsDoNotReachIntoEachOther() {
    noClasses()
        .that()
        .resideInAPackage("io.renderowl.batch.bulk..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.renderowl.batch.channels..", "io.renderowl.batch.system..")
        .check(CLASSES);
    noClasses()
        .that()
        .resideInAPackage("io.renderowl.batch.channels..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.renderowl.batch.bulk..", "io.renderowl.batch.system..")
        .check(CLASSES);
    noClasses()
        .that()
        .resideInAPackage("io.renderowl.batch.system..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.renderowl.batch.bulk..", "io.renderowl.batch.channels..")
        .check(CLASSES);
  }

  @Test
  void batchJobsUsesOnlyInfrasPublicContracts() {
    noClasses()
        .that()
        .resideInAPackage("io.renderowl.batch..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("io.renderowl.infra..")
                .and(
                    resideInAnyPackage(
                            "io.renderowl.infra.batch",
                            "io.renderowl.infra.pipeline",
                            "io.renderowl.infra.config",
                            "io.renderowl.infra.storage",
                            "io.renderowl.infra.social",
                            "io.renderowl.infra.ai",
                            "io.renderowl.infra.json",
                            "io.renderowl.infra.metrics",
                            "io.renderowl.infra.net")
                        .negate()))
        .because(
            "batch jobs implement infra.batch, start runs through infra.pipeline, read settings and"
                + " stored sources, refresh tokens and read analytics through infra.social, and share"
                + " the one JSON mapper")
        .check(CLASSES);
  }

  @Test
  void batchJobsUsesNoInternalsOfInfraOrWorkflows() {
    noClasses()
        .that()
        .resideInAPackage("io.renderowl.batch..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.renderowl.infra..internal..", "io.renderowl.workflows.internal..")
        .because("entry points use infra's contracts and start workflows by their interfaces")
        .check(CLASSES);
  }

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("io.renderowl.(**)").should().beFreeOfCycles().check(CLASSES);
  }
}

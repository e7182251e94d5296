package io.renderowl.activities;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Activities are started by workflows, never by reaching into an entry point. */
class ActivitiesBoundaryTest {
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
            "io.renderowl.activities.provider..",
            "io.renderowl.activities.storage..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework..", "io.renderowl.activities.worker..")
        .because("stage services are plain Java; only the worker package wires them with Spring")
        .check(CLASSES);
  }
}

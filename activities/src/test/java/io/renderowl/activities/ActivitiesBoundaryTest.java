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
        .resideInAnyPackage("io.renderowl.activities.media..", "io.renderowl.activities.timeline..",
            "io.renderowl.activities.bench..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.temporal..", "org.springframework..", "io.renderowl.infra..", "io.minio..",
            "redis.clients..", "java.sql..")
        .because("render workers on other machines call the chunk primitives with plain files;"
            + " the Temporal activities adapt them to storage and heartbeats")
        .check(CLASSES);
  }

  @Test
  void providersArePlainServicesUnderTheActivityAdapters() {
    noClasses()
        .that()
        .resideInAPackage("io.renderowl.activities.providers..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.renderowl.activities", "io.renderowl.activities.publish..", "org.springframework..")
        .because("providers are called by the activity adapters and know nothing of them or of Spring")
        .check(CLASSES);
  }
}

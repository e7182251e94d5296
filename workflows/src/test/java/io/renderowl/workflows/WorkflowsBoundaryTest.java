package io.renderowl.workflows;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The workflows module stays deterministic: no Spring, no JDBC, no I/O, no clocks or threads. */
class WorkflowsBoundaryTest {
  static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.renderowl.workflows");

  @Test
  void workflowsDependOnNoFrameworkOrInfrastructure() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..", "java.sql..", "javax.sql..", "io.minio..", "redis.clients..",
            "io.renderowl.infra..", "io.renderowl.activities..", "io.renderowl.api..", "io.renderowl.cli..",
            "io.renderowl.batch..")
        .check(CLASSES);
  }

  @Test
  void workflowsDoNoIo() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.io..", "java.nio.file..", "java.net..", "java.nio.channels..")
        .because("workflow code must replay deterministically; I/O belongs in activities")
        .check(CLASSES);
  }

  @Test
  void workflowsUseNoWallClockOrThreads() {
    noClasses()
        .should()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .callMethod(java.util.UUID.class, "randomUUID")
        .orShould()
        .callConstructor(Thread.class)
        .because("Workflow.currentTimeMillis(), Workflow.randomUUID() and Async keep replays deterministic")
        .check(CLASSES);
  }
}

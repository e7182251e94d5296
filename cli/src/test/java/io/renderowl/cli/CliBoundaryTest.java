package io.renderowl.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The CLI is an entry point: it uses the API through its root package and no other entry point. */
class CliBoundaryTest {
  static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.renderowl.cli");

  @Test
  void theCliUsesTheApiOnlyThroughItsRootPackage() {
    noClasses()
        .that()
        .resideInAPackage("io.renderowl.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.renderowl.api.internal..")
        .because("the API's public entry is io.renderowl.api.ApiConfiguration; internal/ may change freely")
        .check(CLASSES);
  }

  @Test
  void theCliDependsOnNoOtherEntryPoint() {
    noClasses()
        .that()
        .resideInAPackage("io.renderowl.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.renderowl.batch.(*)..")
        .because(
            "entry points start workflows; none reaches into another (the CLI imports only"
                + " io.renderowl.batch.BatchJobsConfiguration and uses the io.renderowl.infra.batch contracts)")
        .check(CLASSES);
  }
}

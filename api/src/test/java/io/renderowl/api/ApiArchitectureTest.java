package io.renderowl.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.renderowl.api", importOptions = ImportOption.DoNotIncludeTests.class)
class ApiArchitectureTest {

  @ArchTest
  static final ArchRule theApiDoesNotReachIntoOtherEntryPointsOrActivities =
      noClasses()
          .that()
          .resideInAPackage("io.renderowl.api..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.renderowl.activities..", "io.renderowl.cli..", "io.renderowl.batch..");
}

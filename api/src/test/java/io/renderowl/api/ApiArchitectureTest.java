package io.renderowl.api;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

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

  @ArchTest
  static final ArchRule theApiUsesOnlyInfrasPublicContracts =
      noClasses()
          .that()
          .resideInAPackage("io.renderowl.api..")
          .should()
          .dependOnClassesThat(
              resideInAPackage("io.renderowl.infra..")
                  .and(
                      resideInAnyPackage(
                              "io.renderowl.infra.pipeline",
                              "io.renderowl.infra.batch",
                              "io.renderowl.infra.users",
                              "io.renderowl.infra.social",
                              "io.renderowl.infra.ai",
                              "io.renderowl.infra.credits",
                              "io.renderowl.infra.admin",
                              "io.renderowl.infra.templates",
                              "io.renderowl.infra.tracing")
                          .negate()))
          .because(
              "the API starts and reads runs and batches, checks tokens, connects accounts, reads"
                  + " templates and analytics and shows operator views through infra's interfaces (and traces requests with infra's Tracing)");

  @ArchTest
  static final ArchRule theApiUsesNoInternalsOfInfraOrWorkflows =
      noClasses()
          .that()
          .resideInAPackage("io.renderowl.api..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.renderowl.infra..internal..", "io.renderowl.workflows.internal..")
          .because("entry points use infra's contracts and start workflows by their interfaces");

  @ArchTest
  static final ArchRule packagesAreFreeOfCycles =
      slices().matching("io.renderowl.(**)").should().beFreeOfCycles();
}

package io.renderowl.cli;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.renderowl.api.ApiConfiguration;
import org.junit.jupiter.api.Test;

/**
 * The CLI is an entry point: it uses the API through ApiConfiguration only and no other entry
 * point.
 */
class CliBoundaryTest {
  /**
   * Our classes; not the bean definitions Spring generates into target/classes at build time
   * ({@link BuildTimeContexts}: {@code X__BeanDefinitions}, {@code X__BeanFactoryRegistrations},
   * ...), which register every configuration's beans, whatever module they come from.
   */
  static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(location -> !location.contains("__"))
          .importPackages("io.renderowl.cli");

  @Test
  void theCliUsesTheApiOnlyThroughApiConfiguration() {
    noClasses()
        .that()
        .resideInAPackage("io.renderowl.cli..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("io.renderowl.api..")
                .and(equivalentTo(ApiConfiguration.class).negate()))
        .because(
            "the API's public entry is io.renderowl.api.ApiConfiguration; internal/ may change freely")
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

  @Test
  void theCliUsesOnlyInfrasPublicContracts() {
    noClasses()
        .that()
        .resideInAPackage("io.renderowl.cli..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("io.renderowl.infra..")
                .and(
                    resideInAnyPackage(
                            "io.renderowl.infra",
                            "io.renderowl.infra.batch",
                            "io.renderowl.infra.pipeline",
                            "io.renderowl.infra.social",
                            "io.renderowl.infra.config",
                            "io.renderowl.infra.stack",
                            "io.renderowl.infra.storage",
                            "io.renderowl.infra.social",
                            "io.renderowl.infra.users",
                            "io.renderowl.infra.credits",
                            "io.renderowl.infra.admin",
                            "io.renderowl.infra.templates",
                            "io.renderowl.infra.json",
                            "io.renderowl.infra.tracing")
                        .negate()))
        .because(
            "the CLI starts and reads runs through infra.pipeline (owl render through RenderRuns), never through the repositories in infra.persistence")
        .check(CLASSES);
  }

  @Test
  void theCliUsesNoInternalsOfInfraOrWorkflows() {
    noClasses()
        .that()
        .resideInAPackage("io.renderowl.cli..")
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

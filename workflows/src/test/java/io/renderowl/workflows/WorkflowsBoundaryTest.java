package io.renderowl.workflows;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.temporal.workflow.WorkflowInterface;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The workflows module stays deterministic: no Spring, no JDBC, no I/O, no clocks or threads. */
class WorkflowsBoundaryTest {
  static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.renderowl.workflows");

  /** Code that runs inside a workflow: the internal package and every workflow implementation. */
  static final DescribedPredicate<JavaClass> WORKFLOW_CODE =
      resideInAPackage("io.renderowl.workflows.internal..")
          .or(
              describe(
                  "implement a @WorkflowInterface",
                  c ->
                      c.getAllRawInterfaces().stream()
                          .anyMatch(i -> i.isAnnotatedWith(WorkflowInterface.class))));

  @Test
  void workflowsDependOnNoFrameworkOrInfrastructure() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "java.sql..",
            "javax.sql..",
            "io.minio..",
            "redis.clients..",
            "io.renderowl.infra..",
            "io.renderowl.activities..",
            "io.renderowl.api..",
            "io.renderowl.cli..",
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
        .because(
            "Workflow.currentTimeMillis(), Workflow.randomUUID() and Async keep replays deterministic")
        .check(CLASSES);
  }

  @Test
  void workflowCodeNeitherSleepsNorDrawsRandomNumbers() {
    noClasses()
        .that(WORKFLOW_CODE)
        .should()
        .callMethodWhere(call("Thread.sleep", Thread.class, Set.of("sleep")))
        .orShould()
        .callMethodWhere(call("Math.random", Math.class, Set.of("random")))
        .orShould()
        .dependOnClassesThat(
            assignableTo(java.util.Random.class)
                .or(assignableTo(java.util.random.RandomGenerator.class)))
        .because(
            "Workflow.sleep and Workflow.newRandom() replay the same way every time;"
                + " Random, ThreadLocalRandom and SecureRandom do not")
        .check(CLASSES);
  }

  @Test
  void workflowCodeReadsNoEnvironmentOrSystemProperties() {
    noClasses()
        .that(WORKFLOW_CODE)
        .should()
        .callMethodWhere(
            call(
                "System.getenv/getProperty",
                System.class,
                Set.of("getenv", "getProperty", "getProperties")))
        .because(
            "a replay on another worker may see other values; settings reach a workflow as activity results or input")
        .check(CLASSES);
  }

  @Test
  void workflowCodeUsesNoExecutorsOrFutures() {
    noClasses()
        .that(WORKFLOW_CODE)
        .should()
        .dependOnClassesThat(
            assignableTo(java.util.concurrent.Executor.class)
                .or(assignableTo(java.util.concurrent.Executors.class))
                .or(assignableTo(java.util.concurrent.Future.class))
                .or(assignableTo(java.util.concurrent.CompletionStage.class)))
        .because("Async.function and Promise run in the workflow's own deterministic threads")
        .check(CLASSES);
  }

  @Test
  void workflowImplementationsAreInternal() {
    classes()
        .that(WORKFLOW_CODE.and(describe("are not interfaces", c -> !c.isInterface())))
        .and()
        .areTopLevelClasses()
        .should()
        .resideInAPackage("io.renderowl.workflows.internal")
        .because("workers register them through io.renderowl.workflows.WorkflowImplementations")
        .check(CLASSES);
  }

  @Test
  void packagesAreFreeOfCycles() {
    slices()
        .matching("io.renderowl.(**)")
        .should()
        .beFreeOfCycles()
        .ignoreDependency(
            JavaClass.Predicates.equivalentTo(WorkflowImplementations.class),
            resideInAPackage("io.renderowl.workflows.internal"))
        .because(
            "WorkflowImplementations is the one root type that names the internal implementations")
        .check(CLASSES);
  }

  private static DescribedPredicate<JavaMethodCall> call(
      String description, Class<?> owner, Set<String> names) {
    return describe(
        description, c -> c.getTargetOwner().isEquivalentTo(owner) && names.contains(c.getName()));
  }
}

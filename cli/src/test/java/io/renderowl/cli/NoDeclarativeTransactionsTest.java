package io.renderowl.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Every mode leaves declarative transactions out ({@link OwlApplication#DECLARATIVE_TRANSACTIONS}):
 * a {@code @Transactional} class or method of ours would run without a transaction and nothing
 * would say so. Transactions here are explicit ({@code TransactionTemplate}).
 */
class NoDeclarativeTransactionsTest {
  private static final JavaClasses OURS =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(location -> !location.contains("__"))
          .importPackages("io.renderowl");

  private static final String SPRING = "org.springframework.transaction.annotation.Transactional";
  private static final String JAKARTA = "jakarta.transaction.Transactional";

  @Test
  void noClassOrMethodOfOursIsTransactional() {
    String because =
        "declarative transactions are left out of every context (OwlApplication): use a"
            + " TransactionTemplate";
    noClasses()
        .should()
        .beAnnotatedWith(SPRING)
        .orShould()
        .beAnnotatedWith(JAKARTA)
        .because(because)
        .check(OURS);
    noMethods()
        .should()
        .beAnnotatedWith(SPRING)
        .orShould()
        .beAnnotatedWith(JAKARTA)
        .because(because)
        .check(OURS);
  }
}

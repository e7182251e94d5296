package io.renderowl.infra.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.infra.health.internal.DependencyHealthIndicator;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class DependencyHealthIndicatorTest {

  @Test
  void aFailedCheckSaysWhatFailedAndWhyWithoutTheCredentialsOfAnAddress() {
    DependencyHealthIndicator indicator =
        new DependencyHealthIndicator(
            "S3 bucket renderowl",
            () -> {
              throw new IllegalStateException(
                  "wrapped",
                  new IOException("cannot reach https://key:s3cr3t@s3.example.test/renderowl"));
            });

    Health health = indicator.health();

    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.getDetails().get("error"))
        .isEqualTo(
            "S3 bucket renderowl unreachable (IOException: cannot reach"
                + " https://s3.example.test/renderowl)");
  }

  @Test
  void aCheckThatAnswersIsUpAndNamesTheDependency() {
    Health health = new DependencyHealthIndicator("Temporal frontend", () -> {}).health();

    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails()).containsEntry("dependency", "Temporal frontend");
  }
}

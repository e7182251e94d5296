package io.renderowl.apicredits;

import io.renderowl.activities.testkit.InstantStages;
import io.renderowl.activities.worker.WorkerConfiguration;
import io.renderowl.api.ApiConfiguration;
import io.renderowl.infra.InfraConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;

/** The API over the real engine (instant stages), with Stripe pointed at a local stub. */
@SpringBootConfiguration
@EnableAutoConfiguration(
    excludeName = "org.springframework.boot.quartz.autoconfigure.QuartzAutoConfiguration")
@Import({
  InfraConfiguration.class,
  WorkerConfiguration.class,
  ApiConfiguration.class,
  InstantStages.class
})
class CreditsApiTestApplication {

  static void properties(DynamicPropertyRegistry registry, String stripeBaseUrl) {
    try {
      String home = Files.createTempDirectory("renderowl-api-credits-test-home-").toString();
      registry.add("RENDEROWL_HOME", () -> home);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    registry.add("RENDEROWL_TEMPORAL_SERVER", () -> "test");
    registry.add("RENDEROWL_SCHEDULER", () -> "false");
    registry.add("RENDEROWL_PRICE_AI_CALL", () -> "1");
    registry.add("STRIPE_SECRET_KEY", () -> CreditsApiSystemTest.STRIPE_KEY);
    registry.add("STRIPE_WEBHOOK_SECRET", () -> CreditsApiSystemTest.WEBHOOK_SECRET);
    registry.add("STRIPE_BASE_URL", () -> stripeBaseUrl);
    registry.add("RENDEROWL_CHECKOUT_SUCCESS_URL", () -> "https://owl.example/paid");
    registry.add("RENDEROWL_CHECKOUT_CANCEL_URL", () -> "https://owl.example/cancelled");
    registry.add("RENDEROWL_CREDIT_PACKS", () -> "starter=100:500,studio=2000:6000");
  }
}

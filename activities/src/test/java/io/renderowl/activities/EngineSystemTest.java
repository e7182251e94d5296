package io.renderowl.activities;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the system tests on the engine: they share one application context (one embedded stack
 * per test JVM; two would contend for the state folder's lock).
 */
@Tag("system")
@SpringBootTest(classes = EngineTestApplication.class)
@Timeout(
    value = 10,
    unit =
        TimeUnit
            .MINUTES) // per test, inherited: a whole pipeline run takes about 15 s here, more on a
// loaded machine
abstract class EngineSystemTest {

  @DynamicPropertySource
  static void engine(DynamicPropertyRegistry registry) {
    EngineTestApplication.properties(registry);
  }
}

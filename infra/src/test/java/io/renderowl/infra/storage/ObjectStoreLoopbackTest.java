package io.renderowl.infra.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which endpoints get uploads without the payload's SHA-256: only a server on this machine, told
 * from the endpoint's text (nothing is resolved or contacted).
 */
class ObjectStoreLoopbackTest {
  @ParameterizedTest
  @CsvSource({
    "http://127.0.0.1:9000, true",
    "http://127.5.6.7:9000, true",
    "http://localhost:9000, true",
    "http://LOCALHOST:9000/, true",
    "'http://[::1]:9000', true",
    "http://10.0.0.5:9000, false",
    "http://192.168.1.20:9000, false",
    "http://169.254.169.254, false",
    "http://minio.internal:9000, false",
    "http://127.0.0.1.example.com:9000, false",
    "http://localhost.example.com:9000, false",
    "not a url, false"
  })
  void onlyThisMachineCounts(String endpoint, boolean loopback) {
    assertThat(ObjectStore.loopback(endpoint)).isEqualTo(loopback);
  }
}

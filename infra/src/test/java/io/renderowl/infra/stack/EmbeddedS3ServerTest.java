package io.renderowl.infra.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the embedded S3 server relies on in S3Proxy's packaging. */
class EmbeddedS3ServerTest {

  @Test
  void theCacheLinePropertyIsTheOneS3ProxysShadedJettyReads() throws Exception {
    // the shaded class exists where the property's prefix says (a plain Jetty would read the
    // property without the prefix, and the MBean server would be back in every start)
    Class<?> memoryUtils =
        Class.forName(
            EmbeddedS3Server.SHADED_JETTY + "MemoryUtils",
            false,
            EmbeddedS3Server.class.getClassLoader());
    assertThat(memoryUtils.getName()).startsWith("org.gaul.shaded.");

    EmbeddedS3Server.answerJettysCacheLineQuestion();
    // 64-byte lines of 4-byte (compressed) or 8-byte references
    assertThat(System.getProperty(EmbeddedS3Server.REFERENCES_PER_CACHE_LINE)).isIn("16", "8");
  }
}

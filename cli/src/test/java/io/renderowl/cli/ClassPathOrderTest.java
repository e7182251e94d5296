package io.renderowl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The MinIO client's first use looks for its own version by reading every {@code
 * META-INF/MANIFEST.MF} on the class path, in class-path order, until it finds its own. Reading the
 * manifest of a signed jar (BouncyCastle's bcprov, for Argon2 password hashes) verifies that jar's
 * signatures: 50-70 ms of the main thread's CPU in every command that uses S3, for a version string
 * in a User-Agent. With the MinIO client ahead of every signed jar (infra's pom), the search stops
 * before it reaches one. The test class path has the order {@code owl.jar}'s does (Maven's).
 */
class ClassPathOrderTest {

  @Test
  void minioFindsItsVersionBeforeReadingASignedJar() throws IOException {
    List<String> before = new ArrayList<>();
    boolean found = false;
    for (URL manifest :
        Collections.list(
            ClassPathOrderTest.class.getClassLoader().getResources("META-INF/MANIFEST.MF"))) {
      if (!"jar".equals(manifest.getProtocol())) {
        continue; // a folder of classes: no signatures
      }
      JarURLConnection connection = (JarURLConnection) manifest.openConnection();
      connection.setUseCaches(false);
      try (JarFile jar = new JarFile(connection.getJarFileURL().getPath(), false)) {
        String title = jar.getManifest().getMainAttributes().getValue("Implementation-Title");
        if ("minio".equals(title)) {
          found = true;
          break;
        }
        if (signed(jar)) {
          before.add(jar.getName());
        }
      }
    }

    assertThat(found).as("the MinIO client's jar is on the class path").isTrue();
    assertThat(before).as("signed jars the MinIO client's version lookup reads first").isEmpty();
  }

  private static boolean signed(JarFile jar) {
    return jar.stream()
        .map(e -> e.getName())
        .anyMatch(name ->
            name.startsWith("META-INF/")
                && name.indexOf('/', "META-INF/".length()) < 0
                && (name.endsWith(".SF")
                    || name.endsWith(".RSA")
                    || name.endsWith(".DSA")
                    || name.endsWith(".EC")));
  }
}

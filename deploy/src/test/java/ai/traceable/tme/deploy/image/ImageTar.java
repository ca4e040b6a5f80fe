package ai.traceable.tme.deploy.image;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the image tests find what they need: the image tar ({@code tme/target/tme-image.tar}, from
 * {@code deploy/image/build-local.sh} or {@code ./mvnw -Pimage package}), the launcher source and
 * the image name from the root POM. Anything missing skips the calling test, unless {@code
 * -Dtme.requireImage=true} (CI), which fails it instead.
 */
final class ImageTar {
  static final Path REPO_ROOT =
      Path.of(System.getProperty("tme.repoRoot", "..")).toAbsolutePath().normalize();
  static final Path TAR = REPO_ROOT.resolve("tme/target/tme-image.tar");
  static final Path LAUNCHER = REPO_ROOT.resolve("deploy/image/root/usr/local/bin/tme");

  private ImageTar() {}

  /** {@code ghcr.io/traceableai/tme:0.1.0}: the root POM's tme.image.repository and tag. */
  static String reference() {
    return property("tme.image.repository") + ":" + property("tme.image.tag");
  }

  static String property(String name) {
    String value = System.getProperty(name, "");
    if (value.isBlank()) {
      throw new IllegalStateException(name + " is not set; the deploy POM passes it to the tests");
    }
    return value;
  }

  /** Why the image tar cannot be read, or empty when it is there. */
  static Optional<String> missing() {
    if (Files.isRegularFile(TAR)) {
      return Optional.empty();
    }
    return Optional.of(
        TAR
            + " is missing: build it with deploy/image/build-local.sh"
            + " or ./mvnw -B -Pimage -DskipTests package");
  }

  /**
   * Skips the calling test when {@code unavailable} holds a reason, or fails it with
   * -Dtme.requireImage=true (CI). Call it per test, so that each one is reported as skipped.
   */
  static void assumeAvailable(Optional<String> unavailable) {
    if (unavailable.isEmpty()) {
      return;
    }
    if (Boolean.getBoolean("tme.requireImage")) {
      fail(unavailable.get() + " (and -Dtme.requireImage=true)");
    }
    assumeTrue(false, unavailable.get());
  }
}

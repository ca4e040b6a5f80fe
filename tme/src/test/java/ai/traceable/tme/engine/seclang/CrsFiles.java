package ai.traceable.tme.engine.seclang;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the OWASP CRS release the tests read (never copied into the product): the system property
 * {@code tme.crs.dir}, else {@code ../../shared/crs} from the module directory, which is where the
 * workplace and CI keep it. Tests that need it are skipped, with the reason, when it is absent.
 */
public final class CrsFiles {

  private CrsFiles() {}

  /** The CRS directory; skips the calling test when it is missing. */
  public static Path dir() {
    Path dir = Path.of(System.getProperty("tme.crs.dir", "../../shared/crs")).toAbsolutePath();
    assumeTrue(
        Files.isRegularFile(dir.resolve("crs-setup.conf.example")),
        "OWASP CRS not found at " + dir.normalize() + " (set -Dtme.crs.dir to run these tests)");
    return dir.normalize();
  }

  /** {@code crs-setup.conf.example} and every {@code rules/*.conf}, in name order. */
  public static List<Path> setupAndRules() {
    Path dir = dir();
    List<Path> files = new ArrayList<>();
    files.add(dir.resolve("crs-setup.conf.example"));
    files.addAll(rules(dir));
    return files;
  }

  /** Every {@code rules/*.conf} of {@code dir}, in name order. */
  public static List<Path> rules(Path dir) {
    try (Stream<Path> s = Files.list(dir.resolve("rules"))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package ai.traceable.tme.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole comparison, briefly: tme with CRS and Apache + ModSecurity with the same CRS, both
 * probed with attacks and measured. Skipped where Apache, mod_security2 or CRS is missing (a
 * machine with only a JDK).
 */
class ModSecCompareIT {
  private static final Path APACHE = Path.of("/usr/sbin/apache2");
  private static final Path MODULES = Path.of("/usr/lib/apache2/modules");
  private static final Path CRS =
      Path.of(System.getProperty("tme.crs.dir", "../../shared/crs")).toAbsolutePath().normalize();

  @TempDir Path logs;

  @Test
  void bothWafsDenyTheProbesAndEachGetsACpuFigurePerRequest() throws Exception {
    assumeTrue(Files.isExecutable(APACHE), "no " + APACHE);
    assumeTrue(Files.isRegularFile(MODULES.resolve("mod_security2.so")), "no mod_security2.so");
    assumeTrue(Files.isRegularFile(CRS.resolve("crs-setup.conf.example")), "no CRS in " + CRS);
    Path tmeJar = Path.of(System.getProperty("tme.jar", "../tme/target/tme.jar"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit =
        ModSecCompare.run(
            new String[] {
              "--tme-jar", tmeJar.toString(),
              "--crs", CRS.toString(),
              "--servers", "tme+crs,apache+modsec",
              "--scenarios", "benign",
              "--in-flight", "4",
              "--grpc-connections", "1",
              "--warmup", "1s",
              "--duration", "2s",
              "--log-dir", logs.toString(),
              "--quiet"
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    String table = out.toString(StandardCharsets.UTF_8);
    String progress = err.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, () -> progress + table);
    assertTrue(progress.contains("seclang-920420"), progress);
    assertTrue(progress.contains("probe 'script tag in the query': HTTP 403"), progress);
    // the summary row: tme + CRS and Apache + ModSecurity both measured, their ratio computed
    Matcher row =
        Pattern.compile(
                "\\| 1 \\| benign \\| ([0-9,.]+) \\| - \\| - \\| ([0-9,.]+) \\| - \\| - \\|"
                    + " ([0-9.]+)x \\| - \\|")
            .matcher(table);
    assertTrue(row.find(), table);
  }
}

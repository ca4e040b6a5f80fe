package ai.traceable.tme.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModSecCompareTest {
  @TempDir Path dir;

  private int run(ByteArrayOutputStream err, String... args) throws Exception {
    return ModSecCompare.run(
        args,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void refusesAnUnknownServer() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    assertEquals(2, run(err, "--servers", "tme,nginx", "--log-dir", dir.toString()));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown 'nginx'"));
  }

  @Test
  void refusesAMissingTmeJarOrModSecurityBeforeStartingAnything() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    assertEquals(
        2,
        run(
            err,
            "--servers",
            "tme",
            "--tme-jar",
            dir.resolve("no.jar").toString(),
            "--log-dir",
            dir.toString()));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("no.jar not found"));

    ByteArrayOutputStream modsec = new ByteArrayOutputStream();
    assertEquals(
        2,
        run(
            modsec,
            "--servers",
            "apache+modsec",
            "--apache",
            "/bin/true",
            "--modules",
            dir.toString(),
            "--crs",
            dir.toString(),
            "--log-dir",
            dir.toString()));
    assertTrue(modsec.toString(StandardCharsets.UTF_8).contains("mod_security2.so not in"));
  }

  @Test
  void refusesMoreGrpcConnectionsThanRequestsInFlight() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    assertEquals(
        2, run(err, "--in-flight", "2", "--grpc-connections", "4", "--log-dir", dir.toString()));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--grpc-connections"));
  }
}

package ai.traceable.tme.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApacheConfigTest {
  private static final Path ROOT = Path.of("/tmp/cmp/apache+modsec-pl1");
  private static final Path MODULES = Path.of("/usr/lib/apache2/modules");
  private static final CrsSetup CRS = new CrsSetup(Path.of("/opt/crs"), 1);
  private static final Path ENGINE = ROOT.resolve("engine-pl1.conf");

  @Test
  void withModSecurityLoadsTheModuleThenEngineSettingsSetupAndRulesInThatOrder() {
    String conf = new ApacheConfig(ROOT, 18080, MODULES, 16, CRS, ENGINE, false).render();

    assertTrue(
        conf.contains(
            "LoadModule security2_module \"/usr/lib/apache2/modules/mod_security2.so\"\n"),
        conf);
    assertTrue(conf.contains("LoadModule unique_id_module"), conf);
    int engine = conf.indexOf("Include \"" + ENGINE + "\"");
    int setup = conf.indexOf("Include \"/opt/crs/crs-setup.conf.example\"");
    int rules = conf.indexOf("Include \"/opt/crs/rules/*.conf\"");
    assertTrue(engine > 0 && setup > engine && rules > setup, conf);
    assertTrue(conf.contains("SecAuditEngine Off\n"), conf);
  }

  @Test
  void withoutModSecurityIsTheSameServerWithoutTheModule() {
    ApacheConfig with = new ApacheConfig(ROOT, 18080, MODULES, 16, CRS, ENGINE, false);
    ApacheConfig without = new ApacheConfig(ROOT, 18080, MODULES, 16, null, null, false);
    String conf = without.render();

    assertFalse(conf.contains("security2"), conf);
    assertFalse(conf.matches("(?s).*\\nSec.*"), conf);
    assertFalse(conf.contains("Include"), conf);
    assertEquals(List.of("mpm_event", "authz_core", "alias"), without.moduleNames());
    // every line of the plain server is in the WAF's configuration too
    for (String line : conf.split("\n")) {
      assertTrue(with.render().contains(line), line);
    }
  }

  @Test
  void oneChildWithAFixedThreadPoolKeepsConnectionsOpenAndServesOneFile() {
    String conf = new ApacheConfig(ROOT, 18080, MODULES, 24, null, null, false).render();

    assertTrue(conf.contains("Listen 127.0.0.1:18080\n"), conf);
    assertTrue(conf.contains("ServerLimit 1\n"), conf);
    assertTrue(conf.contains("ThreadsPerChild 24\n"), conf);
    assertTrue(conf.contains("MaxRequestWorkers 24\n"), conf);
    assertTrue(conf.contains("MaxConnectionsPerChild 0\n"), conf);
    assertTrue(conf.contains("MaxKeepAliveRequests 0\n"), conf);
    assertTrue(conf.contains("AliasMatch \"^/.*\" \"" + ROOT.resolve("index.html") + "\"\n"));
    assertFalse(conf.contains("CustomLog"), conf);
  }

  @Test
  void switchesToNobodyOnlyWhenAsked() {
    assertTrue(
        new ApacheConfig(ROOT, 1, MODULES, 1, null, null, true).render().contains("User nobody\n"));
    assertFalse(
        new ApacheConfig(ROOT, 1, MODULES, 1, null, null, false).render().contains("User "));
  }

  @Test
  void refusesModSecurityWithoutItsEngineSettings() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new ApacheConfig(ROOT, 1, MODULES, 16, CRS, null, false));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ApacheConfig(ROOT, 1, MODULES, 0, null, null, false));
  }
}

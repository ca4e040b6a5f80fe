package ai.traceable.tme.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrsSetupTest {
  @TempDir Path dir;

  @Test
  void engineSettingsTurnTheEngineAndBodiesOnAndSetTheParanoiaLevel() {
    String conf = new CrsSetup(dir, 2).engineConf();

    assertTrue(conf.contains("\nSecRuleEngine On\n"), conf);
    assertTrue(conf.contains("\nSecRequestBodyAccess On\n"), conf);
    assertTrue(conf.contains("ctl:requestBodyProcessor=JSON"), conf);
    assertTrue(conf.contains("ctl:requestBodyProcessor=XML"), conf);
    assertTrue(conf.contains("id:900000,") && conf.contains("tx.blocking_paranoia_level=2\""));
  }

  @Test
  void tmeReadsTheEngineSettingsThenTheSetupThenEveryRuleFile() {
    CrsSetup crs = new CrsSetup(dir, 1);
    Path engine = dir.resolve("engine.conf");

    assertEquals(
        engine + "," + dir.resolve("crs-setup.conf.example") + "," + dir.resolve("rules/*.conf"),
        crs.tmeRules(engine));
  }

  @Test
  void validationListsTheRuleFilesInNameOrder() throws IOException {
    Files.writeString(dir.resolve("crs-setup.conf.example"), "");
    Path rules = Files.createDirectories(dir.resolve("rules"));
    for (String name :
        List.of(
            "REQUEST-942-SQLI.conf",
            "REQUEST-901-INIT.conf",
            "sql-errors.data",
            "x.conf.example")) {
      Files.writeString(rules.resolve(name), "");
    }

    assertEquals(
        List.of(rules.resolve("REQUEST-901-INIT.conf"), rules.resolve("REQUEST-942-SQLI.conf")),
        new CrsSetup(dir, 1).validate());
  }

  @Test
  void refusesADirectoryThatIsNotACrsRelease() throws IOException {
    assertThrows(IllegalArgumentException.class, () -> new CrsSetup(dir, 1).validate());
    Files.writeString(dir.resolve("crs-setup.conf.example"), "");
    assertThrows(IllegalArgumentException.class, () -> new CrsSetup(dir, 1).validate());
    assertThrows(IllegalArgumentException.class, () -> new CrsSetup(dir, 5));
  }

  @Test
  void writesTheEngineSettingsOnePerParanoiaLevel() throws IOException {
    Path one = new CrsSetup(dir, 1).writeEngineConf(dir);
    Path two = new CrsSetup(dir, 2).writeEngineConf(dir);

    assertTrue(Files.readString(one).contains("tx.blocking_paranoia_level=1"));
    assertTrue(Files.readString(two).contains("tx.blocking_paranoia_level=2"));
  }
}

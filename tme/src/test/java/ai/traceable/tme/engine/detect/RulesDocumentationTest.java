package ai.traceable.tme.engine.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/rules.md lists every detection rule with the severity and paranoia the code gives it. */
class RulesDocumentationTest {
  @Test
  void everyDetectionRuleIsDocumentedAsImplemented() throws IOException {
    String docs = Files.readString(Path.of("..", "docs", "rules.md"));
    for (Detector d : Detectors.all()) {
      for (DetectionRule r : d.rules()) {
        String row =
            "| `"
                + r.id()
                + "` | "
                + r.attackClass().key()
                + " | "
                + r.severity().name().toLowerCase(java.util.Locale.ROOT)
                + " | "
                + r.paranoia()
                + " |";
        assertThat(docs).as("docs/rules.md row for %s", r.id()).contains(row);
      }
    }
  }
}

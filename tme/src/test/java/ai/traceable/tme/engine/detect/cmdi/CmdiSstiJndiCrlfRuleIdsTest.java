package ai.traceable.tme.engine.detect.cmdi;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.crlf.CrlfDetector;
import ai.traceable.tme.engine.detect.jndi.JndiDetector;
import ai.traceable.tme.engine.detect.ssti.SstiDetector;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Rule ids of the injection detectors: unique, well formed, and of the detector's class. */
class CmdiSstiJndiCrlfRuleIdsTest {
  private static final List<Detector> DETECTORS =
      List.of(new CmdiDetector(), new SstiDetector(), new JndiDetector(), new CrlfDetector());

  @Test
  void idsAreUniqueAndNamedAfterTheirClass() {
    Set<String> seen = new HashSet<>();
    for (Detector d : DETECTORS) {
      Pattern shape = Pattern.compile(Pattern.quote(d.attackClass().key()) + "-\\d{3}");
      assertThat(d.rules()).isNotEmpty();
      for (DetectionRule r : d.rules()) {
        assertThat(r.id()).matches(shape);
        assertThat(r.attackClass()).isEqualTo(d.attackClass());
        assertThat(seen.add(r.id())).as("duplicate %s", r.id()).isTrue();
        assertThat(r.description()).isNotBlank();
      }
    }
  }

  @Test
  void everyDetectorHasACriticalParanoiaOneRule() {
    for (Detector d : DETECTORS) {
      assertThat(d.rules()).anyMatch(r -> r.paranoia() == 1 && r.severity().score() >= 5);
    }
  }
}

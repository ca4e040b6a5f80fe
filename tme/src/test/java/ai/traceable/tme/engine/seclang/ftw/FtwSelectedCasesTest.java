package ai.traceable.tme.engine.seclang.ftw;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.traceable.tme.engine.seclang.CrsFiles;
import ai.traceable.tme.engine.seclang.SecLangResult;
import ai.traceable.tme.engine.seclang.eval.SecLangEvaluator;
import ai.traceable.tme.engine.seclang.parse.SecLangFactories;
import ai.traceable.tme.seclang.SecLangLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Runs only the CRS regression cases named in {@code -Dtme.ftw.cases=941180-7,931100-3} and prints,
 * for each, its verdict and every rule that matched with its variable and data: the tool for
 * analysing one failing case. Skipped unless the property is set.
 */
class FtwSelectedCasesTest {

  @Test
  void runsTheSelectedCases() throws Exception {
    String selected = System.getProperty("tme.ftw.cases", "");
    assumeTrue(!selected.isBlank(), "set -Dtme.ftw.cases=RULE-TEST,... to run");
    Set<String> names = Set.of(selected.split(","));
    Path crs = CrsFiles.dir();
    List<Path> files = new ArrayList<>();
    files.add(
        Path.of(
            Objects.requireNonNull(getClass().getResource("/seclang/crs-regression-setup.conf"))
                .toURI()));
    files.addAll(CrsFiles.setupAndRules());
    SecLangEvaluator evaluator =
        new SecLangEvaluator(new SecLangLoader(SecLangFactories.standard()).load(files));
    FtwRunner runner = new FtwRunner(evaluator);
    for (FtwCase c : FtwSuite.read(crs.resolve("tests/regression/tests"))) {
      if (!names.contains(c.ruleId() + "-" + c.testId())) {
        continue;
      }
      System.out.println("== " + c.name() + " " + runner.run(c).verdict() + " " + runner.run(c));
      if (FtwRequest.build(c.input()) instanceof FtwRequest.Ok ok) {
        SecLangResult result = evaluator.evaluate(ok.request());
        for (SecLangResult.MatchedRule m : result.matches()) {
          System.out.println("   " + m);
        }
      }
    }
  }
}

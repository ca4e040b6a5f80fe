package ai.traceable.tme.engine.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.StagedEngine;
import ai.traceable.tme.rules.RulesLoader;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every corpus request gets the decision its label expects, with the bundled rules. */
class CorpusCaseTest {
  /**
   * Attacks the engine knowingly lets through at paranoia 1, with the reason. Each entry is a
   * decision, not an oversight: removing the reason's cause must remove the entry.
   */
  private static final Map<String, String> KNOWN_MISSES =
      Map.of(
          "scanner-042",
          "GET /console from python-requests: the path is a common application route; only the"
              + " tool's habits give it away");

  private static final StagedEngine ENGINE = RulesLoader.loadBundled().engine(EngineMode.BLOCK);

  static Stream<Corpus.Case> attacks() {
    return Corpus.attacks().stream().filter(c -> !KNOWN_MISSES.containsKey(c.id()));
  }

  static Stream<Corpus.Case> benign() {
    return Corpus.benign().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void attackIsDenied(Corpus.Case c) {
    Decision d = ENGINE.evaluate(c.request());
    assertThat(d).as("%s (%s)", c.id(), c.placement()).isInstanceOf(Decision.Deny.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("benign")
  void benignIsAllowed(Corpus.Case c) {
    Decision d = ENGINE.evaluate(c.request());
    assertThat(d).as("%s findings %s", c.id(), d.findings()).isInstanceOf(Decision.Allow.class);
  }
}

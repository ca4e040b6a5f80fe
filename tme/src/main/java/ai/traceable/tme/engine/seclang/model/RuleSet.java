package ai.traceable.tme.engine.seclang.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A loaded, immutable SecLang rule set: the rules of each phase in file order, the engine settings,
 * and what the loader accepted without acting on it. Safe to share between threads.
 *
 * @param phases the rules (and markers) of phases 1..5 at indices 0..4
 * @param settings the engine directives
 * @param componentSignatures the {@code SecComponentSignature} values
 * @param ignoredDirectives the names of accepted directives that have no effect here, each once
 */
public record RuleSet(
    List<List<Rule>> phases,
    EngineSettings settings,
    List<String> componentSignatures,
    List<String> ignoredDirectives) {

  public RuleSet {
    List<List<Rule>> copy = new ArrayList<>();
    for (List<Rule> phase : phases) {
      copy.add(List.copyOf(phase));
    }
    phases = List.copyOf(copy);
    componentSignatures = List.copyOf(componentSignatures);
    ignoredDirectives = List.copyOf(ignoredDirectives);
  }

  /** The rules and markers of {@code phase} (1..5), in order. */
  public List<Rule> phase(int phase) {
    return phases.get(phase - 1);
  }

  /**
   * The number of rules (chain starters with an operator or {@code SecAction}), markers excluded.
   */
  public int ruleCount() {
    int n = 0;
    for (List<Rule> phase : phases) {
      for (Rule r : phase) {
        n += r.isMarker() ? 0 : 1;
      }
    }
    return n;
  }

  /** The rule with {@code id}, or null. */
  public Rule rule(long id) {
    for (List<Rule> phase : phases) {
      for (Rule r : phase) {
        if (!r.isMarker() && r.id() == id) {
          return r;
        }
      }
    }
    return null;
  }
}

package ai.traceable.tme.cli;

import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.ReloadableEngine;
import ai.traceable.tme.engine.RuleEngine;
import ai.traceable.tme.engine.StagedEngine;
import ai.traceable.tme.engine.WarmUp;
import ai.traceable.tme.engine.policy.limits.PolicyState;
import ai.traceable.tme.rules.RuleSet;
import ai.traceable.tme.seclang.SecLangRules;
import java.util.List;

/**
 * The engine in force, rebuilt from its two reloadable inputs: tme's rules file and the SecLang
 * rules. Either watcher hands its new version here; the other input stays as it was. Thread-safe:
 * rebuilds are serialised, and the swap itself is the {@link ReloadableEngine}'s atomic replace.
 */
final class EngineInForce {
  private final EngineMode mode;
  private final int trustedHops;
  private final PolicyState counters;
  private final ReloadableEngine engine;
  private RuleSet rules;
  private SecLangRules seclang;

  /**
   * @param seclang the SecLang rules, or null when SecLang is off
   */
  EngineInForce(
      EngineMode mode, int trustedHops, PolicyState counters, RuleSet rules, SecLangRules seclang) {
    this.mode = mode;
    this.trustedHops = trustedHops;
    this.counters = counters;
    this.rules = rules;
    this.seclang = seclang;
    StagedEngine first = build();
    first.warmUp(WarmUp.samples(), WarmUp.ROUNDS);
    this.engine = new ReloadableEngine(first);
  }

  ReloadableEngine engine() {
    return engine;
  }

  synchronized void rules(RuleSet next) {
    rules = next;
    engine.replace(build());
  }

  synchronized void seclang(SecLangRules next) {
    seclang = next;
    engine.replace(build());
  }

  private StagedEngine build() {
    List<RuleEngine> ruleEngines = seclang == null ? List.of() : List.of(seclang.engine());
    return rules.engine(mode, trustedHops, counters, ruleEngines);
  }
}

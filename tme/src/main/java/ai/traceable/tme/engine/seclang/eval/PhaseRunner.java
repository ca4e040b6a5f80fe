package ai.traceable.tme.engine.seclang.eval;

import ai.traceable.tme.engine.seclang.SecLangResult;
import ai.traceable.tme.engine.seclang.model.Disruptive;
import ai.traceable.tme.engine.seclang.model.Rule;
import ai.traceable.tme.engine.seclang.model.RuleEngineMode;

/**
 * Runs the rules of one phase in order, with the flow actions ({@code skip}, {@code skipAfter}) and
 * the disruptive ones. In DetectionOnly a disruptive action is recorded as what would have happened
 * and evaluation goes on; with the engine On it ends the transaction ({@code deny}, {@code allow})
 * or the phase ({@code allow:phase}).
 */
final class PhaseRunner {

  private static final int DEFAULT_DENY_STATUS = 403;

  private final Transaction t;
  private final Macros macros;
  private final RuleEvaluator evaluator;
  private final SecLangEvaluator.Outcome outcome;

  PhaseRunner(
      Transaction t, Macros macros, RuleEvaluator evaluator, SecLangEvaluator.Outcome outcome) {
    this.t = t;
    this.macros = macros;
    this.evaluator = evaluator;
    this.outcome = outcome;
  }

  void run(Link[] rules, int phase) {
    int skip = 0;
    for (int i = 0; i < rules.length; i++) {
      Link link = rules[i];
      Rule r = link.rule;
      if (t.engineMode == RuleEngineMode.OFF) {
        outcome.stopped = true;
        return;
      }
      if (r.isMarker()) {
        continue;
      }
      if (skip > 0) {
        skip--;
        continue;
      }
      if (RuleFilters.removed(t, link) || !evaluator.evaluate(link)) {
        continue;
      }
      record(r, phase);
      if (r.disruptive() != Disruptive.PASS && disrupt(r)) {
        return;
      }
      if (r.skipAfter() != null) {
        if (t.engineMode == RuleEngineMode.OFF && i + 1 < rules.length) {
          outcome.stopped = true; // as when the next rule, even one skipped, is reached
          return;
        }
        i = link.skipAfterIndex; // go on after the marker or rule it names
      } else if (r.skip() > 0) {
        skip = r.skip();
      }
    }
  }

  /** Applies the rule's disruptive action; returns true when the phase ends. */
  private boolean disrupt(Rule r) {
    boolean enforced = t.engineMode == RuleEngineMode.ON;
    int status = r.status() > 0 ? r.status() : DEFAULT_DENY_STATUS;
    outcome.disrupt(r.disruptive(), status, r.id(), enforced);
    if (!enforced) {
      return false;
    }
    if (r.disruptive() != Disruptive.ALLOW_PHASE) {
      outcome.stopped = true;
    }
    return true;
  }

  private void record(Rule r, int phase) {
    String msg = r.meta().msg() == null ? "" : macros.expand(r.meta().msg());
    String logdata = r.meta().logdata() == null ? "" : macros.expand(r.meta().logdata());
    outcome.matches.add(
        new SecLangResult.MatchedRule(
            r.id(),
            phase,
            msg,
            logdata,
            r.meta().tags(),
            r.meta().severity(),
            r.meta().log(),
            t.matchedVar == null ? "" : String.valueOf(t.matchedVar.key())));
  }
}

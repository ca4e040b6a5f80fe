package ai.traceable.tme.engine.seclang.eval;

import ai.traceable.tme.engine.seclang.SecLangRequest;
import ai.traceable.tme.engine.seclang.SecLangResult;
import ai.traceable.tme.engine.seclang.model.Disruptive;
import ai.traceable.tme.engine.seclang.model.EngineSettings;
import ai.traceable.tme.engine.seclang.model.RuleEngineMode;
import ai.traceable.tme.engine.seclang.model.RuleSet;
import java.util.List;

/**
 * Runs a {@link RuleSet} over requests: phase 1 (request headers), the request body processor, then
 * phase 2 (request body). Response phases are not evaluated. Immutable and thread-safe; each call
 * works on its own transaction.
 */
public final class SecLangEvaluator {

  private final RuleSet rules;
  private final RulePlan plan;

  public SecLangEvaluator(RuleSet rules) {
    this.rules = rules;
    this.plan = new RulePlan(rules);
  }

  /** The rule set this evaluator runs. */
  public RuleSet rules() {
    return rules;
  }

  /** Evaluates the request phases for {@code request}. */
  public SecLangResult evaluate(SecLangRequest request) {
    EngineSettings settings = rules.settings();
    Transaction t =
        new Transaction(
            plan, request, settings.ruleEngine(), settings.requestBodyAccess(), System.nanoTime());
    Outcome outcome = new Outcome();
    if (t.engineMode != RuleEngineMode.OFF) {
      t.bodyProcessor = t.bodyAccess ? BodyProcessing.initialProcessor(request) : null;
      Macros macros = new Macros(t);
      PhaseRunner runner = new PhaseRunner(t, macros, new RuleEvaluator(t, macros), outcome);
      runner.run(plan.phase(1), 1);
      if (!outcome.stopped) {
        BodyProcessing.process(request, settings, t, outcome);
        t.values.clear();
      }
      if (!outcome.stopped) {
        runner.run(plan.phase(2), 2);
      }
    }
    return new SecLangResult(
        outcome.matches,
        outcome.action,
        outcome.action.denies() ? outcome.status : 0,
        outcome.ruleId,
        outcome.enforced,
        (int) Effects.number(t.tx("blocking_inbound_anomaly_score")));
  }

  /** What the phases decided so far. */
  static final class Outcome {
    final List<SecLangResult.MatchedRule> matches = new java.util.ArrayList<>();
    Disruptive action = Disruptive.PASS;
    int status;
    long ruleId;
    boolean enforced;

    /** Whether no further rule runs (an enforced disruptive action). */
    boolean stopped;

    void disrupt(Disruptive action, int status, long ruleId, boolean enforced) {
      if (this.action == Disruptive.PASS || enforced) {
        this.action = action;
        this.status = status;
        this.ruleId = ruleId;
        this.enforced = enforced;
      }
    }
  }
}

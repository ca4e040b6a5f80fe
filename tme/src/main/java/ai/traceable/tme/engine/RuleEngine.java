package ai.traceable.tme.engine;

import ai.traceable.tme.engine.inspect.Inspection;

/**
 * A rule engine that runs after attack detection, in the "rule engines" stage of a {@link
 * StagedEngine}: the place where a rule language such as SecLang joins the evaluation. There are
 * none by default.
 *
 * <p>Implementations are built once per loaded rule set, immutable and thread-safe, and do no I/O.
 */
public interface RuleEngine {

  /**
   * Evaluates one request that no earlier stage denied, recording each match in {@code evaluation}
   * with {@link Evaluation#add} (or {@link Evaluation#addAll} and {@link Evaluation#deny} for
   * scored matches). An engine stops once {@code add} or {@code deny} returns true (block mode
   * denied the request) and reports every match while {@link Evaluation#complete()} holds.
   */
  void evaluate(Inspection request, Evaluation evaluation);
}

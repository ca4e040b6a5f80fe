package ai.traceable.tme.engine;

import ai.traceable.tme.engine.detect.DetectionStage;
import ai.traceable.tme.engine.inspect.InputExtractor;
import ai.traceable.tme.engine.inspect.Inspection;
import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.engine.inspect.TimeBudget;
import ai.traceable.tme.engine.policy.PolicyStage;
import java.util.List;

/**
 * The engine: evaluates a request in stages, in this order.
 *
 * <ol>
 *   <li><b>inspect</b>: the request as the later stages read it ({@link Inspection}); its values
 *       are extracted and decoded when a stage first asks for them;
 *   <li><b>policies</b> ({@link PolicyStage}): allow-lists, IP lists and sources, rate limits and
 *       enumeration, custom rules and signatures; an allow-list ends evaluation with a clean allow;
 *   <li><b>detection</b> ({@link DetectionStage}): the attack detectors, which deny when the
 *       anomaly score of their blocking findings reaches the threshold;
 *   <li><b>rule engines</b> ({@link RuleEngine}): further rule engines, none by default;
 *   <li><b>decision</b>: a {@link Decision} from what the stages found.
 * </ol>
 *
 * <p>In {@link EngineMode#BLOCK} the first denial ends evaluation: no later stage runs. In {@link
 * EngineMode#MONITOR} every stage runs and the request is allowed, marked with whether block mode
 * would have denied it. In {@link EngineMode#OFF} nothing is evaluated.
 *
 * <p>With a {@link TimeBudget}, the budget is looked at before detection, before the rule engines
 * and every few values inside detection; once it is over, the remaining work is skipped and the
 * decision is made from what was found, marked {@link Decision#partial()}.
 *
 * <p>Immutable and thread-safe; one instance per loaded rule set serves every connection. The only
 * mutable state is in the stages (the policies' rate-limit counters), which are thread-safe.
 */
public final class StagedEngine implements Engine {
  private final EngineMode mode;
  private final InputExtractor extractor;
  private final PolicyStage policies;
  private final DetectionStage detection;
  private final int threshold;
  private final RuleEngine[] ruleEngines;

  /**
   * @param ruleEngines the rule engines stage, run in this order after detection; may be empty
   */
  public StagedEngine(
      EngineMode mode,
      PolicyStage policies,
      DetectionStage detection,
      List<RuleEngine> ruleEngines) {
    this.mode = mode;
    this.extractor = new InputExtractor(detection.settings().limits());
    this.policies = policies;
    this.detection = detection;
    this.threshold = detection.settings().threshold();
    this.ruleEngines = ruleEngines.toArray(new RuleEngine[0]);
  }

  @Override
  public Decision evaluate(RequestView request) {
    return evaluate(request, TimeBudget.NONE);
  }

  @Override
  public Decision evaluate(RequestView request, TimeBudget budget) {
    if (mode == EngineMode.OFF) {
      return Decision.Allow.clean();
    }
    long start = System.nanoTime();
    Inspection inspection = inspect(request, budget);
    Evaluation evaluation = new Evaluation(mode == EngineMode.BLOCK);
    policies.evaluate(inspection, evaluation);
    if (!evaluation.ended() && !budget.over()) {
      detection(inspection, evaluation);
    }
    if (!evaluation.ended() && ruleEngines.length > 0 && !budget.over()) {
      ruleEngines(inspection, evaluation);
    }
    return decision(evaluation, start, budget.exhausted());
  }

  /**
   * Runs the inspection and detection stages (not policies, whose counters would move, and not the
   * rule engines) over {@code samples}, {@code rounds} times, and drops what they find: see {@link
   * WarmUp}.
   */
  public void warmUp(List<RequestView> samples, int rounds) {
    for (int i = 0; i < rounds; i++) {
      for (RequestView sample : samples) {
        detection.inspect(inspect(sample, TimeBudget.NONE), true);
      }
    }
  }

  /** Stage 1: nothing is extracted yet; the inspection does that when a stage first asks. */
  private Inspection inspect(RequestView request, TimeBudget budget) {
    return new Inspection(request, extractor, budget);
  }

  /** Stage 3: attack detection; its findings deny together once their score is high enough. */
  private void detection(Inspection inspection, Evaluation evaluation) {
    DetectionStage.Result detected = detection.inspect(inspection, evaluation.complete());
    if (!detected.findings().isEmpty()) {
      evaluation.addAll(detected.findings());
    }
    if (detected.score() >= threshold) {
      evaluation.deny(Decision.Deny.CONFIGURED_STATUS);
    }
  }

  /** Stage 4: each rule engine in turn, until one ends evaluation. */
  private void ruleEngines(Inspection inspection, Evaluation evaluation) {
    for (RuleEngine engine : ruleEngines) {
      engine.evaluate(inspection, evaluation);
      if (evaluation.ended()) {
        return;
      }
    }
  }

  /**
   * Stage 5: the answer.
   *
   * @param cut whether the time budget ran out and some work was skipped
   */
  private static Decision decision(Evaluation evaluation, long start, boolean cut) {
    if (evaluation.allowed()) {
      return Decision.Allow.clean();
    }
    List<Finding> findings = evaluation.findings();
    if (evaluation.denied()) {
      return new Decision.Deny(findings, false, System.nanoTime() - start, evaluation.status());
    }
    if (findings == null && !cut) {
      return Decision.Allow.clean();
    }
    return new Decision.Allow(
        findings == null ? List.of() : findings,
        evaluation.wouldDeny(),
        false,
        System.nanoTime() - start,
        cut);
  }
}

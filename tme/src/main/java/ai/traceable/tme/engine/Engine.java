package ai.traceable.tme.engine;

import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.engine.inspect.TimeBudget;

/**
 * Decides whether a request may pass.
 *
 * <p>Implementations are immutable or otherwise thread-safe: one instance serves every connection
 * concurrently. {@link #evaluate} must not block on I/O.
 */
@FunctionalInterface
public interface Engine {

  /** Evaluates one request. May throw; {@link FailSafeEngine} turns that into a decision. */
  Decision evaluate(RequestView request);

  /**
   * Evaluates one request within a time budget: once {@code budget} is over, evaluation stops at
   * its next look at the clock and the decision is made from what was found, marked {@link
   * Decision#partial()}. Engines that cannot stop early ignore the budget.
   */
  default Decision evaluate(RequestView request, TimeBudget budget) {
    return evaluate(request);
  }
}

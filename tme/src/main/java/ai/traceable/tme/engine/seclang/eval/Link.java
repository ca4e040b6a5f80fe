package ai.traceable.tme.engine.seclang.eval;

import ai.traceable.tme.engine.seclang.model.Rule;
import ai.traceable.tme.engine.seclang.transform.Transformation;

/**
 * One rule of a chain (or a marker) as the evaluator runs it: the rule with what can be worked out
 * once per rule set instead of once per request. Immutable.
 */
final class Link {
  /** The rule as loaded. */
  final Rule rule;

  /** The index of this chain's starter among all starters, for per-request removal sets. */
  final int starter;

  /** The next rule of the chain, or null. */
  final Link next;

  /** The transformations, in order. */
  final Transformation[] chain;

  /** The node of {@link #chain} in the plan's transformation tree (0: no transformation). */
  final int node;

  /** The operator's bit in the plan's prefilter, or -1 when the prefilter does not cover it. */
  final int slot;

  /**
   * Whether the link can be decided false from the prefilter alone when no value of its variables
   * holds one of its operator's literals: prefiltered, not negated, not multiMatch, and every
   * target a request variable read as values (no {@code &} count).
   */
  final boolean skippable;

  /**
   * For a starter with {@code skipAfter}: the index in its phase of the marker or rule it names
   * (evaluation goes on after it), or the phase's length when none follows.
   */
  final int skipAfterIndex;

  Link(
      Rule rule,
      int starter,
      Link next,
      int node,
      int slot,
      boolean skippable,
      int skipAfterIndex) {
    this.rule = rule;
    this.starter = starter;
    this.next = next;
    this.chain = rule.transformations().toArray(Transformation[]::new);
    this.node = node;
    this.slot = slot;
    this.skippable = skippable;
    this.skipAfterIndex = skipAfterIndex;
  }
}

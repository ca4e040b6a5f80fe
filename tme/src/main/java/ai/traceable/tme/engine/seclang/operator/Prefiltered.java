package ai.traceable.tme.engine.seclang.operator;

import java.util.List;

/**
 * An operator that can only match values containing at least one of a set of literals, so that a
 * rule-set-wide pass can skip it on values that contain none.
 *
 * <p>For the evaluator: collect {@link #requiredLiterals()} of every prefiltered operator into one
 * Aho-Corasick automaton that ignores ASCII case; per transformed value (the literals are about the
 * value the operator sees, after the rule's transformation chain), one pass finds which literals
 * occur; an operator none of whose literals occurred evaluates to false without being run (its
 * rule's negation, if any, still applies: {@code !@rx} is then true). For the others call {@link
 * #matchesPrefiltered}, which skips the operator's own literal check. {@link Operator#matches}
 * stays correct on its own: it runs the same check first. {@link PrefilterIndex} is that pass,
 * ready to use.
 *
 * <p>An empty {@link #requiredLiterals()} means no literal is known (for example an argument that
 * holds macros, {@code %{...}}, or a pattern like {@code ^\\d+$}): such an operator must always be
 * run.
 */
public interface Prefiltered extends Operator {

  /**
   * The literals: byte strings in ASCII lower case, to be found ignoring ASCII case. A value
   * containing none of them does not match. Empty when none is known.
   */
  List<String> requiredLiterals();

  /**
   * {@link #matches} for a value known to contain one of {@link #requiredLiterals()} (the caller
   * has checked); the result is undefined for other values.
   */
  boolean matchesPrefiltered(String value, MatchContext ctx);
}

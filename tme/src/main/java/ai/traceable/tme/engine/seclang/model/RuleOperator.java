package ai.traceable.tme.engine.seclang.model;

import ai.traceable.tme.engine.seclang.operator.Operator;

/**
 * A rule's compiled operator with its negation.
 *
 * @param name the operator name without {@code @} ({@code rx} when the rule gives none)
 * @param argument the argument as written
 * @param negated whether the rule wrote {@code !@name}: a value matches when the operator does not
 * @param operator the compiled operator
 */
public record RuleOperator(String name, String argument, boolean negated, Operator operator) {

  @Override
  public String toString() {
    return (negated ? "!@" : "@") + name + (argument.isEmpty() ? "" : " " + argument);
  }
}

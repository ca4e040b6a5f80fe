package ai.traceable.tme.engine.seclang.parse;

import ai.traceable.tme.engine.seclang.model.ActionSpec;
import ai.traceable.tme.engine.seclang.model.VariableSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A rule as parsed, before compilation: mutable so that later directives can remove it or update
 * its targets and actions. Only the loader sees drafts.
 */
final class RuleDraft {

  final SourceLine source;
  final String marker;
  final List<VariableSpec> variables;
  final String operatorName;
  final String operatorArgument;
  final boolean negated;

  /** The rule's actions merged over the {@code SecDefaultAction} of its phase. */
  List<ActionSpec> actions;

  /** The {@code SecDefaultAction} in force for the rule's phase when it was declared. */
  final List<ActionSpec> phaseDefaults;

  final long id;
  final int phase;
  RuleDraft chained;

  RuleDraft(
      SourceLine source,
      String marker,
      List<VariableSpec> variables,
      String operatorName,
      String operatorArgument,
      boolean negated,
      List<ActionSpec> actions,
      List<ActionSpec> phaseDefaults,
      long id,
      int phase) {
    this.source = source;
    this.marker = marker;
    this.variables = new ArrayList<>(variables);
    this.operatorName = operatorName;
    this.operatorArgument = operatorArgument;
    this.negated = negated;
    this.actions = new ArrayList<>(actions);
    this.phaseDefaults = List.copyOf(phaseDefaults);
    this.id = id;
    this.phase = phase;
  }

  /** A {@code SecMarker}, present in every phase. */
  static RuleDraft marker(SourceLine source, String name) {
    return new RuleDraft(source, name, List.of(), null, null, false, List.of(), List.of(), 0, 0);
  }

  boolean isMarker() {
    return marker != null;
  }

  /** Whether the rule has the {@code chain} action and so expects a following rule. */
  boolean chains() {
    return actions.stream().anyMatch(a -> a.name().equals("chain"));
  }

  /** The values of every action called {@code name}, in order. */
  List<String> values(String name) {
    List<String> values = new ArrayList<>();
    for (ActionSpec a : actions) {
      if (a.name().equals(name)) {
        values.add(a.value());
      }
    }
    return values;
  }

  /** The last rule of this draft's chain. */
  RuleDraft last() {
    RuleDraft r = this;
    while (r.chained != null) {
      r = r.chained;
    }
    return r;
  }
}

package ai.traceable.tme.engine.seclang.eval;

import ai.traceable.tme.engine.seclang.model.Effect;
import ai.traceable.tme.engine.seclang.model.Rule;
import ai.traceable.tme.engine.seclang.model.Variable;
import ai.traceable.tme.engine.seclang.model.VariableSpec;
import ai.traceable.tme.engine.seclang.operator.MatchContext;
import ai.traceable.tme.engine.seclang.operator.Operator;
import ai.traceable.tme.engine.seclang.operator.Prefiltered;
import ai.traceable.tme.engine.seclang.transform.Transformation;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates one chain against a transaction: every value of every target goes through the rule's
 * transformations and operator; each match updates {@code MATCHED_VAR(S)} and runs that rule's
 * setvar/ctl actions at once, as ModSecurity does (so a chain starter's actions run even when a
 * later link fails). The chain matches when every link matched at least once.
 *
 * <p>Values of the request come from the transaction's {@link ValueCache}: transformed once per
 * chain, with the prefilter's answer. A rule whose operator needs literals that no value of its
 * variables holds is decided without looking at the values; one whose literals a value lacks does
 * not run its operator on that value. Neither changes a result: the operator would have said no.
 */
final class RuleEvaluator implements MatchContext {

  private final Transaction t;
  private final Macros macros;

  RuleEvaluator(Transaction t, Macros macros) {
    this.t = t;
    this.macros = macros;
  }

  /** Whether the whole chain of {@code starter} matched. */
  boolean evaluate(Link starter) {
    t.current = starter;
    t.matchedVars.clear();
    for (Link l = starter; l != null; l = l.next) {
      if (!link(l, starter)) {
        return false;
      }
    }
    return true;
  }

  private boolean link(Link l, Link starter) {
    Rule r = l.rule;
    if (r.operator() == null) {
      runEffects(r);
      return true;
    }
    if (l.skippable && !admitsAny(l)) {
      return false;
    }
    t.capturing = r.capture();
    boolean matched = false;
    for (VariableSpec target : r.targets()) {
      for (Entry entry : Targets.resolve(t, target, r, starter)) {
        if (r.multiMatch()) {
          for (String value : everyStep(l, entry.value())) {
            matched |= check(l, entry, value, operatorMatches(l, value));
          }
        } else if (t.values.holds(entry)) {
          String value = t.values.value(entry, l.node);
          boolean result =
              l.slot >= 0
                  ? t.values.admits(entry, l.node, l.slot)
                      && ((Prefiltered) r.operator().operator()).matchesPrefiltered(value, this)
                  : operatorMatches(l, value);
          matched |= check(l, entry, value, result);
        } else {
          String value = transform(l, entry.value());
          matched |= check(l, entry, value, operatorMatches(l, value));
        }
      }
    }
    t.capturing = false;
    return matched;
  }

  /** Whether the prefilter admits the link's operator for some value of one of its targets. */
  private boolean admitsAny(Link l) {
    for (VariableSpec target : l.rule.targets()) {
      if (t.values.admitsAny(target.variable(), l.node, l.slot)) {
        return true;
      }
    }
    return false;
  }

  private boolean operatorMatches(Link l, String value) {
    Operator op = l.rule.operator().operator();
    return op.matches(value, this);
  }

  /** Applies the rule's negation; on a match, records it and runs the rule's effects. */
  private boolean check(Link l, Entry entry, String value, boolean operatorResult) {
    if (operatorResult == l.rule.operator().negated()) {
      return false;
    }
    Entry match = new Entry(Variable.MATCHED_VARS, entry.name(), value);
    t.matchedVar = match;
    t.matchedVars.add(match);
    runEffects(l.rule);
    return true;
  }

  private void runEffects(Rule r) {
    for (Effect e : r.effects()) {
      Effects.run(e, t, macros);
    }
  }

  private static String transform(Link l, String value) {
    for (Transformation tf : l.chain) {
      value = tf.apply(value);
    }
    return value;
  }

  /** For {@code multiMatch}: the value, then each transformation's result that changed it. */
  private static List<String> everyStep(Link l, String value) {
    List<String> values = new ArrayList<>();
    String current = value;
    values.add(current);
    for (Transformation tf : l.chain) {
      String next = tf.apply(current);
      if (!next.equals(current)) {
        values.add(next);
        current = next;
      }
    }
    return values;
  }

  @Override
  public String expand(String textWithMacros) {
    return macros.expand(textWithMacros);
  }

  @Override
  public void capture(int index, String value) {
    if (t.capturing && index >= 0 && index <= 9) {
      t.setTx(Integer.toString(index), value);
    }
  }

  @Override
  public boolean capturing() {
    return t.capturing;
  }
}

package ai.traceable.tme.engine.seclang.eval;

import ai.traceable.tme.engine.seclang.model.Effect;
import ai.traceable.tme.engine.seclang.model.Rule;
import ai.traceable.tme.engine.seclang.model.Variable;
import ai.traceable.tme.engine.seclang.model.VariableSpec;
import ai.traceable.tme.engine.seclang.operator.MatchContext;
import ai.traceable.tme.engine.seclang.transform.Transformation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates one chain against a transaction: every value of every target goes through the rule's
 * transformations and operator; each match updates {@code MATCHED_VAR(S)} and runs that rule's
 * setvar/ctl actions at once, as ModSecurity does (so a chain starter's actions run even when a
 * later link fails). The chain matches when every link matched at least once.
 */
final class RuleEvaluator implements MatchContext {

  /** Variables whose entries change during the transaction, or are created on each read. */
  private static final Set<Variable> UNCACHED =
      EnumSet.of(
          Variable.TX,
          Variable.MATCHED_VARS,
          Variable.MATCHED_VARS_NAMES,
          Variable.MATCHED_VAR,
          Variable.MATCHED_VAR_NAME,
          Variable.RULE,
          Variable.DURATION,
          Variable.UNIQUE_ID,
          Variable.REQBODY_PROCESSOR,
          Variable.HIGHEST_SEVERITY);

  private final Transaction t;
  private final Macros macros;
  private final Map<Rule, String> chainKeys;

  RuleEvaluator(Transaction t, Macros macros, Map<Rule, String> chainKeys) {
    this.t = t;
    this.macros = macros;
    this.chainKeys = chainKeys;
  }

  /** Whether the whole chain of {@code starter} matched. */
  boolean evaluate(Rule starter) {
    t.currentRule = starter;
    t.matchedVars.clear();
    for (Rule r = starter; r != null; r = r.chained()) {
      if (!link(r, starter)) {
        return false;
      }
    }
    return true;
  }

  private boolean link(Rule r, Rule starter) {
    if (r.operator() == null) {
      runEffects(r);
      return true;
    }
    t.capturing = r.capture();
    boolean matched = false;
    for (VariableSpec target : r.targets()) {
      for (Entry entry : Targets.resolve(t, target, r, starter)) {
        for (String value : values(r, entry)) {
          if (r.operator().operator().matches(value, this) != r.operator().negated()) {
            matched = true;
            Entry match = new Entry(Variable.MATCHED_VARS, entry.name(), value);
            t.matchedVar = match;
            t.matchedVars.add(match);
            runEffects(r);
          }
        }
      }
    }
    t.capturing = false;
    return matched;
  }

  private void runEffects(Rule r) {
    for (Effect e : r.effects()) {
      Effects.run(e, t, macros);
    }
  }

  private List<String> values(Rule r, Entry entry) {
    List<Transformation> chain = r.transformations();
    if (chain.isEmpty()) {
      return List.of(entry.value());
    }
    if (r.multiMatch()) {
      List<String> values = new ArrayList<>();
      String current = entry.value();
      values.add(current);
      for (Transformation tf : chain) {
        String next = tf.apply(current);
        if (!next.equals(current)) {
          values.add(next);
          current = next;
        }
      }
      return values;
    }
    return List.of(transformCached(r, entry));
  }

  private String transformCached(Rule r, Entry entry) {
    boolean cacheable = !UNCACHED.contains(entry.variable());
    String key = chainKeys.get(r);
    if (cacheable && key != null) {
      String hit = t.transformed.computeIfAbsent(entry, e -> new HashMap<>()).get(key);
      if (hit != null) {
        return hit;
      }
    }
    String value = entry.value();
    for (Transformation tf : r.transformations()) {
      value = tf.apply(value);
    }
    if (cacheable && key != null) {
      t.transformed.get(entry).put(key, value);
    }
    return value;
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

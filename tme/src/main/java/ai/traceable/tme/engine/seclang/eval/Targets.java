package ai.traceable.tme.engine.seclang.eval;

import ai.traceable.tme.engine.seclang.model.Rule;
import ai.traceable.tme.engine.seclang.model.Selector;
import ai.traceable.tme.engine.seclang.model.Variable;
import ai.traceable.tme.engine.seclang.model.VariableSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one element of a rule's variable list into the entries the operator sees: selector applied,
 * the rule's {@code !VAR:key} exclusions and the targets removed by {@code ctl} taken out, or the
 * number of what is left for {@code &VAR}.
 */
final class Targets {

  private Targets() {}

  static List<Entry> resolve(Transaction t, VariableSpec target, Rule rule, Link starter) {
    Variable v = target.variable();
    // CRS reads single TX entries hundreds of times per request: look them up directly
    List<Entry> all =
        v == Variable.TX && target.selector() instanceof Selector.Key k
            ? t.txEntry(k.source())
            : t.entries(v);
    List<Entry> selected = new ArrayList<>(all.size());
    for (Entry e : all) {
      if (target.selector() != null && (e.key() == null || !target.selector().matches(e.key()))) {
        continue;
      }
      // a scalar (REQUEST_FILENAME, REQUEST_BODY: no key) is taken out by a spec without a key,
      // as CRS's 941010 does with ctl:ruleRemoveTargetByTag=xss-perf-disable;REQUEST_FILENAME
      if (excluded(rule, v, e.key()) || removed(t, starter, v, e.key())) {
        continue;
      }
      selected.add(e);
    }
    if (target.count()) {
      String key = target.selector() == null ? null : keyText(target.selector());
      return List.of(new Entry(v, key, Integer.toString(selected.size())));
    }
    return selected;
  }

  private static String keyText(Selector s) {
    return s instanceof Selector.KeyPattern p ? "/" + p.source() + "/" : s.source();
  }

  private static boolean excluded(Rule rule, Variable v, String key) {
    for (VariableSpec x : rule.exclusions()) {
      if (x.excludes(v, key)) {
        return true;
      }
    }
    return false;
  }

  private static boolean removed(Transaction t, Link starter, Variable v, String key) {
    for (Transaction.TargetRemoval r : t.removedTargets) {
      if (r.starters().get(starter.starter) && matchesAny(r.targets(), v, key)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesAny(List<VariableSpec> specs, Variable v, String key) {
    for (VariableSpec s : specs) {
      if (s.variable() == v
          && (s.selector() == null || (key != null && s.selector().matches(key)))) {
        return true;
      }
    }
    return false;
  }
}

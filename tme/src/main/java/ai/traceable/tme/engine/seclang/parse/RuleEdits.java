package ai.traceable.tme.engine.seclang.parse;

import ai.traceable.tme.engine.seclang.model.ActionSpec;
import ai.traceable.tme.engine.seclang.model.IdRanges;
import ai.traceable.tme.engine.seclang.model.VariableSpec;
import com.google.re2j.Pattern;
import java.util.List;
import java.util.function.Predicate;

/**
 * The directives that change rules already loaded: {@code SecRuleRemoveBy*}, {@code
 * SecRuleUpdateTargetBy*} and {@code SecRuleUpdateActionById}. As in ModSecurity they act on the
 * rules defined before them; naming a rule that does not exist is not an error, so that exclusion
 * files written for a larger rule set still load.
 */
final class RuleEdits {

  private final List<RuleDraft> rules;

  RuleEdits(List<RuleDraft> rules) {
    this.rules = rules;
  }

  void removeById(List<String> args) {
    IdRanges ids = IdRanges.parse(String.join(" ", args));
    rules.removeIf(r -> !r.isMarker() && ids.contains(r.id));
  }

  void removeByTagOrMsg(String regex, boolean byMsg) {
    rules.removeIf(tagOrMsg(regex, byMsg));
  }

  void updateTargetById(String ids, String targets, String replaced) {
    IdRanges range = IdRanges.parse(ids);
    updateTargets(r -> range.contains(r.id), targets, replaced);
  }

  void updateTargetByTagOrMsg(String regex, boolean byMsg, String targets, String replaced) {
    updateTargets(tagOrMsg(regex, byMsg), targets, replaced);
  }

  void updateActionById(String id, String actionText) {
    if (id.contains(":")) {
      throw new IllegalArgumentException("updating a chained rule by offset is not supported");
    }
    IdRanges range = IdRanges.parse(id);
    List<ActionSpec> update = ActionParser.parse(actionText);
    for (ActionSpec a : update) {
      if (a.name().equals("id") || a.name().equals("phase") || a.name().equals("chain")) {
        throw new IllegalArgumentException(a.name() + " cannot be changed by an update");
      }
    }
    for (RuleDraft r : rules) {
      if (!r.isMarker() && range.contains(r.id)) {
        r.actions = ActionLists.merge(r.actions, update);
      }
    }
  }

  private void updateTargets(Predicate<RuleDraft> which, String targets, String replaced) {
    List<VariableSpec> added = VariableParser.parse(targets);
    List<VariableSpec> old = replaced == null ? null : VariableParser.parse(replaced);
    for (RuleDraft r : rules) {
      if (r.isMarker() || r.variables.isEmpty() || !which.test(r)) {
        continue;
      }
      if (old != null) {
        int at = r.variables.indexOf(old.get(0));
        if (at >= 0) {
          r.variables.remove(at);
          r.variables.addAll(at, added);
        }
        continue;
      }
      for (VariableSpec v : added) {
        if (!r.variables.contains(v)) {
          r.variables.add(v);
        }
      }
    }
  }

  private static Predicate<RuleDraft> tagOrMsg(String regex, boolean byMsg) {
    Pattern pattern = Pattern.compile(regex);
    return r -> {
      if (r.isMarker()) {
        return false;
      }
      if (byMsg) {
        String msg = ActionLists.last(r.actions, "msg");
        return msg != null && pattern.matcher(msg).find();
      }
      return r.values("tag").stream().anyMatch(t -> t != null && pattern.matcher(t).find());
    };
  }
}

package ai.traceable.tme.engine.seclang.eval;

import ai.traceable.tme.engine.seclang.model.Ctl;
import ai.traceable.tme.engine.seclang.model.IdRanges;
import ai.traceable.tme.engine.seclang.model.Rule;
import com.google.re2j.Pattern;

/** Whether {@code ctl:ruleRemoveBy*} took a rule out of the current transaction. */
final class RuleFilters {

  private RuleFilters() {}

  static boolean removed(Transaction t, Rule rule) {
    for (IdRanges ids : t.removedIds) {
      if (ids.contains(rule.id())) {
        return true;
      }
    }
    for (Ctl.RemoveByTagOrMsg r : t.removedByTag) {
      if (tagOrMsgMatches(rule, r.pattern(), r.byMsg())) {
        return true;
      }
    }
    return false;
  }

  /** Whether a tag (or the message, as written) of {@code rule} contains a match of the pattern. */
  static boolean tagOrMsgMatches(Rule rule, Pattern pattern, boolean byMsg) {
    if (byMsg) {
      return rule.meta().msg() != null && pattern.matcher(rule.meta().msg().source()).find();
    }
    for (String tag : rule.meta().tags()) {
      if (pattern.matcher(tag).find()) {
        return true;
      }
    }
    return false;
  }
}

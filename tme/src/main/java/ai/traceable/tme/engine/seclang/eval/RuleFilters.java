package ai.traceable.tme.engine.seclang.eval;

import ai.traceable.tme.engine.seclang.model.Rule;
import com.google.re2j.Pattern;

/**
 * Whether {@code ctl:ruleRemoveBy*} took a rule out of the current transaction. Which rules a ctl
 * names is worked out once per rule set ({@link RulePlan#removes}); a transaction only keeps the
 * union of what ran.
 */
final class RuleFilters {

  private RuleFilters() {}

  static boolean removed(Transaction t, Link starter) {
    return t.removed != null && t.removed.get(starter.starter);
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

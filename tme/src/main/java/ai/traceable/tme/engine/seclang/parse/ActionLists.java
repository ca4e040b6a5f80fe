package ai.traceable.tme.engine.seclang.parse;

import ai.traceable.tme.engine.seclang.model.ActionSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges action lists the way ModSecurity applies {@code SecDefaultAction} and {@code
 * SecRuleUpdateActionById}: an action of the later list replaces the earlier actions of its group
 * (one disruptive action, one {@code msg}, one {@code log}/{@code nolog}, ...), actions that may
 * repeat ({@code tag}, {@code setvar}, {@code t}) are appended, and {@code t:none} drops the
 * transformations before it.
 */
final class ActionLists {

  private ActionLists() {}

  static List<ActionSpec> merge(List<ActionSpec> base, List<ActionSpec> over) {
    List<ActionSpec> merged = new ArrayList<>(base);
    for (ActionSpec action : over) {
      String group = ActionNames.group(action.name());
      if (group != null) {
        merged.removeIf(a -> group.equals(ActionNames.group(a.name())));
      }
      merged.add(action);
    }
    return merged;
  }

  /** The value of the last action called {@code name}, or null. */
  static String last(List<ActionSpec> actions, String name) {
    String value = null;
    for (ActionSpec a : actions) {
      if (a.name().equals(name)) {
        value = a.value() == null ? "" : a.value();
      }
    }
    return value;
  }
}

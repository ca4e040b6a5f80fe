package ai.traceable.tme.engine.seclang.parse;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The actions the parser accepts, by kind, with their canonical spelling. */
final class ActionNames {

  /** Actions that take effect at evaluation time or describe the rule. */
  static final Set<String> INTERPRETED =
      Set.of(
          "id",
          "phase",
          "msg",
          "logdata",
          "tag",
          "severity",
          "ver",
          "rev",
          "maturity",
          "accuracy",
          "chain",
          "skip",
          "skipAfter",
          "capture",
          "multiMatch",
          "t",
          "setvar",
          "ctl",
          "status",
          "block",
          "deny",
          "pass",
          "allow",
          "drop",
          "redirect",
          "proxy",
          "log",
          "nolog",
          "auditlog",
          "noauditlog");

  /**
   * Accepted and ignored: logging detail, persistent collections, sanitising the audit log,
   * external programs and environment. None of them changes a request decision here.
   */
  static final Set<String> IGNORED =
      Set.of(
          "sanitiseArg",
          "sanitiseMatched",
          "sanitiseMatchedBytes",
          "sanitiseRequestHeader",
          "sanitiseResponseHeader",
          "initcol",
          "setuid",
          "setsid",
          "setrsc",
          "expirevar",
          "deprecatevar",
          "exec",
          "setenv",
          "append",
          "prepend",
          "xmlns",
          "pause");

  /** Disruptive actions: at most one per rule takes effect. */
  static final Set<String> DISRUPTIVE =
      Set.of("block", "deny", "pass", "allow", "drop", "redirect", "proxy");

  private static final Map<String, String> CANONICAL = new HashMap<>();

  static {
    for (String name : INTERPRETED) {
      CANONICAL.put(name.toLowerCase(Locale.ROOT), name);
    }
    for (String name : IGNORED) {
      CANONICAL.put(name.toLowerCase(Locale.ROOT), name);
    }
  }

  private ActionNames() {}

  /** The canonical spelling of an action name. */
  static String canonical(String name) {
    String canonical = CANONICAL.get(name.toLowerCase(Locale.ROOT));
    if (canonical == null) {
      throw new IllegalArgumentException("unknown action: " + name);
    }
    return canonical;
  }

  /**
   * The group an action belongs to when action lists are merged: a later action of the same group
   * replaces an earlier one. Actions that may repeat (t, tag, setvar, ctl, ...) have no group.
   */
  static String group(String name) {
    if (DISRUPTIVE.contains(name)) {
      return "disruptive";
    }
    return switch (name) {
      case "log", "nolog" -> "log";
      case "auditlog", "noauditlog" -> "auditlog";
      case "id",
          "phase",
          "msg",
          "logdata",
          "severity",
          "ver",
          "rev",
          "maturity",
          "accuracy",
          "chain",
          "skip",
          "skipAfter",
          "capture",
          "multiMatch",
          "status" ->
          name;
      default -> null;
    };
  }
}

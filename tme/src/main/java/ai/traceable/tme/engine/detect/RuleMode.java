package ai.traceable.tme.engine.detect;

import java.util.Locale;

/** What a rules file asks of a detection rule or a whole attack class. */
public enum RuleMode {
  /** Findings count towards the anomaly score that blocks. */
  BLOCK,
  /** Findings are reported (shadow mode) but never count towards blocking. */
  MONITOR,
  /** The rule does not run. */
  DISABLED;

  public static RuleMode parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "block" -> BLOCK;
      case "monitor" -> MONITOR;
      case "disabled", "off" -> DISABLED;
      default ->
          throw new IllegalArgumentException(
              "unknown mode '" + value + "' (expected one of block, monitor, disabled)");
    };
  }
}

package ai.traceable.tme.engine.seclang.model;

import java.util.Locale;

/** {@code SecRuleEngine}: whether rules run, and whether their disruptive actions take effect. */
public enum RuleEngineMode {
  ON,
  DETECTION_ONLY,
  OFF;

  /** Parses {@code On}, {@code Off} or {@code DetectionOnly} (case-insensitive). */
  public static RuleEngineMode parse(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "on" -> ON;
      case "off" -> OFF;
      case "detectiononly" -> DETECTION_ONLY;
      default -> throw new IllegalArgumentException("expected On, Off or DetectionOnly: " + text);
    };
  }
}

package ai.traceable.tme.engine;

import java.util.Locale;

/** What a matching rule asks for. */
public enum RuleAction {
  /** Deny the request when the engine runs in block mode. */
  BLOCK,
  /** Record the finding but never deny, whatever the global mode. */
  MONITOR;

  /** Parses {@code block} / {@code monitor}, case-insensitively. */
  public static RuleAction parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown rule action '" + value + "' (expected block or monitor)", e);
    }
  }
}

package ai.traceable.tme.engine;

/** The global enforcement mode. */
public enum EngineMode {
  /** Deny requests that match a blocking rule. */
  BLOCK,
  /** Evaluate every rule and record what would have been denied, but allow everything. */
  MONITOR,
  /** Do not evaluate; allow everything. */
  OFF;

  /** Parses {@code block} / {@code monitor} / {@code off}, case-insensitively. */
  public static EngineMode parse(String value) {
    return EnumNames.parse(EngineMode.class, "engine mode", value);
  }
}

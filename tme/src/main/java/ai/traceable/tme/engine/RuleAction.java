package ai.traceable.tme.engine;

/** What a matching rule asks for. */
public enum RuleAction {
  /** Deny the request when the engine runs in block mode. */
  BLOCK,
  /** Record the finding but never deny, whatever the global mode. */
  MONITOR;

  /** Parses {@code block} / {@code monitor}, case-insensitively. */
  public static RuleAction parse(String value) {
    return EnumNames.parse(RuleAction.class, "rule action", value);
  }
}

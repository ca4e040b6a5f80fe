package ai.traceable.tme.engine.seclang.model;

/**
 * One action as written in a rule's action list, before interpretation.
 *
 * @param name the action name in its canonical spelling ({@code multiMatch}, {@code skipAfter})
 * @param value the argument after {@code :}, unquoted, or null when there is none
 */
public record ActionSpec(String name, String value) {

  @Override
  public String toString() {
    return value == null ? name : name + ":" + value;
  }
}

package ai.traceable.tme.engine.seclang.model;

/**
 * One element of a rule's variable list: {@code ARGS}, {@code ARGS:id}, {@code !ARGS:id} (an
 * exclusion) or {@code &ARGS} (the number of entries).
 *
 * @param variable the variable
 * @param selector the selected entries, or null for all of them
 * @param count whether the value is the number of selected entries
 * @param exclusion whether this element removes entries from the other elements of the variable
 */
public record VariableSpec(Variable variable, Selector selector, boolean count, boolean exclusion) {

  /** Whether this exclusion removes the entry {@code key} of {@code v}. */
  public boolean excludes(Variable v, String key) {
    return v == variable && (selector == null || (key != null && selector.matches(key)));
  }

  @Override
  public String toString() {
    String prefix = exclusion ? "!" : count ? "&" : "";
    if (selector == null) {
      return prefix + variable;
    }
    String sel =
        selector instanceof Selector.KeyPattern p ? "/" + p.source() + "/" : selector.source();
    return prefix + variable + ":" + sel;
  }
}

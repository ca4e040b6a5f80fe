package ai.traceable.tme.engine.seclang.operator;

/**
 * A SecLang operator ({@code @rx}, {@code @pm}, ...) compiled once from its argument. Immutable and
 * thread-safe; {@link #matches} runs in time linear in the value (plus the argument's length for
 * operators whose argument holds macros) and never throws on any value.
 *
 * <p>Negation ({@code !@rx}) and the implicit {@code @rx} of a rule without an operator belong to
 * the rule model, not to operators.
 */
public interface Operator {

  /**
   * Whether {@code value} (a byte string: chars 0..255, after the rule's transformations) matches.
   */
  boolean matches(String value, MatchContext ctx);
}

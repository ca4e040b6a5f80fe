package ai.traceable.tme.engine.seclang.operator;

/**
 * A compiled SecLang operator ({@code @rx}, {@code @pm}, ...). Negation is applied by the rule, not
 * here. Implementations are immutable and thread-safe; per-transaction state goes through the
 * {@link MatchContext}.
 */
public interface Operator {

  /** Whether the byte string {@code value} matches. */
  boolean matches(String value, MatchContext ctx);
}

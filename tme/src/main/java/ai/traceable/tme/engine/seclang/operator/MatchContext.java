package ai.traceable.tme.engine.seclang.operator;

/**
 * What an operator may ask of the rule evaluation it runs in. Implemented by the evaluator; one per
 * evaluation, used from one thread.
 */
public interface MatchContext {

  /** {@code textWithMacros} with its {@code %{...}} macros replaced by their current values. */
  String expand(String textWithMacros);

  /**
   * Records capture {@code index} (0 for the whole match, up to 9), as {@code TX.index}. Operators
   * call it only when {@link #capturing()} is true, in increasing index order, for every group up
   * to the last one that took part in the match (non-participating ones as empty strings); clearing
   * the higher indexes left from earlier matches, as ModSecurity does, is the caller's part.
   */
  void capture(int index, String value);

  /** Whether the rule has the {@code capture} action. */
  boolean capturing();
}

package ai.traceable.tme.engine.seclang.operator;

/** What an operator may use of the transaction it runs in: macro expansion and captures. */
public interface MatchContext {

  /** Expands {@code %{COLLECTION.key}} macros against the current transaction. */
  String expand(String textWithMacros);

  /** Stores a capture group into {@code TX.index} (0..9). */
  void capture(int index, String value);

  /** Whether the running rule has the {@code capture} action. */
  boolean capturing();
}

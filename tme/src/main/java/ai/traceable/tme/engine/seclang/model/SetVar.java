package ai.traceable.tme.engine.seclang.model;

/**
 * A {@code setvar} action: {@code tx.name=value}, {@code =+n}, {@code =-n}, or {@code !tx.name}.
 *
 * @param collection the collection name, upper-case ({@code TX})
 * @param name the entry name, possibly with macros
 * @param op what to do
 * @param value the value, possibly with macros; empty for {@link Op#DELETE}
 */
public record SetVar(String collection, Macro name, Op op, Macro value) implements Effect {

  /** The kind of assignment. */
  public enum Op {
    SET,
    ADD,
    SUBTRACT,
    DELETE
  }
}

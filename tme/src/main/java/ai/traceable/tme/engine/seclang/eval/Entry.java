package ai.traceable.tme.engine.seclang.eval;

import ai.traceable.tme.engine.seclang.model.Variable;

/**
 * One value a variable yields: {@code ARGS:id = 5}, or a scalar such as {@code REQUEST_URI}.
 * Entries of the request are created once per transaction and carry their position in their
 * variable ({@link #index()}), so transformation results and prefilter answers can be cached per
 * entry; entries made on each read ({@code TX}, {@code MATCHED_VAR}, counts) have no position and
 * are not cached. Immutable; compared by identity.
 */
public final class Entry {
  private final Variable variable;
  private final String key;
  private final String value;
  private final int index;

  /**
   * An entry made on read, without a cache position.
   *
   * @param variable the variable
   * @param key the entry name within a collection, or null for scalars
   * @param value the byte-string value
   */
  public Entry(Variable variable, String key, String value) {
    this(variable, key, value, -1);
  }

  Entry(Variable variable, String key, String value, int index) {
    this.variable = variable;
    this.key = key;
    this.value = value;
    this.index = index;
  }

  /** The variable. */
  public Variable variable() {
    return variable;
  }

  /** The entry name within a collection, or null for scalars. */
  public String key() {
    return key;
  }

  /** The byte-string value. */
  public String value() {
    return value;
  }

  /** The position among the request entries of its variable, or -1 when not cached. */
  int index() {
    return index;
  }

  /** The name as ModSecurity reports it in {@code MATCHED_VAR_NAME}: {@code ARGS:id}. */
  public String name() {
    return key == null ? variable.name() : variable.name() + ":" + key;
  }

  @Override
  public String toString() {
    return name() + "=" + value;
  }
}

package ai.traceable.tme.engine.seclang.eval;

import ai.traceable.tme.engine.seclang.model.Variable;

/**
 * One value a variable yields: {@code ARGS:id = 5}, or a scalar such as {@code REQUEST_URI}.
 * Entries of the request are created once per transaction, so a transformation result can be cached
 * by entry identity.
 *
 * @param variable the variable
 * @param key the entry name within a collection, or null for scalars
 * @param value the byte-string value
 */
public record Entry(Variable variable, String key, String value) {

  /** The name as ModSecurity reports it in {@code MATCHED_VAR_NAME}: {@code ARGS:id}. */
  public String name() {
    return key == null ? variable.name() : variable.name() + ":" + key;
  }
}

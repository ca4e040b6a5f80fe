package ai.traceable.tme.engine.seclang.eval;

import ai.traceable.tme.engine.seclang.model.Macro;
import ai.traceable.tme.engine.seclang.model.Variable;
import java.util.HashMap;
import java.util.Map;

/**
 * Expands macros against a transaction: {@code %{TX.score}} is the value of that TX entry, {@code
 * %{REQUEST_HEADERS.host}} the first header of that name, {@code %{MATCHED_VAR}} the last match; a
 * reference with no value expands to nothing.
 */
final class Macros {

  private final Transaction t;
  private final Map<String, Macro> parsed = new HashMap<>();

  Macros(Transaction t) {
    this.t = t;
  }

  String expand(Macro macro) {
    if (macro.constant()) {
      return macro.source();
    }
    return macro.expand(this::value);
  }

  /** Expands text that operators hand over at match time; parses each distinct text once. */
  String expand(String text) {
    if (text.indexOf("%{") < 0) {
      return text;
    }
    return expand(parsed.computeIfAbsent(text, Macro::parse));
  }

  private String value(Variable v, String key) {
    if (key == null) {
      if (v.collection()) {
        return null;
      }
      Entry e = t.scalar(v);
      return e == null ? null : e.value();
    }
    if (v == Variable.TX) {
      return t.tx(key);
    }
    for (Entry e : t.entries(v)) {
      if (e.key() != null && e.key().equalsIgnoreCase(key)) {
        return e.value();
      }
    }
    return null;
  }
}

package ai.traceable.tme.engine.seclang.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Text with {@code %{VARIABLE}} and {@code %{COLLECTION.key}} references, parsed once. A reference
 * to an unknown variable stays in the text as written, as ModSecurity leaves it.
 */
public final class Macro {

  /** One piece of a macro: literal text, or a reference to expand. */
  public sealed interface Part {}

  /** Literal text. */
  public record Text(String text) implements Part {}

  /** A reference: a variable, and the key for collections (null for scalars). */
  public record Ref(Variable variable, String key) implements Part {}

  private final String source;
  private final List<Part> parts;

  private Macro(String source, List<Part> parts) {
    this.source = source;
    this.parts = List.copyOf(parts);
  }

  /** Parses {@code text}; never fails. */
  public static Macro parse(String text) {
    List<Part> parts = new ArrayList<>();
    int i = 0;
    StringBuilder literal = new StringBuilder();
    while (i < text.length()) {
      int open = text.indexOf("%{", i);
      int close = open < 0 ? -1 : text.indexOf('}', open + 2);
      if (open < 0 || close < 0) {
        literal.append(text, i, text.length());
        break;
      }
      literal.append(text, i, open);
      Ref ref = ref(text.substring(open + 2, close));
      if (ref == null) {
        literal.append(text, open, close + 1);
      } else {
        if (literal.length() > 0) {
          parts.add(new Text(literal.toString()));
          literal.setLength(0);
        }
        parts.add(ref);
      }
      i = close + 1;
    }
    if (literal.length() > 0) {
      parts.add(new Text(literal.toString()));
    }
    return new Macro(text, parts);
  }

  private static Ref ref(String name) {
    int dot = name.indexOf('.');
    if (dot < 0) {
      dot = name.indexOf(':');
    }
    String var = dot < 0 ? name : name.substring(0, dot);
    Variable variable = Variable.byName(var.strip());
    if (variable == null) {
      return null;
    }
    return new Ref(variable, dot < 0 ? null : name.substring(dot + 1));
  }

  /** The text as written. */
  public String source() {
    return source;
  }

  /** Whether the text has no reference, so expanding it returns it unchanged. */
  public boolean constant() {
    return parts.stream().noneMatch(p -> p instanceof Ref);
  }

  /** The parsed pieces, in order. */
  public List<Part> parts() {
    return parts;
  }

  /**
   * Expands the references with {@code resolve(variable, key)}, which returns the value or null
   * when there is none (expanded to the empty string).
   */
  public String expand(BiFunction<Variable, String, String> resolve) {
    if (parts.size() == 1 && parts.get(0) instanceof Text t) {
      return t.text();
    }
    StringBuilder out = new StringBuilder();
    for (Part part : parts) {
      if (part instanceof Text t) {
        out.append(t.text());
      } else if (part instanceof Ref r) {
        String value = resolve.apply(r.variable(), r.key());
        if (value != null) {
          out.append(value);
        }
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return source;
  }
}

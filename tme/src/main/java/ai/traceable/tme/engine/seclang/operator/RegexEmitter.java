package ai.traceable.tme.engine.seclang.operator;

import ai.traceable.tme.engine.seclang.operator.RegexNode.Alternation;
import ai.traceable.tme.engine.seclang.operator.RegexNode.Assertion;
import ai.traceable.tme.engine.seclang.operator.RegexNode.Chars;
import ai.traceable.tme.engine.seclang.operator.RegexNode.Concat;
import ai.traceable.tme.engine.seclang.operator.RegexNode.Group;
import ai.traceable.tme.engine.seclang.operator.RegexNode.Repeat;

/**
 * Writes a parsed expression back as an RE2/J pattern that needs no flags: case folding, dot and
 * anchor semantics are spelled out (character classes of bytes, {@code \\z}, {@code (?m:^)}), so
 * RE2/J's own rules (Unicode case folding, its {@code \\s}) never come into play. Capturing groups
 * keep their order, so capture numbers stay those of the original pattern.
 */
final class RegexEmitter {
  private RegexEmitter() {}

  static String emit(RegexNode node) {
    StringBuilder out = new StringBuilder();
    write(node, out);
    return out.toString();
  }

  private static void write(RegexNode node, StringBuilder out) {
    if (node instanceof Chars c) {
      c.set().appendTo(out);
    } else if (node instanceof Concat c) {
      for (RegexNode item : c.items()) {
        if (item instanceof Alternation) {
          out.append("(?:");
          write(item, out);
          out.append(')');
        } else {
          write(item, out);
        }
      }
    } else if (node instanceof Alternation a) {
      for (int k = 0; k < a.alternatives().size(); k++) {
        if (k > 0) {
          out.append('|');
        }
        write(a.alternatives().get(k), out);
      }
    } else if (node instanceof Repeat r) {
      out.append("(?:");
      write(r.item(), out);
      out.append(')');
      quantifier(r, out);
    } else if (node instanceof Group g) {
      out.append(g.capturing() ? "(" : "(?:");
      write(g.item(), out);
      out.append(')');
    } else if (node instanceof Assertion a) {
      out.append(a.kind().re2);
    }
  }

  private static void quantifier(Repeat r, StringBuilder out) {
    if (r.min() == 0 && r.max() == -1) {
      out.append('*');
    } else if (r.min() == 1 && r.max() == -1) {
      out.append('+');
    } else if (r.min() == 0 && r.max() == 1) {
      out.append('?');
    } else {
      out.append('{').append(r.min());
      if (r.max() != r.min()) {
        out.append(',');
        if (r.max() >= 0) {
          out.append(r.max());
        }
      }
      out.append('}');
    }
    if (!r.greedy()) {
      out.append('?');
    }
  }
}

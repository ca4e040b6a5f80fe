package ai.traceable.tme.engine.seclang.operator;

/**
 * Reads one bracketed class ({@code [...]}, after its '[') for {@link RegexParser}, with PCRE's
 * rules: a ']' first is a literal, '[' inside is a literal unless it opens a POSIX class, a '-'
 * next to a shorthand class is a literal, {@code \\b} is backspace, and case folding applies before
 * negation.
 */
final class ClassParser {
  private final RegexParser r;
  private final ByteSet set = new ByteSet();

  ClassParser(RegexParser parser) {
    this.r = parser;
  }

  ByteSet parse() {
    boolean negated = r.more() && r.peek() == '^';
    if (negated) {
      r.i++;
    }
    boolean first = true;
    while (true) {
      if (!r.more()) {
        throw r.error("missing ]");
      }
      char c = r.p.charAt(r.i);
      if (c == ']' && !first) {
        r.i++;
        break;
      }
      first = false;
      item();
    }
    if (r.caseless) {
      set.foldAsciiCase();
    }
    return negated ? set.negated() : set;
  }

  private void item() {
    if (r.lookingAt("[:")) {
      int close = r.p.indexOf(":]", r.i + 2);
      if (close > 0) {
        String name = r.p.substring(r.i + 2, close);
        r.i = close + 2;
        boolean neg = name.startsWith("^");
        ByteSet posix = ByteClasses.posix(neg ? name.substring(1) : name);
        if (posix == null) {
          throw r.error("unknown POSIX class [:" + name + ":]");
        }
        set.addAll(neg ? posix.negated() : posix);
        return;
      }
    }
    int lo = single();
    if (lo < 0) {
      return; // a shorthand class was added
    }
    if (r.lookingAt("-") && r.i + 1 < r.p.length() && r.p.charAt(r.i + 1) != ']') {
      int save = r.i;
      r.i++;
      int hi = single();
      if (hi < 0) {
        // "[a-\d]": PCRE reads the '-' as a literal
        set.add(lo);
        set.add('-');
        return;
      }
      if (hi < lo) {
        r.i = save;
        throw r.error("range out of order in class");
      }
      set.addRange(lo, hi);
      return;
    }
    set.add(lo);
  }

  /** One class character, or -1 after adding a shorthand class such as {@code \\d}. */
  private int single() {
    char c = r.p.charAt(r.i++);
    if (c != '\\') {
      return c;
    }
    if (!r.more()) {
      throw r.error("trailing backslash");
    }
    char e = r.p.charAt(r.i++);
    if (e == 'b') {
      return '\b';
    }
    ByteSet shorthand = ByteClasses.shorthand(e);
    if (shorthand != null) {
      set.addAll(shorthand);
      return -1;
    }
    return r.escapedChar(e, true);
  }
}

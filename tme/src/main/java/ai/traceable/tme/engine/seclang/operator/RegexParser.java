package ai.traceable.tme.engine.seclang.operator;

import ai.traceable.tme.engine.seclang.operator.RegexNode.Alternation;
import ai.traceable.tme.engine.seclang.operator.RegexNode.Assertion;
import ai.traceable.tme.engine.seclang.operator.RegexNode.Chars;
import ai.traceable.tme.engine.seclang.operator.RegexNode.Concat;
import ai.traceable.tme.engine.seclang.operator.RegexNode.Group;
import ai.traceable.tme.engine.seclang.operator.RegexNode.Kind;
import ai.traceable.tme.engine.seclang.operator.RegexNode.Repeat;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the regular expressions of SecLang rules: the syntax PCRE and RE2 share, read with the
 * meaning PCRE gives it under ModSecurity's options (PCRE_DOTALL | PCRE_DOLLAR_ENDONLY, no UTF
 * mode, C-locale character tables). Constructs RE2 cannot run in linear time (back references,
 * look-around, atomic groups, possessive quantifiers, recursion) are rejected with a reason.
 *
 * <p>Byte semantics settled here: a dot matches every byte, newline included, unless {@code (?-s)};
 * {@code $} matches only at the very end unless {@code (?m)}; {@code (?i)} folds ASCII letters only
 * (PCRE's C-locale tables do not fold {@code À}/{@code à}, RE2's Unicode folding would); {@code
 * \\s} includes VT (0x0B) as in PCRE2; {@code \\v} and {@code \\h} are PCRE's vertical and
 * horizontal space classes. Not thread-safe; one instance per pattern.
 */
final class RegexParser {
  /** The largest repetition count RE2 accepts. */
  private static final int MAX_REPEAT = 1000;

  final String p;
  int i;
  boolean caseless;
  private boolean multiline;
  private boolean dotAll = true;
  private boolean ungreedy;

  private RegexParser(String pattern) {
    this.p = pattern;
  }

  /**
   * Parses {@code pattern}.
   *
   * @throws IllegalArgumentException with the offset and the reason when the pattern is invalid or
   *     needs a construct without a linear-time implementation
   */
  static RegexNode parse(String pattern) {
    RegexParser parser = new RegexParser(pattern);
    RegexNode node = parser.alternation();
    if (parser.i < pattern.length()) {
      throw parser.error("unmatched )");
    }
    return node;
  }

  IllegalArgumentException error(String reason) {
    return new IllegalArgumentException(reason + " at offset " + i);
  }

  boolean more() {
    return i < p.length();
  }

  char peek() {
    return p.charAt(i);
  }

  boolean lookingAt(String s) {
    return p.startsWith(s, i);
  }

  private RegexNode alternation() {
    List<RegexNode> alternatives = new ArrayList<>();
    alternatives.add(concat());
    while (more() && peek() == '|') {
      i++;
      alternatives.add(concat());
    }
    return alternatives.size() == 1 ? alternatives.get(0) : new Alternation(alternatives);
  }

  private RegexNode concat() {
    List<RegexNode> items = new ArrayList<>();
    while (more() && peek() != '|' && peek() != ')') {
      RegexNode atom = atom();
      if (atom != null) {
        items.add(quantified(atom));
      }
    }
    return items.size() == 1 ? items.get(0) : new Concat(items);
  }

  /** One atom, or null for something that matches nothing at all (a flag setting, a comment). */
  private RegexNode atom() {
    char c = p.charAt(i++);
    switch (c) {
      case '(':
        return group();
      case '[':
        return new Chars(new ClassParser(this).parse());
      case '.':
        return new Chars(dotAll ? ByteSet.all() : ByteSet.of('\n').negated());
      case '^':
        return new Assertion(multiline ? Kind.BEGIN_LINE : Kind.BEGIN_TEXT);
      case '$':
        return new Assertion(multiline ? Kind.END_LINE : Kind.END_TEXT);
      case '\\':
        return escape();
      case '*', '+', '?':
        throw error("quantifier " + c + " does not follow a repeatable item");
      default:
        return literal(c);
    }
  }

  private RegexNode literal(int c) {
    ByteSet set = c < 256 ? ByteSet.of((char) c) : new ByteSet(); // above 255: never a byte
    return new Chars(caseless ? set.foldAsciiCase() : set);
  }

  private RegexNode group() {
    boolean savedCaseless = caseless;
    boolean savedMultiline = multiline;
    boolean savedDotAll = dotAll;
    boolean savedUngreedy = ungreedy;
    boolean capturing = true;
    if (lookingAt("?")) {
      i++;
      if (lookingAt("#")) {
        int close = p.indexOf(')', i);
        if (close < 0) {
          throw error("unterminated comment");
        }
        i = close + 1;
        return null;
      }
      if (lookingAt("P<") || (lookingAt("<") && !lookingAt("<=") && !lookingAt("<!"))) {
        int close = p.indexOf('>', i);
        if (close < 0) {
          throw error("unterminated group name");
        }
        i = close + 1;
      } else if (lookingAt(":")) {
        i++;
        capturing = false;
      } else if (flags()) {
        return null; // (?i) etc.: applies to the rest of the enclosing group
      } else {
        capturing = false; // (?i:...)
      }
    }
    RegexNode inner = alternation();
    if (!more() || peek() != ')') {
      throw error("missing )");
    }
    i++;
    caseless = savedCaseless;
    multiline = savedMultiline;
    dotAll = savedDotAll;
    ungreedy = savedUngreedy;
    return new Group(inner, capturing);
  }

  /**
   * Reads flags after "(?". Returns true for a setting that ends with ')' (it stays in force),
   * false for a scoped group "(?flags:" (the caller parses its body, then restores the flags).
   */
  private boolean flags() {
    boolean on = true;
    while (more()) {
      char c = p.charAt(i++);
      switch (c) {
        case 'i' -> caseless = on;
        case 'm' -> multiline = on;
        case 's' -> dotAll = on;
        case 'U' -> ungreedy = on;
        case '-' -> on = false;
        case ')' -> {
          return true;
        }
        case ':' -> {
          return false;
        }
        default -> {
          i--;
          throw error(
              "unsupported group (?" + c + " (no look-around, atomic or branch-reset groups)");
        }
      }
    }
    throw error("missing )");
  }

  private RegexNode quantified(RegexNode atom) {
    while (more()) {
      int min;
      int max;
      char c = peek();
      if (c == '*') {
        min = 0;
        max = -1;
        i++;
      } else if (c == '+') {
        min = 1;
        max = -1;
        i++;
      } else if (c == '?') {
        min = 0;
        max = 1;
        i++;
      } else if (c == '{' && counted()) {
        int close = p.indexOf('}', i);
        String body = p.substring(i + 1, close);
        int comma = body.indexOf(',');
        min = Integer.parseInt(comma < 0 ? body : body.substring(0, comma));
        max =
            comma < 0
                ? min
                : comma == body.length() - 1 ? -1 : Integer.parseInt(body.substring(comma + 1));
        if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && max < min)) {
          throw error("bad repetition {" + body + "}");
        }
        i = close + 1;
      } else {
        return atom;
      }
      boolean greedy = !ungreedy;
      if (more() && peek() == '?') {
        greedy = ungreedy;
        i++;
      } else if (more() && peek() == '+') {
        throw error("possessive quantifiers have no linear-time implementation");
      }
      atom = new Repeat(atom, min, max, greedy);
    }
    return atom;
  }

  /** Whether the '{' at i starts {n}, {n,} or {n,m}; otherwise PCRE reads it as a literal. */
  private boolean counted() {
    int j = i + 1;
    int digits = 0;
    while (j < p.length() && Character.isDigit(p.charAt(j))) {
      j++;
      digits++;
    }
    if (digits == 0 || j >= p.length()) {
      return false;
    }
    if (p.charAt(j) == '}') {
      return true;
    }
    if (p.charAt(j) != ',') {
      return false;
    }
    j++;
    while (j < p.length() && Character.isDigit(p.charAt(j))) {
      j++;
    }
    return j < p.length() && p.charAt(j) == '}';
  }

  private RegexNode escape() {
    if (!more()) {
      throw error("trailing backslash");
    }
    char c = p.charAt(i++);
    switch (c) {
      case 'b':
        return new Assertion(Kind.WORD_BOUNDARY);
      case 'B':
        return new Assertion(Kind.NOT_WORD_BOUNDARY);
      case 'A':
        return new Assertion(Kind.BEGIN_TEXT);
      case 'z':
        return new Assertion(Kind.END_TEXT);
      case 'Q':
        return quoted();
      default:
        break;
    }
    ByteSet shorthand = ByteClasses.shorthand(c);
    if (shorthand != null) {
      return new Chars(shorthand);
    }
    return literal(escapedChar(c, false));
  }

  private RegexNode quoted() {
    int end = p.indexOf("\\E", i);
    String text = p.substring(i, end < 0 ? p.length() : end);
    i = end < 0 ? p.length() : end + 2;
    List<RegexNode> items = new ArrayList<>();
    for (int k = 0; k < text.length(); k++) {
      items.add(literal(text.charAt(k)));
    }
    return new Group(new Concat(items), false);
  }

  /**
   * The character an escape stands for (after the backslash and {@code c} were read): {@code \\xhh}
   * {@code \\x{h..}}, octal, {@code \\cX}, C escapes, or {@code c} itself when it is punctuation.
   */
  int escapedChar(char c, boolean inClass) {
    switch (c) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'f':
        return '\f';
      case 'a':
        return 7;
      case 'e':
        return 27;
      case 'x':
        return hexEscape();
      case 'c':
        if (!more()) {
          throw error("\\c at end of pattern");
        }
        return Character.toUpperCase(p.charAt(i++)) ^ 0x40;
      case '0':
        return octal(2);
      default:
        break;
    }
    if (c >= '1' && c <= '9') {
      if (inClass && c <= '7') {
        i--;
        return octal(3);
      }
      throw error("back references have no linear-time implementation");
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      throw error("unsupported escape \\" + c);
    }
    return c;
  }

  private int hexEscape() {
    if (more() && peek() == '{') {
      int close = p.indexOf('}', i);
      if (close < 0) {
        throw error("missing } in \\x{");
      }
      int v = Integer.parseInt(p.substring(i + 1, close), 16);
      i = close + 1;
      return v;
    }
    int v = 0;
    for (int k = 0; k < 2 && more() && Character.digit(peek(), 16) >= 0; k++) {
      v = v * 16 + Character.digit(p.charAt(i++), 16);
    }
    return v;
  }

  private int octal(int maxDigits) {
    int v = 0;
    for (int k = 0; k < maxDigits && more() && peek() >= '0' && peek() <= '7'; k++) {
      v = v * 8 + (p.charAt(i++) - '0');
    }
    return v;
  }
}

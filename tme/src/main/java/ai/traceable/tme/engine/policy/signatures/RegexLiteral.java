package ai.traceable.tme.engine.policy.signatures;

/**
 * Finds a literal that every match of a regular expression must contain, so a value lacking it can
 * be rejected with a substring search instead of running RE2/J (whose matcher costs tens of
 * nanoseconds per input character). Conservative: any construct it does not fully understand
 * (alternation, groups, classes, flags other than a leading {@code (?i)}) ends the current run of
 * literal characters or gives up, never yielding a literal that is not required.
 */
public final class RegexLiteral {
  /** Shorter literals filter too little to be worth the search. */
  static final int MIN_LENGTH = 3;

  private RegexLiteral() {}

  /**
   * The required literal and whether it is compared ignoring case, or null when none is known.
   *
   * @param literal the characters, as they must occur (modulo case when {@code ignoreCase})
   */
  public record Required(String literal, boolean ignoreCase) {
    boolean foundIn(String value) {
      if (!ignoreCase) {
        return value.contains(literal);
      }
      // find candidates by the first character, then compare the rest ignoring case
      char lower = Character.toLowerCase(literal.charAt(0));
      char upper = Character.toUpperCase(lower);
      int n = literal.length();
      int last = value.length() - n;
      for (int i = 0; i <= last; i++) {
        char c = value.charAt(i);
        if ((c == lower || c == upper || (c > 127 && Character.toLowerCase(c) == lower))
            && value.regionMatches(true, i, literal, 0, n)) {
          return true;
        }
      }
      return false;
    }
  }

  public static Required of(String pattern, boolean ignoreCase) {
    String p = pattern;
    if (p.startsWith("(?i)")) {
      ignoreCase = true;
      p = p.substring(4);
    }
    if (p.indexOf('|') >= 0 || p.contains("(?") || p.contains("\\Q")) {
      return null;
    }
    String best = "";
    StringBuilder run = new StringBuilder();
    int depth = 0;
    int i = 0;
    while (i < p.length()) {
      char c = p.charAt(i);
      Character literal = null;
      int width = 1;
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == '[') {
        int end = skipClass(p, i);
        if (end < 0) {
          return null;
        }
        best = longer(best, run);
        run.setLength(0);
        i = end;
        continue;
      } else if (c == '\\') {
        if (i + 1 >= p.length()) {
          return null;
        }
        char e = p.charAt(i + 1);
        width = 2;
        if (!Character.isLetterOrDigit(e)) {
          literal = e;
        } else if ("dDwWsSbBAz".indexOf(e) < 0) {
          return null; // \x41, \p{L}, octal...: an escape that may stand for a literal
        }
      } else if (".^$*+?{}".indexOf(c) < 0) {
        literal = c;
      }
      int after = i + width;
      char next = after < p.length() ? p.charAt(after) : 0;
      boolean optional = next == '?' || next == '*' || next == '{';
      if (literal != null && depth == 0 && !optional) {
        run.append(literal.charValue());
        if (next == '+') {
          best = longer(best, run);
          run.setLength(0);
        }
      } else {
        best = longer(best, run);
        run.setLength(0);
      }
      i = Math.max(after, i + 1);
    }
    best = longer(best, run);
    return best.length() >= MIN_LENGTH ? new Required(best, ignoreCase) : null;
  }

  private static String longer(String best, StringBuilder run) {
    return run.length() > best.length() ? run.toString() : best;
  }

  /** The index just past the ']' closing the class opened at {@code open}, or -1. */
  private static int skipClass(String p, int open) {
    int i = open + 1;
    if (i < p.length() && p.charAt(i) == '^') {
      i++;
    }
    if (i < p.length() && p.charAt(i) == ']') {
      i++;
    }
    while (i < p.length()) {
      char c = p.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '[' && i + 1 < p.length() && p.charAt(i + 1) == ':') {
        int end = p.indexOf(":]", i + 2);
        if (end < 0) {
          return -1;
        }
        i = end + 2;
      } else if (c == ']') {
        return i + 1;
      } else {
        i++;
      }
    }
    return -1;
  }
}

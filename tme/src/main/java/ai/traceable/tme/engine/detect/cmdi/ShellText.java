package ai.traceable.tme.engine.detect.cmdi;

import ai.traceable.tme.engine.detect.Text;

/**
 * One value as the shell would read it ({@link ShellNormalizer}), in its own case and in lower case
 * with the same positions, and the ways the command injection scan reads it: words, lines, and the
 * prose around a position. Every helper looks at most {@link #NEAR} characters around its position
 * and adds what it examined to {@link #work}. Not thread-safe; one per inspected value.
 */
final class ShellText {
  /** How far the helpers look around a position (about a line of text). */
  static final int NEAR = 256;

  final ShellNormalizer.Result norm;

  /** The normalised text, case kept. */
  final String t;

  /** {@link #t} in lower case, same length. */
  final String tl;

  final int n;

  /** Characters examined by the helpers. */
  long work;

  ShellText(String decoded) {
    norm = ShellNormalizer.normalize(decoded);
    t = norm.text();
    tl = Text.lowerSameLength(t);
    n = tl.length();
  }

  /** The end of the command word (name or path) starting at {@code from}. */
  int wordEnd(int from) {
    int i = from;
    while (i < n && i - from < 64 && isCommandChar(tl.charAt(i))) {
      i++;
    }
    return i;
  }

  static boolean isCommandChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '.'
        || c == '-'
        || c == '/'
        || c == '+'
        || c == '?'
        || c == '*'
        || c == '['
        || c == ']'
        || c == '~';
  }

  int skipSpaces(int from) {
    return Text.skipSpaces(tl, from);
  }

  /** Whether {@code [ws, we)} has upper-case letters in the original text. */
  boolean hasUpper(int ws, int we) {
    for (int i = ws; i < we; i++) {
      if (t.charAt(i) != tl.charAt(i)) {
        return true;
      }
    }
    return false;
  }

  static boolean isBlank(char c) {
    return c == ' ' || c == '\n' || c == '\r';
  }

  static boolean isSeparator(char c) {
    return c == ';' || c == '|' || c == '&' || c == '\n' || c == '\r';
  }

  static boolean isCloser(char c) {
    return c == ')' || c == '}' || c == ']' || c == '`';
  }

  // ---------------------------------------------------------------- lines and prose

  int lineStart(int at) {
    int i = at - 1;
    while (i >= 0 && at - i <= NEAR && tl.charAt(i) != '\n' && tl.charAt(i) != '\r') {
      i--;
    }
    work += at - i;
    return i + 1;
  }

  int lineEnd(int at) {
    int i = at;
    while (i < n && i - at <= NEAR && tl.charAt(i) != '\n' && tl.charAt(i) != '\r') {
      i++;
    }
    work += i - at;
    return i;
  }

  /**
   * Blank-separated tokens in the {@link #NEAR} characters before {@code to}, from {@code from}.
   */
  int tokensIn(int from, int to) {
    int tokens = 0;
    boolean in = false;
    for (int i = Math.max(from, to - NEAR); i < to; i++) {
      boolean blank = isBlank(tl.charAt(i));
      if (!blank && !in) {
        tokens++;
      }
      in = !blank;
    }
    work += Math.min(NEAR, to - from);
    return tokens;
  }

  /** Natural-language words in {@code [from, to)}, looking at most {@link #NEAR} characters. */
  int wordsIn(int from, int to, boolean nearEnd) {
    if (nearEnd) {
      from = Math.max(from, to - NEAR);
    } else {
      to = Math.min(to, from + NEAR);
    }
    int words = 0;
    int start = -1;
    for (int i = from; i <= to; i++) {
      char c = i < to ? tl.charAt(i) : ' ';
      if (c == ' ' || c == '\n' || c == '\r') {
        if (start >= 0 && isWord(tl, start, i)) {
          words++;
        }
        start = -1;
      } else if (start < 0) {
        start = i;
      }
    }
    work += to - from;
    return words;
  }

  /** A natural-language word: starts with a letter, letters, hyphens and apostrophes. */
  static boolean isWord(String s, int from, int to) {
    while (from < to && "([\"'".indexOf(s.charAt(from)) >= 0) {
      from++;
    }
    while (to > from && ".,:;!?)]\"'".indexOf(s.charAt(to - 1)) >= 0) {
      to--;
    }
    if (to - from < 2 || !Character.isLetter(s.charAt(from))) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!Character.isLetter(c) && c != '-' && c != '\'') {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the token just before the separator at {@code sepPos} is a plain word or identifier
   * ({@code name}, {@code user_2}), as in a list of field names; addresses and file names are not.
   */
  boolean plainWordBefore(int sepPos) {
    int k = sepPos - 1;
    while (k >= 0 && sepPos - k <= NEAR && tl.charAt(k) == ' ') {
      k--;
    }
    int end = k + 1;
    boolean letter = false;
    while (k >= 0 && end - k <= NEAR) {
      char c = tl.charAt(k);
      if (Character.isLetter(c)) {
        letter = true;
      } else if (!(c >= '0' && c <= '9') && c != '_' && c != '-') {
        break;
      }
      k--;
    }
    work += sepPos - k;
    boolean tokenStart = k < 0 || isBlank(tl.charAt(k)) || isSeparator(tl.charAt(k));
    int start = k + 1;
    return tokenStart
        && letter
        && end - start >= 2
        && !tl.startsWith("localhost", start); // the host an injection usually follows
  }

  /** Whether the separator character at {@code sepPos} already occurs earlier on its line. */
  boolean sameSeparatorBefore(int sepPos) {
    char sep = tl.charAt(sepPos);
    if (sep == '\n' || sep == '\r') {
      return false;
    }
    int from = lineStart(sepPos);
    for (int k = sepPos - 1; k >= from; k--) {
      if (tl.charAt(k) == sep) {
        return true;
      }
    }
    return false;
  }
}

package ai.traceable.tme.engine.detect.cmdi;

/**
 * Shell globs in a value: finding globbed paths ({@code /???/c?t}) and resolving them against the
 * well-known paths of {@link Commands#GLOB_TARGETS}. Matching a pattern such as {@code /???/c?t} or
 * {@code /b[i]n/ca*} against a path: {@code ?} matches one character, {@code *} any run, {@code
 * [...]} one character of a set; none of them matches {@code /}, so the pattern and the path are
 * compared segment by segment. Patterns and paths are short (at most 64 characters), which bounds
 * the star backtracking; at most {@value #MAX_GLOBS} globs are resolved per value.
 */
final class Glob {
  /** Globbed paths resolved per value at most. */
  private static final int MAX_GLOBS = 32;

  private Glob() {}

  /** Whether {@code s[from, to)} holds a wildcard ({@code ?}, {@code *} or {@code [}). */
  static boolean hasWildcard(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '?' || c == '*' || c == '[') {
        return true;
      }
    }
    return false;
  }

  /**
   * The well-known path the glob {@code tl[from, to)} matches, or null. A glob made only of
   * whole-segment stars ({@code /bin/*}) is a listing, not an evasion, and is ignored.
   */
  static String target(ShellText text, int from, int to) {
    if (to - from > 64) {
      return null;
    }
    String tl = text.tl;
    boolean evasive = false;
    int segStart = from;
    for (int i = from; i <= to; i++) {
      char c = i < to ? tl.charAt(i) : '/';
      if (c == '/') {
        int len = i - segStart;
        boolean onlyStar = len == 1 && tl.charAt(segStart) == '*';
        if (!onlyStar && hasWildcard(tl, segStart, i)) {
          evasive = true;
        }
        segStart = i + 1;
      }
    }
    if (!evasive) {
      return null;
    }
    for (String target : Commands.GLOB_TARGETS) {
      text.work += target.length();
      if (matches(tl, from, to, target)) {
        return target;
      }
    }
    return null;
  }

  /**
   * Where the first globbed path of the value that resolves to a well-known path starts ({@code cat
   * /???/p??s??}), or -1.
   */
  static int firstResolving(ShellText text) {
    String tl = text.tl;
    int n = text.n;
    int checked = 0;
    int i = 0;
    while (i < n && checked < MAX_GLOBS) {
      text.work++;
      if (tl.charAt(i) != '/' || (i > 0 && ShellText.isCommandChar(tl.charAt(i - 1)))) {
        i++;
        continue;
      }
      int e = i;
      boolean wild = false;
      while (e < n && ShellText.isCommandChar(tl.charAt(e))) {
        char c = tl.charAt(e);
        wild |= c == '?' || c == '*' || c == '[';
        e++;
      }
      text.work += e - i;
      if (wild) {
        checked++;
        if (target(text, i, e) != null) {
          return i;
        }
      }
      i = Math.max(e, i + 1);
    }
    return -1;
  }

  /** Whether {@code s[from, to)} as a glob matches {@code path}. */
  static boolean matches(String s, int from, int to, String path) {
    int p = from;
    int q = 0;
    while (true) {
      int pe = segmentEnd(s, p, to);
      int qe = path.indexOf('/', q);
      if (qe < 0) {
        qe = path.length();
      }
      if (!segment(s, p, pe, path, q, qe)) {
        return false;
      }
      boolean patternDone = pe >= to;
      boolean pathDone = qe >= path.length();
      if (patternDone || pathDone) {
        return patternDone && pathDone;
      }
      p = pe + 1;
      q = qe + 1;
    }
  }

  private static int segmentEnd(String s, int from, int to) {
    int i = from;
    while (i < to && s.charAt(i) != '/') {
      i++;
    }
    return i;
  }

  /** One segment, with the usual single-star backtracking. */
  private static boolean segment(String s, int p, int pe, String path, int q, int qe) {
    int star = -1;
    int starMatch = 0;
    while (q < qe) {
      if (p < pe && s.charAt(p) == '*') {
        star = p++;
        starMatch = q;
        continue;
      }
      int next = p < pe ? single(s, p, pe, path.charAt(q)) : -1;
      if (next >= 0) {
        p = next;
        q++;
      } else if (star >= 0) {
        p = star + 1;
        q = ++starMatch;
      } else {
        return false;
      }
    }
    while (p < pe && s.charAt(p) == '*') {
      p++;
    }
    return p == pe;
  }

  /** Matches one pattern element at {@code p} against {@code c}: the next position, or -1. */
  private static int single(String s, int p, int pe, char c) {
    char e = s.charAt(p);
    if (e == '?') {
      return p + 1;
    }
    if (e == '[') {
      int close = p + 1;
      while (close < pe && s.charAt(close) != ']') {
        close++;
      }
      if (close >= pe) {
        return e == c ? p + 1 : -1;
      }
      int i = p + 1;
      boolean negate = i < close && (s.charAt(i) == '!' || s.charAt(i) == '^');
      if (negate) {
        i++;
      }
      boolean in = false;
      while (i < close) {
        char lo = s.charAt(i);
        if (i + 2 < close && s.charAt(i + 1) == '-') {
          in |= c >= lo && c <= s.charAt(i + 2);
          i += 3;
        } else {
          in |= c == lo;
          i++;
        }
      }
      return in != negate ? close + 1 : -1;
    }
    return e == c ? p + 1 : -1;
  }
}

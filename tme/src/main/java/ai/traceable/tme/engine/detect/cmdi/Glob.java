package ai.traceable.tme.engine.detect.cmdi;

/**
 * Shell glob matching of a pattern such as {@code /???/c?t} or {@code /b[i]n/ca*} against a path:
 * {@code ?} matches one character, {@code *} any run, {@code [...]} one character of a set; none of
 * them matches {@code /}, so the pattern and the path are compared segment by segment. Patterns and
 * paths are short (callers pass at most 64 characters), which bounds the star backtracking.
 */
final class Glob {
  private Glob() {}

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

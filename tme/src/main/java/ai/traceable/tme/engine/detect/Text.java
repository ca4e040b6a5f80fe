package ai.traceable.tme.engine.detect;

/**
 * Searching and skipping in a string, the way the detectors need it: on ranges of the string
 * without copying, ignoring ASCII case without a lower-cased copy, and with explicit bounds so that
 * every scan stays linear. Methods that skip return the position where they stopped; callers that
 * count their work add the distance themselves.
 */
public final class Text {
  private Text() {}

  /** {@code s.charAt(i)}, or {@code '\0'} past the end. */
  public static char charAt(String s, int i) {
    return i < s.length() ? s.charAt(i) : '\0';
  }

  /** The first position at or after {@code from} that is not a space. */
  public static int skipSpaces(String s, int from) {
    int i = from;
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  /** The first position at or after {@code from} that is neither a space nor a tab. */
  public static int skipBlanks(String s, int from) {
    int i = from;
    while (i < s.length() && Chars.isBlank(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** As {@link #skipBlanks(String, int)}, looking at most {@code max} characters ahead. */
  public static int skipBlanks(String s, int from, int max) {
    int i = from;
    while (i < s.length() && i - from < max && Chars.isBlank(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /**
   * The first position in {@code [from, to)} holding a character above the space, or {@code to}:
   * skips whitespace and control characters, as browsers do around URLs and attribute values.
   */
  public static int skipControls(String s, int from, int to) {
    int i = from;
    while (i < to && s.charAt(i) <= ' ') {
      i++;
    }
    return i;
  }

  /** The earliest position of any of {@code needles} in {@code s}, or -1. */
  public static int firstOf(String s, String... needles) {
    int best = -1;
    for (String needle : needles) {
      int i = s.indexOf(needle);
      if (i >= 0 && (best < 0 || i < best)) {
        best = i;
      }
    }
    return best;
  }

  /** Whether {@code s[at, to)} starts with {@code lower}, ignoring ASCII case. */
  public static boolean startsWithIgnoreCase(String s, int at, int to, String lower) {
    if (to - at < lower.length()) {
      return false;
    }
    for (int i = 0; i < lower.length(); i++) {
      if (Chars.toLowerAscii(s.charAt(at + i)) != lower.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code s[from, to)} is {@code lower}, ignoring ASCII case. */
  public static boolean equalsIgnoreCase(String s, int from, int to, String lower) {
    return to - from == lower.length() && startsWithIgnoreCase(s, from, to, lower);
  }

  /** The first {@code c} in {@code s[from, to)}, or -1. */
  public static int indexOf(String s, char c, int from, int to) {
    int end = Math.min(to, s.length());
    for (int i = Math.max(0, from); i < end; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The first position of {@code lower} in {@code s[from, to)}, ignoring ASCII case, or -1. A naive
   * search, meant for short needles.
   */
  public static int indexOfIgnoreCase(String s, String lower, int from, int to) {
    char first = lower.charAt(0);
    for (int i = from; i + lower.length() <= to; i++) {
      if (Chars.toLowerAscii(s.charAt(i)) == first && startsWithIgnoreCase(s, i, to, lower)) {
        return i;
      }
    }
    return -1;
  }

  /** {@code s[from, to)} with ASCII upper case folded; no copy of the range is made twice. */
  public static String lowerAscii(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        char[] out = new char[to - from];
        s.getChars(from, to, out, 0);
        for (int k = i - from; k < out.length; k++) {
          out[k] = Chars.toLowerAscii(out[k]);
        }
        return new String(out);
      }
    }
    return s.substring(from, to);
  }

  /**
   * {@code s} in lower case (per character, Unicode rules) with its length kept, so that positions
   * found in the lower-case form are valid in {@code s}; {@code s} itself when nothing changes.
   */
  public static String lowerSameLength(String s) {
    char[] out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      char l = Character.toLowerCase(c);
      if (l != c) {
        if (out == null) {
          out = s.toCharArray();
        }
        out[i] = l;
      }
    }
    return out == null ? s : new String(out);
  }

  /** The part of a dotted name after its last dot ({@code b} for {@code a.b}), or the name. */
  public static String afterLastDot(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(dot + 1);
  }
}

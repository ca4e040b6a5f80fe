package ai.traceable.tme.engine.detect.cmdi;

import ai.traceable.tme.engine.detect.Chars;
import java.util.Arrays;

/**
 * Undoes the tricks attackers use to hide a shell command from a filter while the shell still runs
 * it. The output is what the shell would see once quoting and empty expansions are gone, so that
 * {@code c'a't}, {@code c"a"t}, {@code c\at}, {@code w^h^o^a^m^i}, {@code ca$@t} and {@code
 * who``ami} all read {@code cat} or {@code whoami}, {@code $IFS}, {@code ${IFS}} and {@code $IFS$9}
 * read as a space, and the brace expansion {@code {cat,/etc/passwd}} reads {@code cat /etc/passwd}.
 * Case is kept (the caller decides), tabs and other blanks become spaces, and line breaks are kept
 * because they separate commands.
 *
 * <p>The normaliser also remembers where it glued a word together (the position of every removed
 * quote, backslash, caret or empty expansion), so the detector can tell a command word that was
 * assembled from pieces, which only an attacker writes, from an ordinary one. Globs such as {@code
 * /???/c?t} are left in place; the detector resolves them against well-known binary paths.
 *
 * <p>One pass, time linear in the input; a value without any of the special characters is returned
 * as is without allocation.
 */
public final class ShellNormalizer {
  /** At most this many glue positions are remembered; later ones are dropped. */
  private static final int MAX_MARKS = 4096;

  /** The longest brace expansion {@code {a,b,c}} that is expanded. */
  private static final int MAX_BRACE = 256;

  private static final Result UNCHANGED_EMPTY = new Result("", new int[0], 0, false, false);

  /** {@link Result#glue}: the word is written as is. */
  public static final int PLAIN = 0;

  /** {@link Result#glue}: one quote inside, as in a contraction. */
  public static final int CONTRACTION = 1;

  /** {@link Result#glue}: the word was assembled from pieces, an evasion. */
  public static final int GLUED = 2;

  private ShellNormalizer() {}

  /** The normalised text and what the normaliser saw on the way. */
  public static final class Result {
    private final String text;
    private final int[] marks;
    private final int markCount;
    private final boolean ifs;
    private final boolean braces;

    Result(String text, int[] marks, int markCount, boolean ifs, boolean braces) {
      this.text = text;
      this.marks = marks;
      this.markCount = markCount;
      this.ifs = ifs;
      this.braces = braces;
    }

    /** The normalised text, case kept. */
    public String text() {
      return text;
    }

    /** Whether {@code $IFS} or {@code ${IFS}} stood in for a space. */
    public boolean usedIfs() {
      return ifs;
    }

    /** Whether a brace expansion such as {@code {cat,/etc/passwd}} was expanded. */
    public boolean usedBraceExpansion() {
      return braces;
    }

    /**
     * How the word spanning {@code [from, to)} of {@link #text()} was glued together: {@link
     * #GLUED} when a backslash, caret, empty expansion ({@code $@}, {@code $1}, {@code $()}, {@code
     * ``}) or at least two quotes were removed strictly inside it, {@link #CONTRACTION} when
     * exactly one quote was ({@code I'd}, {@code don't}), otherwise {@link #PLAIN}.
     */
    public int glue(int from, int to) {
      int lo = 0;
      int hi = markCount;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if ((marks[mid] >> 1) <= from) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      int quotes = 0;
      for (int i = lo; i < markCount; i++) {
        int pos = marks[i] >> 1;
        if (pos >= to) {
          break;
        }
        if ((marks[i] & 1) != 0) {
          return GLUED;
        }
        quotes++;
      }
      return quotes >= 2 ? GLUED : quotes == 1 ? CONTRACTION : PLAIN;
    }
  }

  /** Normalises {@code s}; see the class description. */
  public static Result normalize(String s) {
    if (s.isEmpty()) {
      return UNCHANGED_EMPTY;
    }
    if (!needsWork(s)) {
      return new Result(s, new int[0], 0, false, false);
    }
    Builder b = new Builder(s.length());
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      switch (c) {
        case '\'', '"' -> {
          b.mark(false);
          i++;
        }
        case '\\' -> i = backslash(s, i, b);
        case '^' -> i = caret(s, i, b);
        case '`' -> i = backticks(s, i, b);
        case '$' -> i = dollar(s, i, b);
        case '{' -> i = brace(s, i, b);
        case '\t', '\u000b', '\f', '\u00a0' -> {
          b.out.append(' ');
          i++;
        }
        default -> {
          b.out.append(c);
          i++;
        }
      }
    }
    return new Result(b.out.toString(), b.marks, b.count, b.ifs, b.braces);
  }

  /** A cmd.exe caret between two letters or digits ({@code w^ho^ami}) is dropped, glue. */
  private static int caret(String s, int i, Builder b) {
    if (i > 0
        && i + 1 < s.length()
        && Chars.isAsciiAlnum(s.charAt(i - 1))
        && Chars.isAsciiAlnum(s.charAt(i + 1))) {
      b.mark(true);
    } else {
      b.out.append('^');
    }
    return i + 1;
  }

  /** An empty command substitution ({@code ``}) is dropped, glue; a lone backtick is kept. */
  private static int backticks(String s, int i, Builder b) {
    if (i + 1 < s.length() && s.charAt(i + 1) == '`') {
      b.mark(true);
      return i + 2;
    }
    b.out.append('`');
    return i + 1;
  }

  private static boolean needsWork(String s) {
    for (int i = 0; i < s.length(); i++) {
      switch (s.charAt(i)) {
        case '\'', '"', '\\', '^', '`', '$', '{', '\t', '\u000b', '\f', '\u00a0' -> {
          return true;
        }
        default -> {}
      }
    }
    return false;
  }

  /** A backslash escapes the next character; before a letter or digit it only splits a word. */
  private static int backslash(String s, int i, Builder b) {
    int n = s.length();
    if (i + 1 >= n) {
      b.out.append('\\');
      return i + 1;
    }
    char d = s.charAt(i + 1);
    if (d == '\n') {
      // line continuation: the shell joins the lines
      b.mark(true);
      return i + 2;
    }
    boolean afterDrive = b.out.length() > 0 && b.out.charAt(b.out.length() - 1) == ':';
    if (!afterDrive && (Chars.isAsciiAlnum(d) || d == '/' || d == '.' || d == '-' || d == '_')) {
      b.mark(true);
      return i + 1;
    }
    b.out.append('\\');
    return i + 1;
  }

  /** {@code $IFS}, {@code ${IFS...}}, positional and special parameters, {@code $()}. */
  private static int dollar(String s, int i, Builder b) {
    int n = s.length();
    if (i + 1 >= n) {
      b.out.append('$');
      return i + 1;
    }
    char d = s.charAt(i + 1);
    if (s.regionMatches(true, i + 1, "IFS", 0, 3)
        && (i + 4 >= n || !isIdentifier(s.charAt(i + 4)))) {
      b.out.append(' ');
      b.ifs = true;
      return i + 4;
    }
    if (d == '{') {
      if (s.regionMatches(true, i + 2, "IFS", 0, 3)) {
        int close = s.indexOf('}', i + 5);
        if (close >= 0 && close - i <= 16) {
          b.out.append(' ');
          b.ifs = true;
          return close + 1;
        }
      }
      if (i + 2 < n && s.charAt(i + 2) == '}') {
        b.mark(true);
        return i + 3;
      }
    } else if ((d >= '0' && d <= '9') || d == '@' || d == '*') {
      b.mark(true);
      return i + 2;
    } else if (d == '(' && i + 2 < n && s.charAt(i + 2) == ')') {
      b.mark(true);
      return i + 3;
    }
    b.out.append('$');
    return i + 1;
  }

  /**
   * Brace expansion: {@code {a,b}} without blanks becomes {@code " a b "}. The look-ahead stops at
   * the first character that cannot be part of one (another brace included), so no character is
   * examined by more than one opening brace.
   */
  private static int brace(String s, int i, Builder b) {
    int n = s.length();
    int commas = 0;
    int j = i + 1;
    boolean ok = false;
    while (j < n && j - i <= MAX_BRACE) {
      char d = s.charAt(j);
      if (d == '}') {
        ok = commas > 0 && j > i + 2;
        break;
      }
      if (d == ',') {
        commas++;
      } else if (!(Chars.isAsciiAlnum(d) || "/._-~*?+=:@%'\"".indexOf(d) >= 0)) {
        break;
      }
      j++;
    }
    if (!ok) {
      b.out.append('{');
      return i + 1;
    }
    b.out.append(' ');
    for (int k = i + 1; k < j; k++) {
      char d = s.charAt(k);
      if (d == ',') {
        b.out.append(' ');
      } else if (d != '\'' && d != '"') {
        b.out.append(d);
      }
    }
    b.out.append(' ');
    b.braces = true;
    return j + 1;
  }

  private static boolean isIdentifier(char c) {
    return Chars.isAsciiAlnum(c) || c == '_';
  }

  private static final class Builder {
    final StringBuilder out;
    int[] marks = new int[8];
    int count;
    boolean ifs;
    boolean braces;

    Builder(int capacity) {
      out = new StringBuilder(capacity);
    }

    void mark(boolean hard) {
      if (count >= MAX_MARKS) {
        return;
      }
      if (count == marks.length) {
        marks = Arrays.copyOf(marks, marks.length * 2);
      }
      marks[count++] = out.length() << 1 | (hard ? 1 : 0);
    }
  }
}

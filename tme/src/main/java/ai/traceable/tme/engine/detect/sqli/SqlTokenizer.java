package ai.traceable.tme.engine.detect.sqli;

import static ai.traceable.tme.engine.detect.Chars.isAsciiDigit;
import static ai.traceable.tme.engine.detect.Text.charAt;

import ai.traceable.tme.engine.detect.Chars;

/**
 * A small, forgiving SQL lexer for judging untrusted values. It never fails: anything it cannot
 * place becomes an {@link SqlTokenType#OTHER} token. It runs in one left-to-right pass without
 * backtracking (a character is looked at a bounded number of times) and stops once the token buffer
 * is full, since an injection shows itself within its first few dozen tokens.
 *
 * <p>Dialect choices, made to see what the most permissive database would see:
 *
 * <ul>
 *   <li>whitespace is the ASCII control range, space, U+00A0 and the other Unicode spaces, and
 *       U+FFFD (a lone {@code %A0} byte that did not decode as UTF-8, which MySQL takes as a
 *       space);
 *   <li>{@code --} starts a comment unless a digit follows ({@code 1--1} is arithmetic), {@code #}
 *       starts a comment (MySQL), {@code /* ... *}{@code /} is a comment, and the body of a MySQL
 *       executable comment ({@code /*!50000 union*}{@code /}) is tokenised as SQL;
 *   <li>strings end at the matching quote; a doubled quote and a backslash escape do not end them;
 *       {@code N'..'}, {@code X'..'}, {@code B'..'} and {@code E'..'} are strings;
 *   <li>a word immediately followed by {@code (} is a function (a known function name may also have
 *       spaces before the parenthesis); {@code ORDER BY}, {@code GROUP BY} and {@code SOUNDS LIKE}
 *       are single keywords even with comments between their words.
 * </ul>
 *
 * <p>A context can be given: the value is then read as if it followed an opening single or double
 * quote, so the first token is the rest of that string (flagged {@link
 * SqlTokens#contextString(int)}) and what follows its closing quote is what an attacker who breaks
 * out of the string would have written.
 */
public final class SqlTokenizer {

  /** Where the value is assumed to sit in the query it is pasted into. */
  public enum Context {
    /** As is: a number, an identifier or the start of an expression. */
    PLAIN,
    /** Inside a single-quoted string. */
    SINGLE_QUOTE,
    /** Inside a double-quoted string. */
    DOUBLE_QUOTE
  }

  /** The default token bound. */
  public static final int DEFAULT_MAX_TOKENS = 64;

  private SqlTokenizer() {}

  /** Tokenises {@code s} as is, with the default token bound; allocates a new buffer. */
  public static SqlTokens tokenize(String s) {
    return tokenize(s, Context.PLAIN, DEFAULT_MAX_TOKENS);
  }

  /** Tokenises {@code s} in {@code context}, keeping at most {@code maxTokens} tokens. */
  public static SqlTokens tokenize(String s, Context context, int maxTokens) {
    SqlTokens out = new SqlTokens(maxTokens);
    tokenize(s, context, out);
    return out;
  }

  /** Tokenises {@code s} into {@code out}, which bounds the number of tokens by its capacity. */
  public static void tokenize(String s, Context context, SqlTokens out) {
    out.reset(s);
    int n = s.length();
    int i = 0;
    if (context != Context.PLAIN) {
      char q = context == Context.SINGLE_QUOTE ? '\'' : '"';
      int close = contextClose(s, q);
      int flags = SqlTokens.CONTEXT | (close >= 0 ? SqlTokens.CLOSED : 0);
      out.add(SqlTokenType.STRING, 0, close >= 0 ? close + 1 : n, q, flags);
      if (close < 0) {
        return;
      }
      i = close + 1;
    }
    boolean executable = false;
    while (i < n) {
      char c = s.charAt(i);
      if (isSpace(c)) {
        i++;
      } else if (executable && c == '*' && charAt(s, i + 1) == '/') {
        executable = false;
        i += 2;
      } else if (c == '/' && charAt(s, i + 1) == '*' && executableStart(s, i) > 0) {
        executable = true;
        i = executableStart(s, i);
      } else if (out.full()) {
        out.truncated = true;
        return;
      } else {
        i = token(s, i, c, out);
      }
    }
  }

  /**
   * Where the content of a MySQL or MariaDB executable comment starting at {@code i} begins ({@code
   * /*!}, {@code /*M!}, each with an optional version number), or -1.
   */
  static int executableStart(String s, int i) {
    int j = i + 2;
    if (charAt(s, j) == 'M' && charAt(s, j + 1) == '!') {
      j++;
    }
    if (charAt(s, j) != '!') {
      return -1;
    }
    j++;
    int digits = 0;
    while (digits < 6 && isAsciiDigit(charAt(s, j))) {
      j++;
      digits++;
    }
    return j;
  }

  /** The index of the quote that closes a string the value is assumed to start inside, or -1. */
  private static int contextClose(String s, char q) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      if (s.charAt(i) == q) {
        if (i + 1 < n && s.charAt(i + 1) == q) {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }

  /** Reads the token starting at {@code i} (not whitespace) and returns the index after it. */
  private static int token(String s, int i, char c, SqlTokens out) {
    switch (c) {
      case '\'', '"', '`':
        return string(s, i, i, c, out);
      case '(':
        return single(SqlTokenType.LEFT_PAREN, i, out);
      case ')':
        return single(SqlTokenType.RIGHT_PAREN, i, out);
      case ',':
        return single(SqlTokenType.COMMA, i, out);
      case ';':
        return single(SqlTokenType.SEMICOLON, i, out);
      case '@':
        return variable(s, i, out);
      case '#':
        return lineComment(s, i, out);
      case '-':
        if (charAt(s, i + 1) == '-' && !isAsciiDigit(charAt(s, i + 2))) {
          return lineComment(s, i, out);
        }
        return operator(SqlOperator.MINUS, i, 1, out);
      case '/':
        if (charAt(s, i + 1) == '*') {
          return blockComment(s, i, out);
        }
        return operator(SqlOperator.SLASH, i, 1, out);
      case '.':
        if (isAsciiDigit(charAt(s, i + 1))) {
          return number(s, i, out);
        }
        return single(SqlTokenType.OTHER, i, out);
      default:
        break;
    }
    if (isAsciiDigit(c)) {
      return number(s, i, out);
    }
    if (isWordStart(c)) {
      return word(s, i, out);
    }
    int op = operator(s, i, c, out);
    if (op > i) {
      return op;
    }
    return other(s, i, c, out);
  }

  private static int single(SqlTokenType type, int i, SqlTokens out) {
    out.add(type, i, i + 1, 0, 0);
    return i + 1;
  }

  private static int operator(SqlOperator op, int i, int length, SqlTokens out) {
    out.add(SqlTokenType.OPERATOR, i, i + length, op.ordinal(), 0);
    return i + length;
  }

  private static int logic(SqlWord w, int i, SqlTokens out) {
    out.add(SqlTokenType.LOGIC, i, i + 2, w.ordinal(), SqlTokens.SYMBOL);
    return i + 2;
  }

  /** Operators and symbolic logic; returns {@code i} when {@code c} starts none. */
  private static int operator(String s, int i, char c, SqlTokens out) {
    char d = charAt(s, i + 1);
    switch (c) {
      case '=':
        return d == '='
            ? operator(SqlOperator.DOUBLE_EQ, i, 2, out)
            : operator(SqlOperator.EQ, i, 1, out);
      case '<':
        if (d == '=' && charAt(s, i + 2) == '>') {
          return operator(SqlOperator.NULL_SAFE_EQ, i, 3, out);
        }
        if (d == '=') {
          return operator(SqlOperator.LESS_EQ, i, 2, out);
        }
        if (d == '>') {
          return operator(SqlOperator.NOT_EQ, i, 2, out);
        }
        return d == '<'
            ? operator(SqlOperator.SHIFT, i, 2, out)
            : operator(SqlOperator.LESS, i, 1, out);
      case '>':
        if (d == '=') {
          return operator(SqlOperator.GREATER_EQ, i, 2, out);
        }
        return d == '>'
            ? operator(SqlOperator.SHIFT, i, 2, out)
            : operator(SqlOperator.GREATER, i, 1, out);
      case '!':
        return d == '='
            ? operator(SqlOperator.NOT_EQ, i, 2, out)
            : operator(SqlOperator.BANG, i, 1, out);
      case '|':
        return d == '|' ? logic(SqlWord.OR, i, out) : operator(SqlOperator.PIPE, i, 1, out);
      case '&':
        return d == '&' ? logic(SqlWord.AND, i, out) : operator(SqlOperator.AMPERSAND, i, 1, out);
      case '+':
        return operator(SqlOperator.PLUS, i, 1, out);
      case '*':
        return operator(SqlOperator.STAR, i, 1, out);
      case '%':
        return operator(SqlOperator.PERCENT, i, 1, out);
      case '^':
        return operator(SqlOperator.CARET, i, 1, out);
      case '~':
        return operator(SqlOperator.TILDE, i, 1, out);
      case ':':
        if (d == '=') {
          return operator(SqlOperator.ASSIGN, i, 2, out);
        }
        return d == ':' ? operator(SqlOperator.CAST, i, 2, out) : i;
      default:
        return i;
    }
  }

  /** Characters with no meaning in SQL; runs of non-ASCII symbols (emoji) form one token. */
  private static int other(String s, int i, char c, SqlTokens out) {
    int j = i + 1;
    if (c >= 0x80) {
      while (j < s.length()) {
        char d = s.charAt(j);
        if (d < 0x80 || isSpace(d) || isWordStart(d) || Character.isDigit(d)) {
          break;
        }
        j++;
      }
    }
    out.add(SqlTokenType.OTHER, i, j, 0, 0);
    return j;
  }

  /**
   * A quoted string starting with quote {@code q} at {@code i}; the token starts at {@code from}.
   */
  private static int string(String s, int from, int i, char q, SqlTokens out) {
    int n = s.length();
    int j = i + 1;
    while (j < n) {
      char c = s.charAt(j);
      if (c == '\\' && q != '`') {
        j += 2;
      } else if (c == q) {
        if (j + 1 < n && s.charAt(j + 1) == q) {
          j += 2;
        } else {
          out.add(SqlTokenType.STRING, from, j + 1, q, SqlTokens.CLOSED);
          return j + 1;
        }
      } else {
        j++;
      }
    }
    out.add(SqlTokenType.STRING, from, n, q, 0);
    return n;
  }

  private static int lineComment(String s, int i, SqlTokens out) {
    int n = s.length();
    int j = i + 1;
    while (j < n && s.charAt(j) != '\n' && s.charAt(j) != '\r') {
      j++;
    }
    out.add(SqlTokenType.COMMENT, i, j, s.charAt(i), SqlTokens.CLOSED);
    return j;
  }

  private static int blockComment(String s, int i, SqlTokens out) {
    int n = s.length();
    for (int j = i + 2; j + 1 < n; j++) {
      if (s.charAt(j) == '*' && s.charAt(j + 1) == '/') {
        out.add(SqlTokenType.COMMENT, i, j + 2, '/', SqlTokens.CLOSED);
        return j + 2;
      }
    }
    out.add(SqlTokenType.COMMENT, i, n, '/', 0);
    return n;
  }

  private static int variable(String s, int i, SqlTokens out) {
    int j = i + 1;
    int ats = 1;
    if (charAt(s, j) == '@') {
      j++;
      ats = 2;
    }
    int nameStart = j;
    while (j < s.length() && isWordPart(s.charAt(j))) {
      j++;
    }
    if (j == nameStart) {
      out.add(SqlTokenType.OTHER, i, i + 1, 0, 0);
      return i + 1;
    }
    out.add(SqlTokenType.VARIABLE, i, j, ats, 0);
    return j;
  }

  /** Decimal, hexadecimal ({@code 0x}), binary ({@code 0b}) and scientific numbers. */
  private static int number(String s, int i, SqlTokens out) {
    int n = s.length();
    char c1 = charAt(s, i + 1);
    if (s.charAt(i) == '0' && (c1 == 'x' || c1 == 'X' || c1 == 'b' || c1 == 'B')) {
      boolean hex = c1 == 'x' || c1 == 'X';
      int j = i + 2;
      while (j < n
          && (hex ? Chars.hexValue(s.charAt(j)) >= 0 : s.charAt(j) == '0' || s.charAt(j) == '1')) {
        j++;
      }
      if (j > i + 2 && (j == n || !isWordPart(s.charAt(j)))) {
        out.add(SqlTokenType.NUMBER, i, j, 0, 0);
        return j;
      }
      return word(s, i, out);
    }
    int j = i;
    while (j < n && isAsciiDigit(s.charAt(j))) {
      j++;
    }
    boolean decimal = false;
    if (j < n && s.charAt(j) == '.') {
      j++;
      decimal = true;
      while (j < n && isAsciiDigit(s.charAt(j))) {
        j++;
      }
    }
    char e = charAt(s, j);
    if (e == 'e' || e == 'E') {
      int k = j + 1;
      if (charAt(s, k) == '+' || charAt(s, k) == '-') {
        k++;
      }
      if (isAsciiDigit(charAt(s, k))) {
        while (k < n && isAsciiDigit(s.charAt(k))) {
          k++;
        }
        j = k;
        decimal = true;
      }
    }
    if (!decimal && j < n && isWordPart(s.charAt(j))) {
      return word(s, i, out);
    }
    out.add(SqlTokenType.NUMBER, i, j, 0, 0);
    return j;
  }

  /** A word: keyword, logic operator, function name or bareword. */
  private static int word(String s, int i, SqlTokens out) {
    int n = s.length();
    int j = i + 1;
    while (j < n) {
      char c = s.charAt(j);
      if (isWordPart(c)) {
        j++;
      } else if (c == '.' && j + 1 < n && (isWordPart(s.charAt(j + 1)) || s.charAt(j + 1) == '.')) {
        j++;
      } else {
        break;
      }
    }
    if (j == i + 1 && charAt(s, j) == '\'' && isStringPrefix(s.charAt(i))) {
      return string(s, i, j, '\'', out);
    }
    SqlWord w = SqlWord.lookup(s, i, j);
    boolean call = charAt(s, j) == '(';
    if (!call && w != null && w.kind() == SqlWord.Kind.FUNCTION) {
      int k = j;
      while (k < n && isSpace(s.charAt(k))) {
        k++;
      }
      call = charAt(s, k) == '(';
    }
    int code = w == null ? -1 : w.ordinal();
    if (w == null) {
      out.add(call ? SqlTokenType.FUNCTION : SqlTokenType.BAREWORD, i, j, code, 0);
    } else if (w.kind() == SqlWord.Kind.LOGIC) {
      out.add(SqlTokenType.LOGIC, i, j, code, 0);
    } else if (w.kind() == SqlWord.Kind.FUNCTION) {
      out.add(call ? SqlTokenType.FUNCTION : SqlTokenType.BAREWORD, i, j, code, 0);
    } else if (call && w.is(SqlWord.Bits.CALLABLE)) {
      out.add(SqlTokenType.FUNCTION, i, j, code, 0);
    } else if (!merge(w, j, out)) {
      out.add(SqlTokenType.KEYWORD, i, j, code, 0);
    }
    return j;
  }

  /** Joins BY to a preceding ORDER or GROUP, and LIKE to SOUNDS; true when it did. */
  private static boolean merge(SqlWord w, int end, SqlTokens out) {
    if (w != SqlWord.BY && w != SqlWord.LIKE) {
      return false;
    }
    int p = out.size - 1;
    while (p >= 0 && out.types[p] == SqlTokens.COMMENT) {
      p--;
    }
    if (p < 0 || out.types[p] != SqlTokens.KEYWORD) {
      return false;
    }
    SqlWord prev = SqlWord.of(out.codes[p]);
    SqlWord merged;
    if (w == SqlWord.BY && prev == SqlWord.ORDER) {
      merged = SqlWord.ORDER_BY;
    } else if (w == SqlWord.BY && prev == SqlWord.GROUP) {
      merged = SqlWord.GROUP_BY;
    } else if (w == SqlWord.LIKE && prev == SqlWord.SOUNDS) {
      merged = SqlWord.SOUNDS_LIKE;
    } else {
      return false;
    }
    out.codes[p] = (short) merged.ordinal();
    out.ends[p] = end;
    out.size = p + 1;
    return true;
  }

  private static boolean isStringPrefix(char c) {
    return switch (c) {
      case 'n', 'N', 'x', 'X', 'b', 'B', 'e', 'E' -> true;
      default -> false;
    };
  }

  /** SQL whitespace as the most permissive database sees it (see the class comment). */
  public static boolean isSpace(char c) {
    if (c <= ' ') {
      return true;
    }
    if (c < 0x80) {
      return false;
    }
    return c == 0xa0
        || c == 0x85
        || c == 0xfffd
        || c == 0xfeff
        || c == 0x1680
        || (c >= 0x2000 && c <= 0x200b)
        || c == 0x2028
        || c == 0x2029
        || c == 0x202f
        || c == 0x205f
        || c == 0x3000;
  }

  static boolean isWordStart(char c) {
    if (c < 0x80) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
    }
    return Character.isLetter(c);
  }

  static boolean isWordPart(char c) {
    if (c < 0x80) {
      return (c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '_'
          || c == '$';
    }
    return Character.isLetterOrDigit(c);
  }
}

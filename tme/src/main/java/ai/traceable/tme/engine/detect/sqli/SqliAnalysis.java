package ai.traceable.tme.engine.detect.sqli;

import static ai.traceable.tme.engine.detect.sqli.SqlTokens.BAREWORD;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.COMMA;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.COMMENT;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.FUNCTION;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.KEYWORD;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.LEFT_PAREN;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.LOGIC;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.NUMBER;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.OPERATOR;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.RIGHT_PAREN;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.SEMICOLON;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.STRING;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.VARIABLE;

import ai.traceable.tme.engine.detect.Chars;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.Hits;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.detect.Text;
import ai.traceable.tme.engine.detect.sqli.SqlTokenizer.Context;
import ai.traceable.tme.engine.detect.sqli.SqlWord.Bits;

/**
 * Judges the token shapes of one value in one context at a time; see {@link SqliDetector}. One
 * instance serves one inspected value (all its contexts), reports each rule at most once and
 * remembers whether a critical rule hit.
 *
 * <p>Tokens are addressed through {@link #sig}, the indices of the non-comment tokens, so that
 * comments act as whitespace; {@link #commentAfter(int)} looks at the comments that were skipped.
 * Positions past the last token read as "end". Every walk is bounded by the token count.
 */
final class SqliAnalysis {
  // operand kinds
  private static final int LIT = 1;
  private static final int WORD = 2;
  private static final int CALL = 3;
  private static final int KNOWN_CALL = 4;
  private static final int SUBQUERY = 5;
  private static final int EXPR = 6;

  private static final String[] CATALOGUES = {
    "information_schema",
    "sysobjects",
    "syscolumns",
    "sysdatabases",
    "sysusers",
    "sys.objects",
    "sys.tables",
    "sys.columns",
    "sys.databases",
    "sys.schemas",
    "sys.sql_logins",
    "sys.server_principals",
    "master.",
    "all_tables",
    "all_tab_columns",
    "all_users",
    "user_tables",
    "user_tab_columns",
    "user_objects",
    "dba_",
    "v$",
    "pg_catalog",
    "pg_shadow",
    "pg_user",
    "pg_tables",
    "pg_database",
    "mysql.",
    "sqlite_master",
    "sqlite_schema",
    "sqlite_temp_master",
    "msysobjects"
  };

  private final SqliDetector detector;
  private final Hits hits;
  private final SqlTokens t;
  private final int[] sig;
  private int n;
  private String src = "";
  private Context ctx = Context.PLAIN;
  private long reported;
  private boolean critical;

  /** Type of the first operand of a plain value, or -1 when it does not start with one. */
  private int plainStart;

  /** The semicolon judged right after the break-out, or -1. */
  private int anchoredSemicolon;

  /** Numbers seen as arguments of CHAR()/CHR() in the current context. */
  private int charCodes;

  // results of the last operand() and comparison() parses
  private int kind;
  private int lit;
  private int leftKind;
  private int leftLit;
  private int rightKind;
  private int rightLit;

  SqliAnalysis(SqliDetector detector, Hits hits, SqlTokens tokens) {
    this.detector = detector;
    this.hits = hits;
    this.t = tokens;
    this.sig = new int[tokens.capacity()];
  }

  boolean critical() {
    return critical;
  }

  /** Tokenises {@code s} in {@code context} and reports what its shapes match. */
  void run(String s, Context context) {
    src = s;
    ctx = context;
    SqlTokenizer.tokenize(s, context, t);
    n = 0;
    for (int i = 0; i < t.size; i++) {
      if (t.types[i] != COMMENT) {
        sig[n++] = i;
      }
    }
    charCodes = 0;
    anchoredSemicolon = -1;
    int anchor = anchorIndex();
    if (anchor >= 0) {
      anchored(anchor);
    }
    for (int k = 0; k < n; k++) {
      anywhere(k);
    }
  }

  // ---------------------------------------------------------------- token access

  private byte ty(int k) {
    return k >= 0 && k < n ? t.types[sig[k]] : -1;
  }

  private int code(int k) {
    return t.codes[sig[k]];
  }

  private SqlWord word(int k) {
    byte y = ty(k);
    if (y == KEYWORD || y == LOGIC || y == FUNCTION || y == BAREWORD) {
      return SqlWord.of(code(k));
    }
    return null;
  }

  private boolean is(int k, SqlWord w) {
    return word(k) == w;
  }

  private boolean op(int k, SqlOperator o) {
    return ty(k) == OPERATOR && code(k) == o.ordinal();
  }

  private boolean comparisonOp(int k) {
    return ty(k) == OPERATOR && SqlOperator.of(code(k)).comparison();
  }

  private boolean literal(int k) {
    byte y = ty(k);
    return y == NUMBER
        || y == STRING
        || y == VARIABLE
        || is(k, SqlWord.NULL)
        || is(k, SqlWord.TRUE)
        || is(k, SqlWord.FALSE);
  }

  private boolean flag(int k, int flag) {
    return k >= 0 && k < n && (t.flags[sig[k]] & flag) != 0;
  }

  private int start(int k) {
    return k < n ? t.starts[sig[k]] : src.length();
  }

  private int end(int k) {
    return t.ends[sig[k]];
  }

  private boolean textStarts(int k, String lower) {
    int s = start(k);
    return end(k) - s >= lower.length() && src.regionMatches(true, s, lower, 0, lower.length());
  }

  private boolean textIs(int k, String lower) {
    return k >= 0 && k < n && end(k) - start(k) == lower.length() && textStarts(k, lower);
  }

  /** The raw index of the first comment between significant tokens k and k+1, or -1. */
  private int commentAfter(int k) {
    int from = k < 0 ? 0 : sig[k] + 1;
    int to = k + 1 < n ? sig[k + 1] : t.size;
    for (int i = from; i < to; i++) {
      if (t.types[i] == COMMENT) {
        return i;
      }
    }
    return -1;
  }

  /** The index after the parenthesis that closes the one at {@code k} (or the end). */
  private int closeParen(int k) {
    int depth = 0;
    for (int j = k; j < n; j++) {
      byte y = ty(j);
      if (y == LEFT_PAREN) {
        depth++;
      } else if (y == RIGHT_PAREN && --depth == 0) {
        return j + 1;
      }
    }
    return n;
  }

  // ---------------------------------------------------------------- reporting

  private void report(DetectionRule rule, int k) {
    reportAt(rule, start(k));
  }

  private void reportAt(DetectionRule rule, int position) {
    if (!detector.enabled(rule)) {
      return;
    }
    long bit = SqliDetector.TABLE.bit(rule);
    if ((reported & bit) != 0) {
      return;
    }
    reported |= bit;
    if (rule.severity() == Severity.CRITICAL) {
      critical = true;
    }
    hits.hit(rule, Detector.snippet(src, position));
  }

  // ---------------------------------------------------------------- anchored shapes

  /**
   * Where the attacker's SQL would start: after the context string when its quote is closed by the
   * value, or after the first operand of a plain value; closing parentheses and arithmetic ({@code
   * 1'+1}) are skipped. -1 when the value never leaves the context string.
   */
  private int anchorIndex() {
    int k;
    if (ctx != Context.PLAIN) {
      if (n == 0 || !flag(0, SqlTokens.CONTEXT) || !flag(0, SqlTokens.CLOSED)) {
        return -1;
      }
      k = 1;
      plainStart = STRING;
    } else {
      k = (op(0, SqlOperator.MINUS) || op(0, SqlOperator.PLUS)) && ty(1) == NUMBER ? 1 : 0;
      byte y = ty(k);
      if (y == NUMBER
          || y == VARIABLE
          || y == BAREWORD
          || (y == STRING && flag(k, SqlTokens.CLOSED))) {
        plainStart = y;
        k++;
      } else {
        plainStart = -1;
        k = 0;
      }
    }
    for (int guard = 0; guard < n && k < n; guard++) {
      if (ty(k) == RIGHT_PAREN) {
        k++;
      } else if (ty(k) == OPERATOR && !comparisonOp(k) && !op(k, SqlOperator.BANG)) {
        int e = operand(k + 1);
        if (e < 0) {
          break;
        }
        k = e;
      } else {
        break;
      }
    }
    return k;
  }

  private void anchored(int a) {
    if (a >= n) {
      commentAtEnd(a);
      return;
    }
    int k = a;
    if (plainStart != -1 && comparisonStart(k)) {
      int e = comparisonTail(k);
      if (e < 0) {
        return;
      }
      if (rightKind == SUBQUERY && plainStart != BAREWORD) {
        report(SqliDetector.TAUTOLOGY, k);
        return;
      }
      k = e;
      while (ty(k) == RIGHT_PAREN) {
        k++;
      }
    }
    SqlWord w = word(k);
    byte y = ty(k);
    if (y == LOGIC || w == SqlWord.HAVING || w == SqlWord.WHERE) {
      condition(k + 1, k, y != LOGIC);
    } else if (y == SEMICOLON) {
      anchoredSemicolon = k;
      if (statement(k + 1)) {
        report(SqliDetector.STACKED, k);
      }
    } else if ((w == SqlWord.ORDER_BY || w == SqlWord.GROUP_BY) && plainStart != -1) {
      orderBy(k + 1, k);
    }
  }

  /** Nothing follows the break-out but a comment: the rest of the query is cut off. */
  private void commentAtEnd(int a) {
    int c = commentAfter(a - 1);
    if (c < 0 || a == 0) {
      return;
    }
    if (ctx == Context.PLAIN) {
      if (plainStart == NUMBER || plainStart == STRING) {
        reportAt(SqliDetector.COMMENT_AFTER_LITERAL, t.starts[c]);
      }
      return;
    }
    boolean shortTail = shortComment(c);
    if (valueLike() && shortTail) {
      reportAt(SqliDetector.COMMENT_BREAKOUT, t.starts[c]);
    } else if (shortTail || dashesThenSpace(c)) {
      reportAt(SqliDetector.COMMENT_AFTER_QUOTE, t.starts[c]);
    }
  }

  /**
   * {@code --} followed by a space or {@code +} (or nothing), as SQL comments are written; {@code
   * '--dry-run'} is a command-line option and {@code "---"} a separator, not comments.
   */
  private boolean dashesThenSpace(int c) {
    if (t.codes[c] != '-') {
      return false;
    }
    int after = t.starts[c] + 2;
    if (after >= t.ends[c]) {
      return true;
    }
    char x = src.charAt(after);
    return SqlTokenizer.isSpace(x) || x == '+';
  }

  /** The context string holds something like a single value: no spaces or quotes, not long. */
  private boolean valueLike() {
    int to = end(0) - 1;
    if (to > 64) {
      return false;
    }
    for (int i = 0; i < to; i++) {
      char x = src.charAt(i);
      if (SqlTokenizer.isSpace(x) || x == '\'' || x == '"' || x == '`') {
        return false;
      }
    }
    return true;
  }

  /** A comment whose text is at most a few characters ({@code -- -}, {@code #}, {@code /*}). */
  private boolean shortComment(int c) {
    if (t.codes[c] == '-' && !dashesThenSpace(c)) {
      return false;
    }
    int from = t.starts[c] + (t.codes[c] == '#' ? 1 : 2);
    int to = t.ends[c];
    if (t.codes[c] == '/' && (t.flags[c] & SqlTokens.CLOSED) != 0) {
      to -= 2;
    }
    int chars = 0;
    for (int i = from; i < to; i++) {
      char x = src.charAt(i);
      if (x == '\'' || x == '"' || x == '`') {
        return false;
      }
      if (!SqlTokenizer.isSpace(x) && ++chars > 3) {
        return false;
      }
    }
    return true;
  }

  /**
   * A condition after a logic operator (or WHERE/HAVING) at {@code at}: a comparison, a bare
   * constant, a function call or a sub-query. Strong shapes are critical; others are weak.
   */
  private void condition(int k, int at, boolean quiet) {
    int j = k;
    while (is(j, SqlWord.NOT) || op(j, SqlOperator.BANG)) {
      j++;
    }
    if (ty(j) == LEFT_PAREN && comparison(j) < 0) {
      while (is(j, SqlWord.NOT) || op(j, SqlOperator.BANG) || ty(j) == LEFT_PAREN) {
        if (ty(j) == LEFT_PAREN && is(j + 1, SqlWord.SELECT)) {
          break;
        }
        j++;
      }
    }
    if (is(j, SqlWord.EXISTS) && ty(j + 1) == LEFT_PAREN && is(j + 2, SqlWord.SELECT)) {
      if (!strictStart()) {
        report(SqliDetector.TAUTOLOGY, at);
      }
      return;
    }
    int c = comparison(j);
    if (c >= 0) {
      if (strongComparison() && endsCondition(c)) {
        report(SqliDetector.TAUTOLOGY, at);
      } else if (!quiet) {
        weak(at);
      }
      return;
    }
    int e = operand(j);
    if (e < 0) {
      if (!quiet) {
        weak(at);
      }
      return;
    }
    if ((kind == SUBQUERY || kind == KNOWN_CALL) && !strictStart() && endsCondition(e)) {
      report(SqliDetector.TAUTOLOGY, at);
    } else if (kind == LIT && endsCondition(e) && constantCondition(lit)) {
      report(SqliDetector.TAUTOLOGY, at);
    } else if (!quiet) {
      weak(at);
    }
  }

  /**
   * A comparison of two literals at {@code k} ({@code 1=1}, {@code (7812=7812)}) followed by {@code
   * then} (CASE WHEN ... THEN) or, when null, by a comma (IF(cond, a, b)).
   */
  private boolean constantTest(int k, SqlWord then) {
    int j = k;
    int parens = 0;
    while (ty(j) == LEFT_PAREN) {
      j++;
      parens++;
    }
    int e = comparison(j);
    if (e < 0 || leftKind != LIT || rightKind != LIT) {
      return false;
    }
    for (int i = 0; i < parens && ty(e) == RIGHT_PAREN; i++) {
      e++;
    }
    return then != null ? is(e, then) : ty(e) == COMMA;
  }

  /** {@code OR 1}, {@code OR TRUE}, {@code OR NOT FALSE}, {@code OR '1'} as a whole condition. */
  private boolean constantCondition(int k) {
    boolean bool = is(k, SqlWord.TRUE) || is(k, SqlWord.FALSE);
    if (ctx != Context.PLAIN) {
      return bool || ty(k) == NUMBER || truthyString(k);
    }
    return bool && plainStart == NUMBER;
  }

  private boolean endsCondition(int e) {
    byte y = ty(e);
    return e >= n
        || y == LOGIC
        || y == RIGHT_PAREN
        || y == SEMICOLON
        || is(e, SqlWord.ORDER_BY)
        || is(e, SqlWord.GROUP_BY)
        || is(e, SqlWord.HAVING)
        || is(e, SqlWord.LIMIT)
        || is(e, SqlWord.INTO)
        || is(e, SqlWord.UNION);
  }

  private boolean strongComparison() {
    if ((leftKind == SUBQUERY || rightKind == SUBQUERY) && !strictStart()) {
      return true;
    }
    if (leftLit >= 0 && rightLit >= 0 && sameText(leftLit, rightLit)) {
      return true;
    }
    if (leftKind == LIT && rightKind == LIT) {
      return true;
    }
    if (ctx == Context.PLAIN) {
      return !strictStart()
          && ((leftKind == KNOWN_CALL && rightKind != WORD)
              || (rightKind == KNOWN_CALL && leftKind != WORD));
    }
    return leftKind != WORD || rightKind != WORD;
  }

  /**
   * A plain value that starts with a word or a logic operator rather than a number or string: code
   * and prose look like that, so only literal comparisons count.
   */
  private boolean strictStart() {
    return ctx == Context.PLAIN && (plainStart == BAREWORD || plainStart == -1);
  }

  private void weak(int at) {
    if (ctx != Context.PLAIN || plainStart == NUMBER || plainStart == STRING) {
      report(SqliDetector.WEAK_BREAKOUT, at);
    }
  }

  /** {@code ORDER BY 3--}, {@code ORDER BY 1,2}, {@code GROUP BY a HAVING 1=1}. */
  private void orderBy(int k, int at) {
    int j = k;
    if (ty(j) != NUMBER) {
      while (ty(j) == BAREWORD || ty(j) == COMMA) {
        j++;
      }
      if (j > k && is(j, SqlWord.HAVING)) {
        condition(j + 1, j, true);
      }
      return;
    }
    j++;
    while (ty(j) == COMMA && ty(j + 1) == NUMBER) {
      j += 2;
    }
    if (textIs(j, "asc") || textIs(j, "desc")) {
      j++;
    }
    if (j >= n) {
      boolean comment = commentAfter(j - 1) >= 0;
      report(comment ? SqliDetector.ORDER_BY_COMMENT : SqliDetector.ORDER_BY, at);
    } else if (is(j, SqlWord.HAVING)) {
      condition(j + 1, j, true);
    }
  }

  // ---------------------------------------------------------------- expressions

  /** Parses an operand at {@code j}; returns the index after it (or -1) and sets kind/lit. */
  private int operand(int j) {
    int k = j;
    while (op(k, SqlOperator.MINUS)
        || op(k, SqlOperator.PLUS)
        || op(k, SqlOperator.TILDE)
        || op(k, SqlOperator.BANG)) {
      k++;
    }
    byte y = ty(k);
    int kd;
    int lt = -1;
    if (literal(k)) {
      kd = LIT;
      lt = k;
      k++;
    } else if (y == FUNCTION) {
      kd = word(k) != null ? KNOWN_CALL : CALL;
      k = ty(k + 1) == LEFT_PAREN ? closeParen(k + 1) : k + 1;
    } else if (y == LEFT_PAREN) {
      if (is(k + 1, SqlWord.SELECT)) {
        kd = SUBQUERY;
      } else if (literal(k + 1) && ty(k + 2) == RIGHT_PAREN) {
        kd = LIT;
        lt = k + 1;
      } else {
        kd = EXPR;
      }
      k = closeParen(k);
    } else if (y == BAREWORD) {
      kd = WORD;
      lt = k;
      k++;
    } else if (is(k, SqlWord.CASE)) {
      kd = EXPR;
      k = caseEnd(k);
    } else {
      return -1;
    }
    if (arithmetic(k)) {
      int e = operand(k + 1);
      if (e >= 0) {
        kd = stronger(kd, kind);
        lt = -1;
        k = e;
      }
    }
    kind = kd;
    lit = lt;
    return k;
  }

  private boolean arithmetic(int k) {
    if (ty(k) == OPERATOR) {
      return !comparisonOp(k) && !op(k, SqlOperator.BANG) && !op(k, SqlOperator.ASSIGN);
    }
    return is(k, SqlWord.DIV) || is(k, SqlWord.MOD);
  }

  private static int stronger(int a, int b) {
    if (a == SUBQUERY || b == SUBQUERY) {
      return SUBQUERY;
    }
    if (a == KNOWN_CALL || b == KNOWN_CALL) {
      return KNOWN_CALL;
    }
    return a == LIT && b == LIT ? LIT : EXPR;
  }

  private int caseEnd(int k) {
    for (int j = k + 1; j < n; j++) {
      if (is(j, SqlWord.END)) {
        return j + 1;
      }
    }
    return n;
  }

  /** Parses {@code operand comparison operand}; returns the end (or -1), sets left/right. */
  private int comparison(int j) {
    int e = operand(j);
    if (e < 0) {
      return -1;
    }
    int lk = kind;
    int ll = lit;
    int end = comparisonTail(e);
    leftKind = lk;
    leftLit = ll;
    return end;
  }

  private boolean comparisonStart(int k) {
    SqlWord w = word(k);
    return comparisonOp(k)
        || w == SqlWord.LIKE
        || w == SqlWord.RLIKE
        || w == SqlWord.REGEXP
        || w == SqlWord.GLOB
        || w == SqlWord.SOUNDS_LIKE
        || w == SqlWord.IS
        || w == SqlWord.BETWEEN
        || w == SqlWord.IN
        || (w == SqlWord.NOT && comparisonStart(k + 1));
  }

  /** Parses the comparison operator at {@code k} and its right side; sets rightKind/rightLit. */
  private int comparisonTail(int k) {
    int j = k;
    boolean not = is(j, SqlWord.NOT);
    if (not) {
      j++;
    }
    SqlWord w = word(j);
    if ((!not && comparisonOp(j))
        || w == SqlWord.LIKE
        || w == SqlWord.RLIKE
        || w == SqlWord.REGEXP
        || w == SqlWord.GLOB
        || w == SqlWord.SOUNDS_LIKE) {
      return right(operand(j + 1));
    }
    if (!not && w == SqlWord.IS) {
      j++;
      if (is(j, SqlWord.NOT)) {
        j++;
      }
      if (is(j, SqlWord.NULL) || is(j, SqlWord.TRUE) || is(j, SqlWord.FALSE)) {
        rightKind = LIT;
        rightLit = -1;
        return j + 1;
      }
      return -1;
    }
    if (w == SqlWord.BETWEEN) {
      int e = operand(j + 1);
      if (e < 0 || !is(e, SqlWord.AND)) {
        return -1;
      }
      int first = kind;
      int e2 = operand(e + 1);
      if (e2 < 0) {
        return -1;
      }
      rightKind = stronger(first, kind);
      rightLit = -1;
      return e2;
    }
    if (w == SqlWord.IN && ty(j + 1) == LEFT_PAREN) {
      rightKind = is(j + 2, SqlWord.SELECT) ? SUBQUERY : LIT;
      rightLit = -1;
      return closeParen(j + 1);
    }
    return -1;
  }

  private int right(int e) {
    rightKind = kind;
    rightLit = lit;
    return e;
  }

  /** A string holding a non-zero number ({@code '1'}), which SQL takes as true. */
  private boolean truthyString(int k) {
    if (ty(k) != STRING) {
      return false;
    }
    int from = contentStart(k);
    int to = contentEnd(k);
    boolean nonZero = false;
    for (int i = from; i < to; i++) {
      char c = src.charAt(i);
      if (!Chars.isAsciiDigit(c)) {
        return false;
      }
      nonZero |= c != '0';
    }
    return nonZero;
  }

  /** Whether two literal tokens have the same content (quotes aside, case ignored). */
  private boolean sameText(int a, int b) {
    int as = contentStart(a);
    int bs = contentStart(b);
    int al = contentEnd(a) - as;
    int bl = contentEnd(b) - bs;
    return al == bl && src.regionMatches(true, as, src, bs, al);
  }

  private int contentStart(int k) {
    int s = start(k);
    if (ty(k) != STRING) {
      return s;
    }
    char q = (char) code(k);
    return src.charAt(s) == q ? s + 1 : s + 2;
  }

  private int contentEnd(int k) {
    int e = end(k);
    return ty(k) == STRING && flag(k, SqlTokens.CLOSED) ? e - 1 : e;
  }

  // ---------------------------------------------------------------- statements and selects

  /** Whether a SQL statement starts at {@code k} (as after a stacking semicolon). */
  private boolean statement(int k) {
    SqlWord w = word(k);
    if (w == null) {
      return false;
    }
    return switch (w) {
      case DROP, ALTER -> object(k + 1);
      case CREATE -> object(is(k + 1, SqlWord.OR) && is(k + 2, SqlWord.REPLACE) ? k + 3 : k + 1);
      case DELETE -> is(k + 1, SqlWord.FROM) && name(k + 2) && endsStatement(k + 3);
      case INSERT -> is(k + 1, SqlWord.INTO) && insertTarget(k + 2);
      case UPDATE -> name(k + 1) && is(k + 2, SqlWord.SET);
      case EXEC, EXECUTE -> procedureLike(k + 1);
      case SHUTDOWN -> k + 1 >= n || is(k + 1, SqlWord.WITH) || ty(k + 1) == SEMICOLON;
      case DECLARE -> ty(k + 1) == VARIABLE;
      case TRUNCATE -> is(k + 1, SqlWord.TABLE) || (name(k + 1) && endsStatement(k + 2));
      case SELECT -> selectList(k);
      case WAITFOR -> (is(k + 1, SqlWord.DELAY) || is(k + 1, SqlWord.TIME)) && ty(k + 2) == STRING;
      case SET ->
          ty(k + 1) == VARIABLE && (op(k + 2, SqlOperator.EQ) || op(k + 2, SqlOperator.ASSIGN));
      default -> false;
    };
  }

  private boolean object(int k) {
    SqlWord w = word(k);
    return w != null && w.is(Bits.OBJECT);
  }

  private boolean name(int k) {
    byte y = ty(k);
    return y == BAREWORD || (y == KEYWORD && object(k)) || (y == STRING && code(k) != '\'');
  }

  private boolean insertTarget(int k) {
    if (ty(k) == FUNCTION) {
      return true;
    }
    if (!name(k)) {
      return false;
    }
    return ty(k + 1) == LEFT_PAREN
        || is(k + 1, SqlWord.VALUES)
        || is(k + 1, SqlWord.SELECT)
        || is(k + 1, SqlWord.SET);
  }

  private boolean endsStatement(int k) {
    byte y = ty(k);
    return k >= n
        || y == SEMICOLON
        || y == RIGHT_PAREN
        || is(k, SqlWord.WHERE)
        || is(k, SqlWord.LIMIT);
  }

  private boolean procedureLike(int k) {
    byte y = ty(k);
    if (y == VARIABLE || y == LEFT_PAREN || is(k, SqlWord.IMMEDIATE)) {
      return true;
    }
    if (y != BAREWORD && y != FUNCTION) {
      return false;
    }
    SqlWord w = word(k);
    if (w != null && w.is(Bits.PROCEDURE)) {
      return true;
    }
    return textStarts(k, "xp_") || textStarts(k, "sp_") || textStarts(k, "master.");
  }

  /**
   * Whether the SELECT at {@code k} has a select list that looks like SQL: a literal, a call, a
   * star, a parenthesis, or a name followed by a comma, FROM, AS, INTO or a closing parenthesis.
   * Prose ({@code select the best}) does not.
   */
  private boolean selectList(int k) {
    int m = k + 1;
    while (true) {
      if (is(m, SqlWord.DISTINCT) || is(m, SqlWord.ALL)) {
        m++;
      } else if (is(m, SqlWord.TOP)) {
        m = ty(m + 1) == LEFT_PAREN ? closeParen(m + 1) : m + 2;
      } else {
        break;
      }
    }
    if (m >= n) {
      return false;
    }
    byte y = ty(m);
    if (literal(m)
        || y == FUNCTION
        || y == LEFT_PAREN
        || is(m, SqlWord.CASE)
        || op(m, SqlOperator.STAR)) {
      return true;
    }
    SqlWord w = word(m);
    if (y != BAREWORD && !(y == KEYWORD && w != null && w.is(Bits.INFO))) {
      return false;
    }
    int z = m + 1;
    if (z >= n) {
      return commentAfter(m) >= 0;
    }
    byte after = ty(z);
    return after == COMMA
        || after == RIGHT_PAREN
        || after == SEMICOLON
        || (after == LOGIC && flag(z, SqlTokens.SYMBOL))
        || (is(z, SqlWord.FROM) && fromClause(z + 1))
        || is(z, SqlWord.AS)
        || is(z, SqlWord.INTO);
  }

  /** A table (name or parenthesis) followed by what can follow a FROM clause. */
  private boolean fromClause(int k) {
    int j;
    if (ty(k) == LEFT_PAREN) {
      j = closeParen(k);
      if (ty(j) == BAREWORD) {
        j++;
      }
    } else if (name(k) || (ty(k) == KEYWORD && word(k).is(Bits.INFO))) {
      j = k + 1;
    } else {
      return false;
    }
    byte y = ty(j);
    return j >= n
        || y == RIGHT_PAREN
        || y == SEMICOLON
        || y == COMMA
        || y == LOGIC
        || is(j, SqlWord.WHERE)
        || is(j, SqlWord.LIMIT)
        || is(j, SqlWord.ORDER_BY)
        || is(j, SqlWord.GROUP_BY)
        || is(j, SqlWord.HAVING)
        || is(j, SqlWord.UNION)
        || is(j, SqlWord.JOIN)
        || is(j, SqlWord.AS)
        || is(j, SqlWord.INTO);
  }

  private boolean hasFromLater(int k) {
    for (int j = k + 1; j < n && ty(j) != SEMICOLON; j++) {
      if (is(j, SqlWord.FROM)) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- shapes anywhere

  private void anywhere(int k) {
    byte y = ty(k);
    if (y == KEYWORD) {
      keyword(k);
    } else if (y == FUNCTION) {
      function(k);
    } else if (y == BAREWORD) {
      bareword(k);
    } else if (y == LEFT_PAREN) {
      if (is(k + 1, SqlWord.SELECT)) {
        subquery(k);
      }
    } else if (y == LOGIC) {
      tautologyAnywhere(k);
    } else if (y == SEMICOLON) {
      if (k != anchoredSemicolon && statement(k + 1)) {
        report(SqliDetector.STACKED_ANYWHERE, k);
      }
    } else if (y == VARIABLE) {
      variable(k);
    } else if (y == NUMBER) {
      hexLiteral(k);
    }
  }

  private void keyword(int k) {
    SqlWord w = word(k);
    switch (w) {
      case UNION -> union(k);
      case CASE -> {
        if (is(k + 1, SqlWord.WHEN) && constantTest(k + 2, SqlWord.THEN)) {
          report(SqliDetector.CONSTANT_BRANCH, k);
        }
      }
      case INTO -> {
        if ((is(k + 1, SqlWord.OUTFILE) || is(k + 1, SqlWord.DUMPFILE)) && ty(k + 2) == STRING) {
          report(SqliDetector.FILE_ACCESS, k);
        }
      }
      case WAITFOR -> {
        if ((is(k + 1, SqlWord.DELAY) || is(k + 1, SqlWord.TIME)) && ty(k + 2) == STRING) {
          report(SqliDetector.TIME_BASED, k);
        }
      }
      case PROGRAM -> {
        if ((is(k - 1, SqlWord.FROM) || textIs(k - 1, "to")) && ty(k + 1) == STRING) {
          report(SqliDetector.FILE_ACCESS, k);
        }
      }
      case SELECT -> {
        if (selectList(k) && hasFromLater(k)) {
          report(SqliDetector.STATEMENT, k);
        }
      }
      case INSERT, UPDATE, DELETE, DROP, CREATE, ALTER, TRUNCATE -> {
        if (statement(k)) {
          report(SqliDetector.STATEMENT, k);
        }
      }
      default -> {}
    }
  }

  /** UNION [ALL|DISTINCT] [(] SELECT with a SQL select list. */
  private void union(int k) {
    int j = k + 1;
    if (is(j, SqlWord.ALL) || is(j, SqlWord.DISTINCT)) {
      j++;
    }
    while (ty(j) == LEFT_PAREN) {
      j++;
    }
    if (is(j, SqlWord.SELECT) && selectList(j)) {
      report(SqliDetector.UNION_SELECT, k);
    }
  }

  /**
   * A parenthesised SELECT. As an operand of a logic or arithmetic operator, or as a function
   * argument, it is how data is pulled into a boolean or error; elsewhere (IN, FROM, =) it is
   * ordinary SQL text.
   */
  private void subquery(int k) {
    if (!selectList(k + 1)) {
      return;
    }
    byte p = ty(k - 1);
    boolean strong =
        p == LOGIC
            || (p == OPERATOR && !comparisonOp(k - 1))
            || ((p == COMMA || p == LEFT_PAREN) && insideCall(k));
    report(strong ? SqliDetector.SUBQUERY : SqliDetector.STATEMENT, k);
  }

  /** Whether the token at {@code k} is inside the argument list of a function call. */
  private boolean insideCall(int k) {
    int depth = 0;
    for (int j = k - 1; j >= 0; j--) {
      byte y = ty(j);
      if (y == RIGHT_PAREN) {
        depth++;
      } else if (y == LEFT_PAREN) {
        if (depth == 0) {
          return ty(j - 1) == FUNCTION;
        }
        depth--;
      }
    }
    return false;
  }

  /** {@code 1 OR 1=1}, {@code 'a' AND 'x'='x'}: an always-true equality joined to a literal. */
  private void tautologyAnywhere(int k) {
    if (!(literal(k - 1) || ty(k - 1) == RIGHT_PAREN)) {
      return;
    }
    int j = k + 1;
    while (is(j, SqlWord.NOT) || op(j, SqlOperator.BANG)) {
      j++;
    }
    if (ty(j) == LEFT_PAREN && comparison(j) < 0) {
      while (ty(j) == LEFT_PAREN) {
        j++;
      }
    }
    if (comparison(j) >= 0
        && leftLit >= 0
        && rightLit >= 0
        && leftKind == LIT
        && rightKind == LIT
        && sameText(leftLit, rightLit)) {
      report(SqliDetector.TAUTOLOGY_ANYWHERE, k);
    }
  }

  private void function(int k) {
    SqlWord w = word(k);
    if (w == null || ty(k + 1) != LEFT_PAREN) {
      return;
    }
    if (w.is(Bits.PROCEDURE)) {
      procedure(k);
    } else if (w.is(Bits.TIME)) {
      timeFunction(k, w);
    } else if (w.is(Bits.ERROR)) {
      if (w.is(Bits.UNAMBIGUOUS) || commaInside(k + 1)) {
        report(SqliDetector.ERROR_BASED, k);
      } else {
        report(SqliDetector.RISKY_FUNCTION, k);
      }
    } else if (w.is(Bits.FILE)) {
      if (valueArguments(k)) {
        report(SqliDetector.FILE_ACCESS, k);
      }
    } else if (w.is(Bits.BUILD)) {
      buildFunction(k, w);
    } else {
      otherFunction(k, w);
    }
  }

  private void timeFunction(int k, SqlWord w) {
    if (w.is(Bits.UNAMBIGUOUS)) {
      if (valueArguments(k)) {
        report(SqliDetector.TIME_BASED, k);
      }
      return;
    }
    if (Text.charAt(src, end(k)) != '(') {
      // MySQL takes "sleep (5)" as a call only in IGNORE_SPACE mode; prose puts spaces there
      report(SqliDetector.RISKY_FUNCTION, k);
      return;
    }
    byte arg = ty(k + 2);
    if (w == SqlWord.BENCHMARK) {
      boolean shape = arg == NUMBER && ty(k + 3) == COMMA;
      report(shape ? SqliDetector.TIME_BASED : SqliDetector.RISKY_FUNCTION, k);
      return;
    }
    int e =
        arg == NUMBER || arg == LEFT_PAREN || arg == FUNCTION || arg == VARIABLE
            ? operand(k + 2)
            : -1;
    boolean plausible = e >= n || (e >= 0 && ty(e) == RIGHT_PAREN);
    if (plausible && expressionPosition(k)) {
      report(SqliDetector.TIME_BASED, k);
    } else if (plausible) {
      report(SqliDetector.RISKY_FUNCTION, k);
    }
  }

  /** Whether a call at {@code k} is used as a value inside SQL rather than in prose or code. */
  private boolean expressionPosition(int k) {
    if (k == 0) {
      return ctx == Context.PLAIN;
    }
    int p = k - 1;
    byte y = ty(p);
    if (y == LOGIC || y == LEFT_PAREN || y == COMMA) {
      return true;
    }
    if (y == OPERATOR) {
      if (comparisonOp(p)) {
        return literal(p - 1) || ty(p - 1) == RIGHT_PAREN;
      }
      return !op(p, SqlOperator.BANG);
    }
    SqlWord w = word(p);
    return w == SqlWord.SELECT
        || w == SqlWord.THEN
        || w == SqlWord.ELSE
        || w == SqlWord.WHEN
        || w == SqlWord.WHERE
        || w == SqlWord.HAVING
        || w == SqlWord.LIKE
        || w == SqlWord.RLIKE
        || w == SqlWord.REGEXP
        || w == SqlWord.NOT
        || w == SqlWord.ORDER_BY
        || w == SqlWord.GROUP_BY;
  }

  private boolean commaInside(int paren) {
    int depth = 0;
    for (int j = paren; j < n; j++) {
      byte y = ty(j);
      if (y == LEFT_PAREN) {
        depth++;
      } else if (y == RIGHT_PAREN) {
        if (--depth == 0) {
          return false;
        }
      } else if (y == COMMA && depth == 1) {
        return true;
      }
    }
    return false;
  }

  /** Arguments that pull server facts or a sub-query into a conversion (to leak via errors). */
  private boolean leakingArguments(int paren) {
    int end = closeParen(paren);
    for (int j = paren + 1; j < end; j++) {
      SqlWord w = word(j);
      if ((ty(j) == VARIABLE && code(j) == 2)
          || w == SqlWord.SELECT
          || (w != null && w.is(Bits.INFO) && ty(j) != KEYWORD)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the call at {@code k} is given values (a literal, a call, a sub-expression, no
   * arguments) or sits in an expression; {@code pg_read_file(text)} in a GRANT names a type.
   */
  private boolean valueArguments(int k) {
    byte arg = ty(k + 2);
    return literal(k + 2)
        || arg == FUNCTION
        || arg == LEFT_PAREN
        || arg == RIGHT_PAREN
        || op(k + 2, SqlOperator.MINUS)
        || expressionPosition(k);
  }

  private void otherFunction(int k, SqlWord w) {
    switch (w) {
      case IF, IIF -> {
        if (constantTest(k + 2, null)) {
          report(SqliDetector.CONSTANT_BRANCH, k);
        }
      }
      case CAST, CONVERT -> {
        if (numericConversion(k, w) && leakingArguments(k + 1)) {
          report(SqliDetector.ERROR_BASED, k);
        }
      }
      case XMLTYPE -> {
        if (leakingArguments(k + 1)) {
          report(SqliDetector.ERROR_BASED, k);
        }
      }
      case FLOOR -> {
        if (is(k + 2, SqlWord.RAND) && ty(k + 2) == FUNCTION) {
          report(SqliDetector.ERROR_BASED, k);
        }
      }
      case EXP -> {
        if (op(k + 2, SqlOperator.TILDE)) {
          report(SqliDetector.ERROR_BASED, k);
        }
      }
      default -> {}
    }
  }

  /**
   * {@code CAST(x AS INT)}, {@code CONVERT(INT, x)}, {@code CONVERT(x, SIGNED)}: converting text to
   * a number, which fails with the text in the error message.
   */
  private boolean numericConversion(int k, SqlWord w) {
    int end = closeParen(k + 1);
    if (w == SqlWord.CONVERT && numericType(k + 2)) {
      return true;
    }
    int depth = 0;
    for (int j = k + 1; j < end; j++) {
      byte y = ty(j);
      if (y == LEFT_PAREN) {
        depth++;
      } else if (y == RIGHT_PAREN) {
        depth--;
      } else if (depth == 1 && (is(j, SqlWord.AS) || y == COMMA) && numericType(j + 1)) {
        return true;
      }
    }
    return false;
  }

  private boolean numericType(int k) {
    return textIs(k, "int")
        || textIs(k, "integer")
        || textIs(k, "bigint")
        || textIs(k, "smallint")
        || textIs(k, "tinyint")
        || textIs(k, "numeric")
        || textIs(k, "decimal")
        || textIs(k, "number")
        || textIs(k, "signed")
        || textIs(k, "unsigned")
        || textIs(k, "float")
        || textIs(k, "real")
        || textIs(k, "double");
  }

  /** A stored procedure that reaches the operating system or server configuration. */
  private void procedure(int k) {
    if (is(k - 1, SqlWord.EXEC)
        || is(k - 1, SqlWord.EXECUTE)
        || ty(k + 1) == LEFT_PAREN
        || ty(k + 1) == STRING
        || ty(k + 1) == VARIABLE) {
      report(SqliDetector.FILE_ACCESS, k);
    }
  }

  /** CHAR(97,100)/CHR(97)||CHR(100) codes, and CONCAT over hex literals or codes. */
  private void buildFunction(int k, SqlWord w) {
    int end = closeParen(k + 1);
    if (w == SqlWord.CHAR || w == SqlWord.CHR || w == SqlWord.NCHAR) {
      int numbers = 0;
      for (int j = k + 2; j < end - 1; j++) {
        byte y = ty(j);
        if (y == NUMBER) {
          numbers++;
        } else if (y != COMMA) {
          return;
        }
      }
      charCodes += numbers;
      if (charCodes >= 2) {
        report(SqliDetector.OBFUSCATION, k);
      }
    } else if (w == SqlWord.CONCAT || w == SqlWord.CONCAT_WS || w == SqlWord.GROUP_CONCAT) {
      for (int j = k + 2; j < end; j++) {
        SqlWord inner = word(j);
        if (hex(j) || inner == SqlWord.CHAR || inner == SqlWord.CHR) {
          report(SqliDetector.OBFUSCATION, k);
          return;
        }
      }
    }
  }

  /** Whether the hex digits in [from, to) are two or more bytes of printable ASCII. */
  private boolean hexText(int from, int to) {
    if (to - from < 4 || (to - from) % 2 != 0) {
      return false;
    }
    for (int i = from; i < to; i += 2) {
      int b = Chars.hexValue(src.charAt(i)) << 4 | Chars.hexValue(src.charAt(i + 1));
      if (b < 0x20 || b > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private boolean hex(int k) {
    return ty(k) == NUMBER && textStarts(k, "0x");
  }

  /**
   * A hex literal spelling two or more printable characters ({@code 0x61646d696e} is {@code admin})
   * used as an operand or argument.
   */
  private void hexLiteral(int k) {
    if (!hex(k) || !hexText(start(k) + 2, end(k))) {
      return;
    }
    byte p = ty(k - 1);
    if (comparisonOp(k - 1)
        || comparisonOp(k + 1)
        || p == COMMA
        || p == LEFT_PAREN
        || is(k - 1, SqlWord.SELECT)) {
      report(SqliDetector.OBFUSCATION, k);
    }
  }

  private void bareword(int k) {
    SqlWord w = word(k);
    if (w != null && w.is(Bits.PROCEDURE)) {
      procedure(k);
    } else if ((is(k - 1, SqlWord.FROM) || is(k - 1, SqlWord.JOIN)) && catalogue(k)) {
      report(SqliDetector.CATALOGUE, k);
    }
  }

  private boolean catalogue(int k) {
    for (String prefix : CATALOGUES) {
      if (textStarts(k, prefix)) {
        return true;
      }
    }
    return false;
  }

  /** {@code @@version} and friends used as a value. */
  private void variable(int k) {
    if (code(k) != 2) {
      return;
    }
    byte p = ty(k - 1);
    if ((k == 0 && n == 1)
        || p == COMMA
        || p == LEFT_PAREN
        || p == LOGIC
        || p == OPERATOR
        || is(k - 1, SqlWord.SELECT)) {
      report(SqliDetector.CATALOGUE, k);
    }
  }
}

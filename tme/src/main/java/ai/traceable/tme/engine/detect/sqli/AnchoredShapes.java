package ai.traceable.tme.engine.detect.sqli;

import static ai.traceable.tme.engine.detect.sqli.SqlExpressions.KNOWN_CALL;
import static ai.traceable.tme.engine.detect.sqli.SqlExpressions.LIT;
import static ai.traceable.tme.engine.detect.sqli.SqlExpressions.SUBQUERY;
import static ai.traceable.tme.engine.detect.sqli.SqlExpressions.WORD;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.BAREWORD;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.COMMA;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.LEFT_PAREN;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.LOGIC;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.NUMBER;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.OPERATOR;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.RIGHT_PAREN;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.SEMICOLON;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.STRING;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.VARIABLE;

import ai.traceable.tme.engine.detect.sqli.SqlTokenizer.Context;

/**
 * The shapes judged right where the attacker's SQL would start: after the context string when the
 * value closes its quote, or after the first operand of a plain value. There a logic operator
 * followed by a constant condition is a tautology, a semicolon followed by a statement a stacked
 * query, a comment at the end a cut-off query, and {@code ORDER BY} with a column number a probe.
 */
final class AnchoredShapes extends SqlReader {
  private final SqlExpressions expr;
  private final SqlStatements stmt;
  private final SqlFindings found;

  /** Type of the first operand of a plain value, or -1 when it does not start with one. */
  private int plainStart;

  /** The semicolon judged right after the break-out, or -1. */
  int anchoredSemicolon;

  AnchoredShapes(
      SignificantTokens view, SqlExpressions expr, SqlStatements stmt, SqlFindings found) {
    super(view);
    this.expr = expr;
    this.stmt = stmt;
    this.found = found;
  }

  /** Judges the shapes at the anchor of the value loaded in the view. */
  void judge() {
    anchoredSemicolon = -1;
    int anchor = anchorIndex();
    if (anchor >= 0) {
      anchored(anchor);
    }
  }

  /**
   * Where the attacker's SQL would start: after the context string when its quote is closed by the
   * value, or after the first operand of a plain value; closing parentheses and arithmetic ({@code
   * 1'+1}) are skipped. -1 when the value never leaves the context string.
   */
  private int anchorIndex() {
    int k;
    if (view.ctx != Context.PLAIN) {
      if (view.n == 0 || !flag(0, SqlTokens.CONTEXT) || !flag(0, SqlTokens.CLOSED)) {
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
    for (int guard = 0; guard < view.n && k < view.n; guard++) {
      if (ty(k) == RIGHT_PAREN) {
        k++;
      } else if (ty(k) == OPERATOR && !comparisonOp(k) && !op(k, SqlOperator.BANG)) {
        int e = expr.operand(k + 1);
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
    if (a >= view.n) {
      commentAtEnd(a);
      return;
    }
    int k = a;
    if (plainStart != -1 && expr.comparisonStart(k)) {
      int e = expr.comparisonTail(k);
      if (e < 0) {
        return;
      }
      if (expr.rightKind == SUBQUERY && plainStart != BAREWORD) {
        found.report(SqliDetector.TAUTOLOGY, k);
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
      if (stmt.statement(k + 1)) {
        found.report(SqliDetector.STACKED, k);
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
    if (view.ctx == Context.PLAIN) {
      if (plainStart == NUMBER || plainStart == STRING) {
        found.reportAt(SqliDetector.COMMENT_AFTER_LITERAL, view.t.starts[c]);
      }
      return;
    }
    boolean shortTail = shortComment(c);
    if (valueLike() && shortTail) {
      found.reportAt(SqliDetector.COMMENT_BREAKOUT, view.t.starts[c]);
    } else if (shortTail || dashesThenSpace(c)) {
      found.reportAt(SqliDetector.COMMENT_AFTER_QUOTE, view.t.starts[c]);
    }
  }

  /**
   * {@code --} followed by a space or {@code +} (or nothing), as SQL comments are written; {@code
   * '--dry-run'} is a command-line option and {@code "---"} a separator, not comments.
   */
  private boolean dashesThenSpace(int c) {
    if (view.t.codes[c] != '-') {
      return false;
    }
    int after = view.t.starts[c] + 2;
    if (after >= view.t.ends[c]) {
      return true;
    }
    char x = view.src.charAt(after);
    return SqlTokenizer.isSpace(x) || x == '+';
  }

  /** The context string holds something like a single value: no spaces or quotes, not long. */
  private boolean valueLike() {
    int to = end(0) - 1;
    if (to > 64) {
      return false;
    }
    for (int i = 0; i < to; i++) {
      char x = view.src.charAt(i);
      if (SqlTokenizer.isSpace(x) || x == '\'' || x == '"' || x == '`') {
        return false;
      }
    }
    return true;
  }

  /** A comment whose text is at most a few characters ({@code -- -}, {@code #}, {@code /*}). */
  private boolean shortComment(int c) {
    if (view.t.codes[c] == '-' && !dashesThenSpace(c)) {
      return false;
    }
    int from = view.t.starts[c] + (view.t.codes[c] == '#' ? 1 : 2);
    int to = view.t.ends[c];
    if (view.t.codes[c] == '/' && (view.t.flags[c] & SqlTokens.CLOSED) != 0) {
      to -= 2;
    }
    int chars = 0;
    for (int i = from; i < to; i++) {
      char x = view.src.charAt(i);
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
    if (ty(j) == LEFT_PAREN && expr.comparison(j) < 0) {
      while (is(j, SqlWord.NOT) || op(j, SqlOperator.BANG) || ty(j) == LEFT_PAREN) {
        if (ty(j) == LEFT_PAREN && is(j + 1, SqlWord.SELECT)) {
          break;
        }
        j++;
      }
    }
    if (is(j, SqlWord.EXISTS) && ty(j + 1) == LEFT_PAREN && is(j + 2, SqlWord.SELECT)) {
      if (!strictStart()) {
        found.report(SqliDetector.TAUTOLOGY, at);
      }
      return;
    }
    int c = expr.comparison(j);
    if (c >= 0) {
      if (strongComparison() && endsCondition(c)) {
        found.report(SqliDetector.TAUTOLOGY, at);
      } else if (!quiet) {
        weak(at);
      }
      return;
    }
    int e = expr.operand(j);
    if (e < 0) {
      if (!quiet) {
        weak(at);
      }
      return;
    }
    if ((expr.kind == SUBQUERY || expr.kind == KNOWN_CALL) && !strictStart() && endsCondition(e)) {
      found.report(SqliDetector.TAUTOLOGY, at);
    } else if (expr.kind == LIT && endsCondition(e) && constantCondition(expr.lit)) {
      found.report(SqliDetector.TAUTOLOGY, at);
    } else if (!quiet) {
      weak(at);
    }
  }

  /** {@code OR 1}, {@code OR TRUE}, {@code OR NOT FALSE}, {@code OR '1'} as a whole condition. */
  private boolean constantCondition(int k) {
    boolean bool = is(k, SqlWord.TRUE) || is(k, SqlWord.FALSE);
    if (view.ctx != Context.PLAIN) {
      return bool || ty(k) == NUMBER || truthyString(k);
    }
    return bool && plainStart == NUMBER;
  }

  private boolean endsCondition(int e) {
    byte y = ty(e);
    return e >= view.n
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
    if ((expr.leftKind == SUBQUERY || expr.rightKind == SUBQUERY) && !strictStart()) {
      return true;
    }
    if (expr.leftLit >= 0 && expr.rightLit >= 0 && sameText(expr.leftLit, expr.rightLit)) {
      return true;
    }
    if (expr.leftKind == LIT && expr.rightKind == LIT) {
      return true;
    }
    if (view.ctx == Context.PLAIN) {
      return !strictStart()
          && ((expr.leftKind == KNOWN_CALL && expr.rightKind != WORD)
              || (expr.rightKind == KNOWN_CALL && expr.leftKind != WORD));
    }
    return expr.leftKind != WORD || expr.rightKind != WORD;
  }

  /**
   * A plain value that starts with a word or a logic operator rather than a number or string: code
   * and prose look like that, so only literal comparisons count.
   */
  private boolean strictStart() {
    return view.ctx == Context.PLAIN && (plainStart == BAREWORD || plainStart == -1);
  }

  private void weak(int at) {
    if (view.ctx != Context.PLAIN || plainStart == NUMBER || plainStart == STRING) {
      found.report(SqliDetector.WEAK_BREAKOUT, at);
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
    if (j >= view.n) {
      boolean comment = commentAfter(j - 1) >= 0;
      found.report(comment ? SqliDetector.ORDER_BY_COMMENT : SqliDetector.ORDER_BY, at);
    } else if (is(j, SqlWord.HAVING)) {
      condition(j + 1, j, true);
    }
  }
}

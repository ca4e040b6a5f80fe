package ai.traceable.tme.engine.detect.sqli;

import static ai.traceable.tme.engine.detect.sqli.SqlTokens.BAREWORD;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.COMMA;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.FUNCTION;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.LEFT_PAREN;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.OPERATOR;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.RIGHT_PAREN;

/**
 * Parses the expressions the shapes are made of: operands (literals, names, calls, sub-queries,
 * parenthesised and CASE expressions, joined by arithmetic) and comparisons. A parse returns the
 * index after what it read, or -1, and leaves what it found in the fields below ({@link #kind} and
 * {@link #lit} for an operand, the left and right fields for a comparison), which the next parse
 * overwrites. Every walk is bounded by the token count.
 */
final class SqlExpressions extends SqlReader {
  // operand kinds
  static final int LIT = 1;
  static final int WORD = 2;
  static final int CALL = 3;
  static final int KNOWN_CALL = 4;
  static final int SUBQUERY = 5;
  static final int EXPR = 6;

  // results of the last operand() and comparison() parses
  int kind;
  int lit;
  int leftKind;
  int leftLit;
  int rightKind;
  int rightLit;

  SqlExpressions(SignificantTokens view) {
    super(view);
  }

  /** Parses an operand at {@code j}; returns the index after it (or -1) and sets kind/lit. */
  int operand(int j) {
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

  boolean arithmetic(int k) {
    if (ty(k) == OPERATOR) {
      return !comparisonOp(k) && !op(k, SqlOperator.BANG) && !op(k, SqlOperator.ASSIGN);
    }
    return is(k, SqlWord.DIV) || is(k, SqlWord.MOD);
  }

  static int stronger(int a, int b) {
    if (a == SUBQUERY || b == SUBQUERY) {
      return SUBQUERY;
    }
    if (a == KNOWN_CALL || b == KNOWN_CALL) {
      return KNOWN_CALL;
    }
    return a == LIT && b == LIT ? LIT : EXPR;
  }

  int caseEnd(int k) {
    for (int j = k + 1; j < view.n; j++) {
      if (is(j, SqlWord.END)) {
        return j + 1;
      }
    }
    return view.n;
  }

  /** Parses {@code operand comparison operand}; returns the end (or -1), sets left/right. */
  int comparison(int j) {
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

  boolean comparisonStart(int k) {
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
  int comparisonTail(int k) {
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

  int right(int e) {
    rightKind = kind;
    rightLit = lit;
    return e;
  }

  /**
   * A comparison of two literals at {@code k} ({@code 1=1}, {@code (7812=7812)}) followed by {@code
   * then} (CASE WHEN ... THEN) or, when null, by a comma (IF(cond, a, b)).
   */
  boolean constantTest(int k, SqlWord then) {
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
}

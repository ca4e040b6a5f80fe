package ai.traceable.tme.engine.detect.sqli;

import static ai.traceable.tme.engine.detect.sqli.SqlTokens.COMMA;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.FUNCTION;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.KEYWORD;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.LEFT_PAREN;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.LOGIC;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.NUMBER;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.OPERATOR;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.RIGHT_PAREN;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.STRING;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.VARIABLE;

import ai.traceable.tme.engine.detect.Text;
import ai.traceable.tme.engine.detect.sqli.SqlTokenizer.Context;
import ai.traceable.tme.engine.detect.sqli.SqlWord.Bits;

/**
 * The function calls that mean SQL wherever they appear: delays ({@code SLEEP(5)}, {@code
 * BENCHMARK}), error leaks ({@code EXTRACTVALUE}, {@code CONVERT(INT, @@version)}), file and
 * command access ({@code LOAD_FILE}, {@code xp_cmdshell}), constant branches ({@code IF(1=1,...)})
 * and strings built from codes ({@code CHAR(97,100)}), each judged by its arguments and by whether
 * it stands where SQL takes a value.
 */
final class FunctionShapes extends SqlReader {
  private final SqlExpressions expr;
  private final SqlFindings found;

  /** Numbers seen as arguments of CHAR()/CHR() in the current context. */
  private int charCodes;

  FunctionShapes(SignificantTokens view, SqlExpressions expr, SqlFindings found) {
    super(view);
    this.expr = expr;
    this.found = found;
  }

  /** Starts a new context: CHAR() codes are counted per context. */
  void reset() {
    charCodes = 0;
  }

  void function(int k) {
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
        found.report(SqliDetector.ERROR_BASED, k);
      } else {
        found.report(SqliDetector.RISKY_FUNCTION, k);
      }
    } else if (w.is(Bits.FILE)) {
      if (valueArguments(k)) {
        found.report(SqliDetector.FILE_ACCESS, k);
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
        found.report(SqliDetector.TIME_BASED, k);
      }
      return;
    }
    if (Text.charAt(view.src, end(k)) != '(') {
      // MySQL takes "sleep (5)" as a call only in IGNORE_SPACE mode; prose puts spaces there
      found.report(SqliDetector.RISKY_FUNCTION, k);
      return;
    }
    byte arg = ty(k + 2);
    if (w == SqlWord.BENCHMARK) {
      boolean shape = arg == NUMBER && ty(k + 3) == COMMA;
      found.report(shape ? SqliDetector.TIME_BASED : SqliDetector.RISKY_FUNCTION, k);
      return;
    }
    int e =
        arg == NUMBER || arg == LEFT_PAREN || arg == FUNCTION || arg == VARIABLE
            ? expr.operand(k + 2)
            : -1;
    boolean plausible = e >= view.n || (e >= 0 && ty(e) == RIGHT_PAREN);
    if (plausible && expressionPosition(k)) {
      found.report(SqliDetector.TIME_BASED, k);
    } else if (plausible) {
      found.report(SqliDetector.RISKY_FUNCTION, k);
    }
  }

  /** Whether a call at {@code k} is used as a value inside SQL rather than in prose or code. */
  private boolean expressionPosition(int k) {
    if (k == 0) {
      return view.ctx == Context.PLAIN;
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
    for (int j = paren; j < view.n; j++) {
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
        if (expr.constantTest(k + 2, null)) {
          found.report(SqliDetector.CONSTANT_BRANCH, k);
        }
      }
      case CAST, CONVERT -> {
        if (numericConversion(k, w) && leakingArguments(k + 1)) {
          found.report(SqliDetector.ERROR_BASED, k);
        }
      }
      case XMLTYPE -> {
        if (leakingArguments(k + 1)) {
          found.report(SqliDetector.ERROR_BASED, k);
        }
      }
      case FLOOR -> {
        if (is(k + 2, SqlWord.RAND) && ty(k + 2) == FUNCTION) {
          found.report(SqliDetector.ERROR_BASED, k);
        }
      }
      case EXP -> {
        if (op(k + 2, SqlOperator.TILDE)) {
          found.report(SqliDetector.ERROR_BASED, k);
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
  void procedure(int k) {
    if (is(k - 1, SqlWord.EXEC)
        || is(k - 1, SqlWord.EXECUTE)
        || ty(k + 1) == LEFT_PAREN
        || ty(k + 1) == STRING
        || ty(k + 1) == VARIABLE) {
      found.report(SqliDetector.FILE_ACCESS, k);
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
        found.report(SqliDetector.OBFUSCATION, k);
      }
    } else if (w == SqlWord.CONCAT || w == SqlWord.CONCAT_WS || w == SqlWord.GROUP_CONCAT) {
      for (int j = k + 2; j < end; j++) {
        SqlWord inner = word(j);
        if (hex(j) || inner == SqlWord.CHAR || inner == SqlWord.CHR) {
          found.report(SqliDetector.OBFUSCATION, k);
          return;
        }
      }
    }
  }
}

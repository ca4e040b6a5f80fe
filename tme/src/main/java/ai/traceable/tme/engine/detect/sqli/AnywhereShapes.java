package ai.traceable.tme.engine.detect.sqli;

import static ai.traceable.tme.engine.detect.sqli.SqlExpressions.LIT;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.BAREWORD;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.COMMA;
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
import ai.traceable.tme.engine.detect.sqli.SqlWord.Bits;

/**
 * The shapes judged at every token, wherever it stands: {@code UNION SELECT} with a select list,
 * sub-queries as operands, always-true equalities after a literal, stacked statements, {@code INTO
 * OUTFILE}, {@code WAITFOR DELAY}, hex literals spelling text, system catalogues and server
 * variables. Function calls are judged by {@link FunctionShapes}.
 */
final class AnywhereShapes extends SqlReader {
  private final SqlExpressions expr;
  private final SqlStatements stmt;
  private final AnchoredShapes anchors;
  private final FunctionShapes calls;
  private final SqlFindings found;

  /** Words before a {@code UNION} from which the text counts as prose. */
  private static final int PROSE_WORDS = 4;

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

  AnywhereShapes(
      SignificantTokens view,
      SqlExpressions expr,
      SqlStatements stmt,
      AnchoredShapes anchors,
      FunctionShapes calls,
      SqlFindings found) {
    super(view);
    this.expr = expr;
    this.stmt = stmt;
    this.anchors = anchors;
    this.calls = calls;
    this.found = found;
  }

  /** Judges the shapes that start at token {@code k}. */
  void judge(int k) {
    byte y = ty(k);
    if (y == KEYWORD) {
      keyword(k);
    } else if (y == FUNCTION) {
      calls.function(k);
    } else if (y == BAREWORD) {
      bareword(k);
    } else if (y == LEFT_PAREN) {
      if (is(k + 1, SqlWord.SELECT)) {
        subquery(k);
      }
    } else if (y == LOGIC) {
      tautologyAnywhere(k);
    } else if (y == SEMICOLON) {
      if (k != anchors.anchoredSemicolon && stmt.statement(k + 1)) {
        found.report(SqliDetector.STACKED_ANYWHERE, k);
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
        if (is(k + 1, SqlWord.WHEN) && expr.constantTest(k + 2, SqlWord.THEN)) {
          found.report(SqliDetector.CONSTANT_BRANCH, k);
        }
      }
      case INTO -> {
        if ((is(k + 1, SqlWord.OUTFILE) || is(k + 1, SqlWord.DUMPFILE)) && ty(k + 2) == STRING) {
          found.report(SqliDetector.FILE_ACCESS, k);
        }
      }
      case WAITFOR -> {
        if ((is(k + 1, SqlWord.DELAY) || is(k + 1, SqlWord.TIME)) && ty(k + 2) == STRING) {
          found.report(SqliDetector.TIME_BASED, k);
        }
      }
      case PROGRAM -> {
        if ((is(k - 1, SqlWord.FROM) || textIs(k - 1, "to")) && ty(k + 1) == STRING) {
          found.report(SqliDetector.FILE_ACCESS, k);
        }
      }
      case SELECT -> {
        if (stmt.selectList(k) && stmt.hasFromLater(k)) {
          found.report(SqliDetector.STATEMENT, k);
        }
      }
      case INSERT, UPDATE, DELETE, DROP, CREATE, ALTER, TRUNCATE -> {
        if (stmt.statement(k)) {
          found.report(SqliDetector.STATEMENT, k);
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
    if (is(j, SqlWord.SELECT) && stmt.selectList(j) && !proseBefore(k)) {
      found.report(SqliDetector.UNION_SELECT, k);
    }
  }

  /**
   * Whether the text before the token at {@code k} is prose that SQL cannot get out of: several
   * words and nothing that could end a string literal, an expression or a statement (a quote,
   * backtick, backslash, closing parenthesis, semicolon or comment). Placed in a string literal
   * such a value stays inside it; placed as a number or an identifier it is a syntax error before
   * the {@code UNION} is reached. So a sentence that shows a query ("combine them with SELECT a
   * FROM x UNION SELECT a FROM y") is not an injection, while {@code 1 UNION SELECT} and {@code x'
   * UNION SELECT} are.
   */
  private boolean proseBefore(int k) {
    String src = view.src;
    int end = start(k);
    int words = 0;
    int letters = 0;
    for (int i = 0; i < end; i++) {
      char c = src.charAt(i);
      switch (c) {
        case '\'', '"', '`', '\\', ')', ';', '#' -> {
          return false;
        }
        case '-', '/' -> {
          if (i + 1 < end && (src.charAt(i + 1) == c || src.charAt(i + 1) == '*')) {
            return false;
          }
        }
        default -> {}
      }
      if (Character.isLetter(c)) {
        letters++;
      } else {
        words += letters >= 2 ? 1 : 0;
        letters = 0;
      }
    }
    return words + (letters >= 2 ? 1 : 0) >= PROSE_WORDS;
  }

  /**
   * A parenthesised SELECT. As an operand of a logic or arithmetic operator, or as a function
   * argument, it is how data is pulled into a boolean or error; elsewhere (IN, FROM, =) it is
   * ordinary SQL text.
   */
  private void subquery(int k) {
    if (!stmt.selectList(k + 1)) {
      return;
    }
    byte p = ty(k - 1);
    boolean strong =
        p == LOGIC
            || (p == OPERATOR && !comparisonOp(k - 1))
            || ((p == COMMA || p == LEFT_PAREN) && insideCall(k));
    found.report(strong ? SqliDetector.SUBQUERY : SqliDetector.STATEMENT, k);
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
    if (ty(j) == LEFT_PAREN && expr.comparison(j) < 0) {
      while (ty(j) == LEFT_PAREN) {
        j++;
      }
    }
    if (expr.comparison(j) >= 0
        && expr.leftLit >= 0
        && expr.rightLit >= 0
        && expr.leftKind == LIT
        && expr.rightKind == LIT
        && sameText(expr.leftLit, expr.rightLit)) {
      found.report(SqliDetector.TAUTOLOGY_ANYWHERE, k);
    }
  }

  /** Whether the hex digits in [from, to) are two or more bytes of printable ASCII. */
  private boolean hexText(int from, int to) {
    if (to - from < 4 || (to - from) % 2 != 0) {
      return false;
    }
    for (int i = from; i < to; i += 2) {
      int b = Chars.hexValue(view.src.charAt(i)) << 4 | Chars.hexValue(view.src.charAt(i + 1));
      if (b < 0x20 || b > 0x7e) {
        return false;
      }
    }
    return true;
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
      found.report(SqliDetector.OBFUSCATION, k);
    }
  }

  private void bareword(int k) {
    SqlWord w = word(k);
    if (w != null && w.is(Bits.PROCEDURE)) {
      calls.procedure(k);
    } else if ((is(k - 1, SqlWord.FROM) || is(k - 1, SqlWord.JOIN)) && catalogue(k)) {
      found.report(SqliDetector.CATALOGUE, k);
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
    if ((k == 0 && view.n == 1)
        || p == COMMA
        || p == LEFT_PAREN
        || p == LOGIC
        || p == OPERATOR
        || is(k - 1, SqlWord.SELECT)) {
      found.report(SqliDetector.CATALOGUE, k);
    }
  }
}

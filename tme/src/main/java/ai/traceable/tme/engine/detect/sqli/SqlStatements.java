package ai.traceable.tme.engine.detect.sqli;

import static ai.traceable.tme.engine.detect.sqli.SqlTokens.BAREWORD;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.COMMA;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.FUNCTION;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.KEYWORD;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.LEFT_PAREN;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.LOGIC;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.RIGHT_PAREN;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.SEMICOLON;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.STRING;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.VARIABLE;

import ai.traceable.tme.engine.detect.sqli.SqlWord.Bits;

/**
 * Recognises whole SQL statements in the tokens: what a stacked query starts with ({@code DROP
 * TABLE}, {@code INSERT INTO t VALUES}, {@code EXEC xp_cmdshell}, {@code WAITFOR DELAY}) and select
 * lists that read as SQL rather than prose ({@code select 1,2 from t}, not {@code select the
 * best}).
 */
final class SqlStatements extends SqlReader {
  SqlStatements(SignificantTokens view) {
    super(view);
  }

  // ---------------------------------------------------------------- statements and selects
  /** Whether a SQL statement starts at {@code k} (as after a stacking semicolon). */
  boolean statement(int k) {
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
      case SHUTDOWN -> k + 1 >= view.n || is(k + 1, SqlWord.WITH) || ty(k + 1) == SEMICOLON;
      case DECLARE -> ty(k + 1) == VARIABLE;
      case TRUNCATE -> is(k + 1, SqlWord.TABLE) || (name(k + 1) && endsStatement(k + 2));
      case SELECT -> selectList(k);
      case WAITFOR -> (is(k + 1, SqlWord.DELAY) || is(k + 1, SqlWord.TIME)) && ty(k + 2) == STRING;
      case SET ->
          ty(k + 1) == VARIABLE && (op(k + 2, SqlOperator.EQ) || op(k + 2, SqlOperator.ASSIGN));
      default -> false;
    };
  }

  boolean object(int k) {
    SqlWord w = word(k);
    return w != null && w.is(Bits.OBJECT);
  }

  boolean name(int k) {
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
    return k >= view.n
        || y == SEMICOLON
        || y == RIGHT_PAREN
        || is(k, SqlWord.WHERE)
        || is(k, SqlWord.LIMIT);
  }

  boolean procedureLike(int k) {
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
  boolean selectList(int k) {
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
    if (m >= view.n) {
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
    if (z >= view.n) {
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
    return j >= view.n
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

  boolean hasFromLater(int k) {
    for (int j = k + 1; j < view.n && ty(j) != SEMICOLON; j++) {
      if (is(j, SqlWord.FROM)) {
        return true;
      }
    }
    return false;
  }
}

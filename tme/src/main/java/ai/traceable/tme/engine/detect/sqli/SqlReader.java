package ai.traceable.tme.engine.detect.sqli;

import static ai.traceable.tme.engine.detect.sqli.SqlTokens.BAREWORD;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.COMMENT;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.FUNCTION;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.KEYWORD;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.LEFT_PAREN;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.LOGIC;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.NUMBER;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.OPERATOR;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.RIGHT_PAREN;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.STRING;
import static ai.traceable.tme.engine.detect.sqli.SqlTokens.VARIABLE;

import ai.traceable.tme.engine.detect.Chars;

/**
 * The token access every part of the SQL analysis shares: the significant tokens of the value under
 * analysis ({@link SignificantTokens}), addressed by index, comments acting as whitespace.
 * Positions past the last token read as "end" ({@link #ty} returns -1 there).
 */
abstract class SqlReader {
  final SignificantTokens view;

  SqlReader(SignificantTokens view) {
    this.view = view;
  }

  final byte ty(int k) {
    return k >= 0 && k < view.n ? view.t.types[view.sig[k]] : -1;
  }

  final int code(int k) {
    return view.t.codes[view.sig[k]];
  }

  final SqlWord word(int k) {
    byte y = ty(k);
    if (y == KEYWORD || y == LOGIC || y == FUNCTION || y == BAREWORD) {
      return SqlWord.of(code(k));
    }
    return null;
  }

  final boolean is(int k, SqlWord w) {
    return word(k) == w;
  }

  final boolean op(int k, SqlOperator o) {
    return ty(k) == OPERATOR && code(k) == o.ordinal();
  }

  final boolean comparisonOp(int k) {
    return ty(k) == OPERATOR && SqlOperator.of(code(k)).comparison();
  }

  final boolean literal(int k) {
    byte y = ty(k);
    return y == NUMBER
        || y == STRING
        || y == VARIABLE
        || is(k, SqlWord.NULL)
        || is(k, SqlWord.TRUE)
        || is(k, SqlWord.FALSE);
  }

  final boolean flag(int k, int flag) {
    return k >= 0 && k < view.n && (view.t.flags[view.sig[k]] & flag) != 0;
  }

  final int start(int k) {
    return k < view.n ? view.t.starts[view.sig[k]] : view.src.length();
  }

  final int end(int k) {
    return view.t.ends[view.sig[k]];
  }

  final boolean textStarts(int k, String lower) {
    int s = start(k);
    return end(k) - s >= lower.length()
        && view.src.regionMatches(true, s, lower, 0, lower.length());
  }

  final boolean textIs(int k, String lower) {
    return k >= 0 && k < view.n && end(k) - start(k) == lower.length() && textStarts(k, lower);
  }

  /** The raw index of the first comment between significant tokens k and k+1, or -1. */
  final int commentAfter(int k) {
    int from = k < 0 ? 0 : view.sig[k] + 1;
    int to = k + 1 < view.n ? view.sig[k + 1] : view.t.size;
    for (int i = from; i < to; i++) {
      if (view.t.types[i] == COMMENT) {
        return i;
      }
    }
    return -1;
  }

  /** The index after the parenthesis that closes the one at {@code k} (or the end). */
  final int closeParen(int k) {
    int depth = 0;
    for (int j = k; j < view.n; j++) {
      byte y = ty(j);
      if (y == LEFT_PAREN) {
        depth++;
      } else if (y == RIGHT_PAREN && --depth == 0) {
        return j + 1;
      }
    }
    return view.n;
  }

  /** A string holding a non-zero number ({@code '1'}), which SQL takes as true. */
  final boolean truthyString(int k) {
    if (ty(k) != STRING) {
      return false;
    }
    int from = contentStart(k);
    int to = contentEnd(k);
    boolean nonZero = false;
    for (int i = from; i < to; i++) {
      char c = view.src.charAt(i);
      if (!Chars.isAsciiDigit(c)) {
        return false;
      }
      nonZero |= c != '0';
    }
    return nonZero;
  }

  /** Whether two literal tokens have the same content (quotes aside, case ignored). */
  final boolean sameText(int a, int b) {
    int as = contentStart(a);
    int bs = contentStart(b);
    int al = contentEnd(a) - as;
    int bl = contentEnd(b) - bs;
    return al == bl && view.src.regionMatches(true, as, view.src, bs, al);
  }

  final int contentStart(int k) {
    int s = start(k);
    if (ty(k) != STRING) {
      return s;
    }
    char q = (char) code(k);
    return view.src.charAt(s) == q ? s + 1 : s + 2;
  }

  final int contentEnd(int k) {
    int e = end(k);
    return ty(k) == STRING && flag(k, SqlTokens.CLOSED) ? e - 1 : e;
  }

  final boolean hex(int k) {
    return ty(k) == NUMBER && textStarts(k, "0x");
  }
}

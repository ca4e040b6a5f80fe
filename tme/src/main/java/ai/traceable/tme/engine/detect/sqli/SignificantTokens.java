package ai.traceable.tme.engine.detect.sqli;

import static ai.traceable.tme.engine.detect.sqli.SqlTokens.COMMENT;

import ai.traceable.tme.engine.detect.sqli.SqlTokenizer.Context;

/**
 * The value under analysis, tokenised in one context: its tokens, and the indices of those that are
 * not comments ({@link #sig}), so that comments act as whitespace for the shapes. {@link #load}
 * reuses the arrays for the next context. Not thread-safe; one per inspected value.
 */
final class SignificantTokens {
  /** All tokens, comments included. */
  final SqlTokens t;

  /** Indices into {@link #t} of the first {@link #n} non-comment tokens. */
  final int[] sig;

  int n;
  String src = "";
  Context ctx = Context.PLAIN;

  SignificantTokens(SqlTokens tokens) {
    this.t = tokens;
    this.sig = new int[tokens.capacity()];
  }

  /** Tokenises {@code s} as if it followed the start of {@code context}. */
  void load(String s, Context context) {
    src = s;
    ctx = context;
    SqlTokenizer.tokenize(s, context, t);
    n = 0;
    for (int i = 0; i < t.size; i++) {
      if (t.types[i] != COMMENT) {
        sig[n++] = i;
      }
    }
  }
}

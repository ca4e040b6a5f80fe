package ai.traceable.tme.engine.detect.sqli;

import ai.traceable.tme.engine.detect.Hits;
import ai.traceable.tme.engine.detect.sqli.SqlTokenizer.Context;

/**
 * Judges the token shapes of one value in one context at a time; see {@link SqliDetector}. One
 * instance serves one inspected value (all its contexts), reports each rule at most once and
 * remembers whether a critical rule hit.
 *
 * <p>The parts share one {@link SignificantTokens} view of the value: {@link SqlExpressions} and
 * {@link SqlStatements} read SQL constructs in it, {@link AnchoredShapes} judges what follows the
 * break-out, {@link AnywhereShapes} and {@link FunctionShapes} judge every token, and {@link
 * SqlFindings} reports. Every walk is bounded by the token count.
 */
final class SqliAnalysis {
  private final SignificantTokens view;
  private final SqlFindings found;
  private final AnchoredShapes anchors;
  private final FunctionShapes calls;
  private final AnywhereShapes anywhere;

  SqliAnalysis(SqliDetector detector, Hits hits, SqlTokens tokens) {
    view = new SignificantTokens(tokens);
    SqlExpressions expr = new SqlExpressions(view);
    SqlStatements stmt = new SqlStatements(view);
    found = new SqlFindings(view, detector, hits);
    anchors = new AnchoredShapes(view, expr, stmt, found);
    calls = new FunctionShapes(view, expr, found);
    anywhere = new AnywhereShapes(view, expr, stmt, anchors, calls, found);
  }

  boolean critical() {
    return found.critical();
  }

  /** Tokenises {@code s} in {@code context} and reports what its shapes match. */
  void run(String s, Context context) {
    view.load(s, context);
    calls.reset();
    anchors.judge();
    for (int k = 0; k < view.n; k++) {
      anywhere.judge(k);
    }
  }
}

package ai.traceable.tme.engine.detect.xss;

import static ai.traceable.tme.engine.detect.xss.XssDetector.BARE_CALL;
import static ai.traceable.tme.engine.detect.xss.XssDetector.TEMPLATE;
import static ai.traceable.tme.engine.detect.xss.XssDetector.TEMPLATE_CONSTRUCTOR;

/**
 * Script expressions in text: client-side template expressions {@code {{...}}} (AngularJS, Vue)
 * that reach a sink or escape their sandbox, and bare calls of a dialog or {@code eval} anywhere
 * (paranoia 2).
 */
final class ExpressionStage extends XssStage {
  private static final int MAX_TEMPLATE = 2048;

  ExpressionStage(XssScan scan) {
    super(scan);
  }

  /** {@code {{ ... }}} expressions (AngularJS, Vue) that reach a sink. */
  void templates(int from, int to) {
    int i = from;
    while (i + 1 < to && !scan.done) {
      int q = i;
      while (q + 1 < to && !(s.charAt(q) == '{' && s.charAt(q + 1) == '{')) {
        q++;
      }
      scan.work += q - i;
      if (q + 1 >= to) {
        return;
      }
      int rs = q + 2;
      int limit = Math.min(to, rs + MAX_TEMPLATE);
      int re = rs;
      while (re + 1 < limit && !(s.charAt(re) == '}' && s.charAt(re + 1) == '}')) {
        re++;
      }
      if (re + 1 >= limit) {
        re = limit;
      }
      scan.work += re - rs;
      js.sawDialog = false;
      int strength = js.strongestIn(rs, re);
      if (strength == JsScanner.CONSTRUCTOR || js.sawDialog) {
        // in AngularJS a dialog is only reachable once the expression escaped its sandbox
        hit(TEMPLATE_CONSTRUCTOR, q);
      } else if (strength > JsScanner.NONE) {
        hit(TEMPLATE, q);
      }
      i = Math.max(re, q + 2);
    }
  }

  /** {@code alert(1)} and friends anywhere (paranoia 2). */
  void bareCalls(int from, int to) {
    for (int p = from; p < to && !scan.done; p++) {
      char c = s.charAt(p);
      if (c != '(' && c != '`') {
        continue;
      }
      int we = p;
      while (we > from && p - we < 4 && HtmlTokenizer.isSpace(s.charAt(we - 1))) {
        we--;
      }
      int ws = we;
      while (ws > from && we - ws < 8 && JsScanner.isIdentPart(s.charAt(ws - 1))) {
        ws--;
      }
      if (ws > from && JsScanner.isIdentPart(s.charAt(ws - 1))) {
        continue;
      }
      if (js.sinkAt(ws, p + 1) >= JsScanner.STRONG) {
        hit(BARE_CALL, ws);
      }
    }
    scan.work += to - from;
  }
}

package ai.traceable.tme.engine.detect.xss;

import static ai.traceable.tme.engine.detect.xss.XssDetector.CSS;
import static ai.traceable.tme.engine.detect.xss.XssDetector.CSS_SCRIPT;

import ai.traceable.tme.engine.detect.Chars;

/**
 * The CSS stage: {@code expression(...)}, {@code -moz-binding} and {@code behavior} ({@code
 * url(javascript:...)} is a scheme standing after {@code (}, judged by the scheme stage).
 */
final class CssStage extends XssStage {
  CssStage(XssScan scan) {
    super(scan);
  }

  /** {@code expression(}, {@code -moz-binding:url(} and {@code behavior:url(}. */
  void inspect(int from, int to) {
    for (int p = from; p < to && !scan.done; p++) {
      if (s.charAt(p) != '(') {
        continue;
      }
      int we = p;
      while (we > from && p - we < 8 && s.charAt(we - 1) <= ' ') {
        we--;
      }
      int ws = we;
      while (ws > from
          && we - ws < 12
          && (Chars.isAsciiLetter(s.charAt(ws - 1)) || s.charAt(ws - 1) == '-')) {
        ws--;
      }
      scan.work += p - ws;
      if (equalsIgnoreCase(ws, we, "url")) {
        // url(javascript:...) is the scheme stage's; here the properties that load bindings
        binding(from, to, ws, p);
      } else if (equalsIgnoreCase(ws, we, "expression")) {
        expression(from, to, ws, p);
      }
    }
    scan.work += to - from;
  }

  /** {@code -moz-binding:url(} or {@code behavior:url(}, the {@code url} at {@code ws}. */
  private void binding(int from, int to, int ws, int paren) {
    int m = ws;
    while (m > from && ws - m < 8 && s.charAt(m - 1) <= ' ') {
      m--;
    }
    if (m <= from || s.charAt(m - 1) != ':') {
      return;
    }
    m--;
    while (m > from && ws - m < 16 && s.charAt(m - 1) <= ' ') {
      m--;
    }
    int pe = m;
    while (m > from
        && pe - m < 16
        && (Chars.isAsciiLetter(s.charAt(m - 1)) || s.charAt(m - 1) == '-')) {
      m--;
    }
    scan.work += ws - m;
    int arg = skipBlank(paren + 1, to);
    if (arg < to && JsScanner.isQuote(s.charAt(arg))) {
      arg++;
    }
    boolean builtIn = arg < to && s.charAt(arg) == '#';
    if (equalsIgnoreCase(m, pe, "-moz-binding")
        || (equalsIgnoreCase(m, pe, "behavior") && !builtIn)) {
      // behavior:url(#default#VML) is a built-in of old IE, common in HTML e-mail
      hit(inStyleMarkup() ? CSS_SCRIPT : CSS, m);
    }
  }

  /** {@code :expression(} or {@code =expression(}, the word at {@code ws}. */
  private void expression(int from, int to, int ws, int paren) {
    int b = ws;
    while (b > from && ws - b < 8 && s.charAt(b - 1) <= ' ') {
      b--;
    }
    if (b > from && (s.charAt(b - 1) == ':' || s.charAt(b - 1) == '=')) {
      int end = Math.min(to, paren + 1 + MAX_REGION);
      // old layout hacks used expression() without sinks, so only a sink makes it critical
      hit(js.strongestIn(paren + 1, end) >= JsScanner.STRONG ? CSS_SCRIPT : CSS, ws);
    }
  }

  private int styleMarkup = -1;

  /**
   * Whether the value holds a style attribute or element, where script-running CSS is an attack
   * rather than text about CSS.
   */
  private boolean inStyleMarkup() {
    if (styleMarkup < 0) {
      styleMarkup = indexOfIgnoreCase("style", 0, s.length()) >= 0 ? 1 : 0;
    }
    return styleMarkup == 1;
  }
}

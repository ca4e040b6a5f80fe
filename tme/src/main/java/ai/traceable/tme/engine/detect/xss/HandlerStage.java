package ai.traceable.tme.engine.detect.xss;

import static ai.traceable.tme.engine.detect.xss.XssDetector.HANDLER_INJECTED;
import static ai.traceable.tme.engine.detect.xss.XssDetector.HANDLER_TEXT;

import ai.traceable.tme.engine.detect.Chars;
import ai.traceable.tme.engine.detect.Text;

/**
 * The handler-injection stage: {@code onxxx=value} outside a tag, after a quote or at a word start,
 * for values that land inside an existing tag ({@code " onmouseover="alert(1)}).
 */
final class HandlerStage extends XssStage {
  HandlerStage(XssScan scan) {
    super(scan);
  }

  /**
   * {@code onxxx=value} outside a tag: after a quote or at a word start, for values reflected
   * inside an attribute or an unquoted tag context.
   */
  void inspect(int from, int to) {
    int i = from;
    while (i + 4 < to && !scan.done) {
      if (!nameMayStart(from, i)) {
        i++;
        continue;
      }
      int j = i + 2;
      while (j < to && j - i < 48 && Chars.isAsciiLetter(s.charAt(j))) {
        j++;
      }
      scan.work += j - i;
      int k = skipBlank(j, to);
      if (j - i < 5 || k >= to || s.charAt(k) != '=' || (k + 1 < to && s.charAt(k + 1) == '=')) {
        i = j;
        continue;
      }
      if (!HtmlNames.EVENT_HANDLERS.contains(Text.lowerAscii(s, i, j))) {
        i = j;
        continue;
      }
      i = Math.max(handler(from, to, i, k), j);
    }
  }

  /**
   * Whether an {@code on...} name starts at {@code i}: at the start, or after a blank, / or quote.
   */
  private boolean nameMayStart(int from, int i) {
    char c = s.charAt(i);
    if ((c != 'o' && c != 'O') || Chars.toLowerAscii(s.charAt(i + 1)) != 'n') {
      return false;
    }
    if (i == from) {
      return true;
    }
    char prev = s.charAt(i - 1);
    return HtmlTokenizer.isSpace(prev) || prev == '/' || JsScanner.isQuote(prev);
  }

  /**
   * Judges the value of the handler named at {@code i} whose {@code =} is at {@code k}; returns
   * where the value ends.
   */
  private int handler(int from, int to, int i, int k) {
    int b = i;
    while (b > from && i - b < 16 && (isBlankChar(s.charAt(b - 1)) || s.charAt(b - 1) == '/')) {
      b--;
    }
    boolean afterQuote = b > from && JsScanner.isQuote(s.charAt(b - 1));
    int v = skipBlank(k + 1, to);
    boolean quoted = v < to && JsScanner.isQuote(s.charAt(v));
    int rs = quoted ? v + 1 : v;
    int re = rs;
    if (quoted) {
      char q = s.charAt(v);
      while (re < to && re - rs < MAX_REGION && s.charAt(re) != q) {
        re++;
      }
    } else {
      while (re < to
          && re - rs < MAX_REGION
          && !HtmlTokenizer.isSpace(s.charAt(re))
          && s.charAt(re) != '>') {
        re++;
      }
    }
    scan.work += re - k;
    if (re > rs) {
      int strength = js.strongestIn(rs, re);
      boolean call = js.hasCall(rs, re);
      if (strength >= JsScanner.STRONG || (afterQuote && (call || strength > 0))) {
        hit(HANDLER_INJECTED, i);
      } else if (call || strength > 0) {
        hit(HANDLER_TEXT, i);
      }
    }
    return re;
  }
}

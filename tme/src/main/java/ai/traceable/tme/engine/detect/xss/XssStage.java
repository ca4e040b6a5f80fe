package ai.traceable.tme.engine.detect.xss;

import ai.traceable.tme.engine.detect.Chars;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Text;

/**
 * A stage of the XSS inspection of one value: it reads the value of its {@link XssScan}, reports
 * through it, stops when it is done, and adds what it examines to its work. The text helpers here
 * (ASCII case-insensitive search, skipping blanks) count their work too.
 */
abstract class XssStage {
  /** The longest region (a handler value, an expression) a stage examines. */
  static final int MAX_REGION = 512;

  final XssScan scan;
  final String s;
  final JsScanner js;

  XssStage(XssScan scan) {
    this.scan = scan;
    this.s = scan.s;
    this.js = scan.js;
  }

  final void hit(DetectionRule rule, int at) {
    scan.hit(rule, at);
  }

  final char lowerAt(int i) {
    return i < s.length() ? Chars.toLowerAscii(s.charAt(i)) : 0;
  }

  final boolean lettersOnly(int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Chars.isAsciiLetter(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  final boolean isBlank(int from, int to) {
    return skipBlank(from, to) >= to;
  }

  final int skipBlank(int from, int to) {
    int i = Text.skipControls(s, from, to);
    scan.work += i - from;
    return i;
  }

  static boolean isBlankChar(char c) {
    return c <= ' ';
  }

  final boolean equalsIgnoreCase(int from, int to, String lower) {
    return Text.equalsIgnoreCase(s, from, to, lower);
  }

  final boolean startsWithIgnoreCase(int at, int to, String lower) {
    return Text.startsWithIgnoreCase(s, at, to, lower);
  }

  final boolean containsIgnoreCase(int from, int to, String lower) {
    return indexOfIgnoreCase(lower, from, to) >= 0;
  }

  /** Naive search; fine for the short needles and bounded regions it is used on. */
  final int indexOfIgnoreCase(String lower, int from, int to) {
    int at = Text.indexOfIgnoreCase(s, lower, from, to);
    scan.work += at >= 0 ? at - from : Math.max(0, to - from);
    return at;
  }

  final boolean containsMarkup(int from, int to) {
    for (int p = from; p + 1 < to; p++) {
      if (s.charAt(p) == '<' && HtmlTokenizer.startsTagLike(s.charAt(p + 1))) {
        scan.work += p - from;
        return true;
      }
    }
    scan.work += to - from;
    return false;
  }

  static boolean isCallee(char c) {
    return JsScanner.isIdentPart(c) || c == ')' || c == ']';
  }
}

package ai.traceable.tme.engine.detect.xss;

import static ai.traceable.tme.engine.detect.xss.XssDetector.BACKTICK;
import static ai.traceable.tme.engine.detect.xss.XssDetector.BRACE;
import static ai.traceable.tme.engine.detect.xss.XssDetector.BREAKOUT;
import static ai.traceable.tme.engine.detect.xss.XssDetector.BREAKOUT_WEAK;
import static ai.traceable.tme.engine.detect.xss.XssDetector.COLON;
import static ai.traceable.tme.engine.detect.xss.XssDetector.EQUALS;
import static ai.traceable.tme.engine.detect.xss.XssDetector.LT;
import static ai.traceable.tme.engine.detect.xss.XssDetector.PAREN;
import static ai.traceable.tme.engine.detect.xss.XssDetector.QUOTE;

import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.Hits;

/**
 * The inspection of one value, or of a rewritten form of it, for {@link XssDetector}: runs the
 * stages the pre-check flags call for, reports each rule at most once, stops at the first critical
 * hit, and counts the characters examined. Not thread-safe; one per inspected text.
 */
final class XssScan {
  final String s;
  final JsScanner js;
  private final Hits hits;
  private int reported;
  boolean done;
  long work;

  // the stages, created when first needed: most values need one or two
  private SchemeStage schemes;
  private MarkupStage markup;
  private HandlerStage handlers;
  private ExpressionStage expressions;
  private CssStage styles;

  XssScan(String s, Hits hits) {
    this.s = s;
    this.hits = hits;
    this.js = new JsScanner(s);
  }

  SchemeStage schemes() {
    if (schemes == null) {
      schemes = new SchemeStage(this);
    }
    return schemes;
  }

  private MarkupStage markup() {
    if (markup == null) {
      markup = new MarkupStage(this);
    }
    return markup;
  }

  private HandlerStage handlers() {
    if (handlers == null) {
      handlers = new HandlerStage(this);
    }
    return handlers;
  }

  private ExpressionStage expressions() {
    if (expressions == null) {
      expressions = new ExpressionStage(this);
    }
    return expressions;
  }

  private CssStage styles() {
    if (styles == null) {
      styles = new CssStage(this);
    }
    return styles;
  }

  /** Characters examined by the stages and by the JavaScript scanner. */
  long work() {
    return work + js.work;
  }

  void run(int flags, int depth) {
    int n = s.length();
    if ((flags & LT) != 0) {
      markup().inspect(0, n, depth);
    }
    if (!done && (flags & COLON) != 0) {
      schemes().inspect(0, n);
    }
    if (!done && (flags & EQUALS) != 0) {
      handlers().inspect(0, n);
    }
    if (!done && (flags & QUOTE) != 0) {
      report(js.breakout(0, n));
    }
    if (!done && (flags & (PAREN | BACKTICK)) != 0) {
      report(js.leading(0, n));
    }
    if (!done && (flags & BRACE) != 0) {
      report(js.substitutions(0, n));
      if (!done) {
        expressions().templates(0, n);
      }
    }
    if (!done && (flags & PAREN) != 0) {
      styles().inspect(0, n);
    }
    if (!done && depth == 0) {
      rewritten(flags);
    }
    if (!done && (flags & (PAREN | BACKTICK)) != 0) {
      expressions().bareCalls(0, n);
    }
  }

  /** Inspects the forms of the value that CSS escapes or UTF-7 hide. */
  private void rewritten(int flags) {
    if ((flags & (COLON | PAREN)) != 0 && (s.indexOf("/*") >= 0 || s.indexOf('\\') >= 0)) {
      // exp/**/ression(, \65 xpression(, url(\6a avascript:...)
      String css = Rewrites.cssUnescaped(s);
      if (!css.equals(s)) {
        nested(css, true);
      }
    }
    if (!done && (s.indexOf("+AD") >= 0 || s.indexOf("+AC") >= 0)) {
      // UTF-7: +ADw-script+AD4- is <script>
      String decoded = Rewrites.utf7(s);
      if (!decoded.equals(s)) {
        nested(decoded, false);
      }
    }
  }

  /** Inspects a rewritten form of the value, sharing what was reported so far. */
  private void nested(String text, boolean cssOnly) {
    XssScan child = new XssScan(text, hits);
    child.reported = reported;
    int flags = XssDetector.flagsOf(text);
    if (cssOnly) {
      if ((flags & COLON) != 0) {
        child.schemes().inspect(0, text.length());
      }
      if (!child.done && (flags & PAREN) != 0) {
        child.styles().inspect(0, text.length());
      }
    } else {
      child.run(flags, 1);
    }
    reported = child.reported;
    done = child.done;
    work += 2L * text.length() + child.work + child.js.work;
  }

  private void report(int verdict) {
    if (verdict >= JsScanner.STRONG) {
      hit(BREAKOUT, js.sinkPosition);
    } else if (verdict == JsScanner.WEAK) {
      hit(BREAKOUT_WEAK, js.sinkPosition);
    }
  }

  /** Reports {@code rule} at {@code at} unless it was reported before; a critical rule stops. */
  void hit(DetectionRule rule, int at) {
    int bit = 1 << XssDetector.TABLE.indexOf(rule);
    if ((reported & bit) != 0) {
      return;
    }
    reported |= bit;
    hits.hit(rule, Detector.snippet(s, at));
    if (rule.settles()) {
      done = true;
    }
  }
}

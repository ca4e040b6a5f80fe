package ai.traceable.tme.engine.detect.xss;

import static ai.traceable.tme.engine.detect.xss.XssDetector.DATA_URL;
import static ai.traceable.tme.engine.detect.xss.XssDetector.JS_URL;
import static ai.traceable.tme.engine.detect.xss.XssDetector.JS_URL_TEXT;

import ai.traceable.tme.engine.detect.Chars;

/**
 * The scheme stage: every {@code scheme:} is read back to its start, ignoring the tabs, line breaks
 * and control characters browsers drop inside a scheme; {@code javascript:}, {@code vbscript:} and
 * {@code livescript:} followed by code, and {@code data:} URLs of HTML documents, are judged by
 * where they stand (whole value, after {@code =}, a quote or {@code (}). The markup stage asks it
 * about URL attributes ({@link #scheme}).
 */
final class SchemeStage extends XssStage {
  static final int SCHEME_NONE = 0;
  static final int SCHEME_SCRIPT = 1;
  static final int SCHEME_DATA_HTML = 2;
  static final int SCHEME_DATA_SVG = 3;
  static final int SCHEME_DATA_OTHER = 4;

  private static final long JAVASCRIPT = encode("javascript");
  private static final long VBSCRIPT = encode("vbscript");
  private static final long LIVESCRIPT = encode("livescript");
  private static final long MOCHA = encode("mocha");
  private static final long DATA = encode("data");

  private static final String[] NO_OP_SCRIPTS = {
    "",
    ";",
    "void(0)",
    "void(0);",
    "void 0",
    "void 0;",
    "void(null)",
    "void(0)//",
    "false",
    "false;",
    "undefined",
    "null"
  };

  SchemeStage(XssScan scan) {
    super(scan);
  }

  /** Where the text after the colon starts, set by {@link #scheme}. */
  int schemeRest;

  /**
   * Classifies the URL starting at {@code p}, skipping leading whitespace and control characters
   * and those inside the scheme, as browsers do.
   */
  int scheme(int p, int end) {
    int i = p;
    int limit = Math.min(end, p + 64);
    while (i < limit && s.charAt(i) <= ' ') {
      i++;
    }
    long code = 0;
    int letters = 0;
    while (i < limit && letters <= 10) {
      char c = s.charAt(i);
      if (Chars.isAsciiLetter(c)) {
        code = code * 32 + (Chars.toLowerAscii(c) - 'a' + 1);
        letters++;
      } else if (c >= ' ') {
        break;
      }
      i++;
    }
    scan.work += i - p;
    if (i >= end || s.charAt(i) != ':' || letters > 10) {
      return SCHEME_NONE;
    }
    schemeRest = i + 1;
    return classify(code, i + 1, end);
  }

  private int classify(long code, int rest, int end) {
    if (code == JAVASCRIPT || code == VBSCRIPT || code == LIVESCRIPT || code == MOCHA) {
      return SCHEME_SCRIPT;
    }
    if (code != DATA) {
      return SCHEME_NONE;
    }
    int m = skipBlank(rest, end);
    if (startsWithIgnoreCase(m, end, "text/html")
        || startsWithIgnoreCase(m, end, "application/xhtml")) {
      return SCHEME_DATA_HTML;
    }
    if (startsWithIgnoreCase(m, end, "image/svg")) {
      return SCHEME_DATA_SVG;
    }
    if (startsWithIgnoreCase(m, end, "text/xml")
        || startsWithIgnoreCase(m, end, "application/xml")) {
      return SCHEME_DATA_OTHER;
    }
    return SCHEME_NONE;
  }

  /** Every {@code scheme:} in the value, read backwards from its colon. */
  void inspect(int from, int to) {
    for (int c = from; c < to && !scan.done; c++) {
      if (s.charAt(c) != ':') {
        continue;
      }
      int k = c;
      long code = 0;
      int letters = 0;
      long scale = 1;
      while (k > from && c - k < 40) {
        char ch = s.charAt(k - 1);
        if (Chars.isAsciiLetter(ch)) {
          if (++letters > 10) {
            break;
          }
          code += scale * (Chars.toLowerAscii(ch) - 'a' + 1);
          scale *= 32;
        } else if (ch >= ' ') {
          break;
        }
        k--;
      }
      scan.work += c - k;
      if (letters == 0 || letters > 10) {
        continue;
      }
      int kind = classify(code, c + 1, to);
      if (kind == SCHEME_NONE || kind == SCHEME_DATA_SVG || kind == SCHEME_DATA_OTHER) {
        continue;
      }
      boolean attributeLike = standsAsValue(from, k);
      if (kind == SCHEME_DATA_HTML) {
        if (attributeLike) {
          hit(DATA_URL, k);
        }
        continue;
      }
      int tokenEnd = shortTokenEnd(c + 1, to);
      if ((tokenEnd >= 0 && isNoOp(c + 1, tokenEnd)) || !codeLike(c + 1, to)) {
        continue;
      }
      hit(attributeLike ? JS_URL : JS_URL_TEXT, k);
    }
  }

  /** Whether a word starting at {@code k} starts the value or follows =, a quote or (. */
  private boolean standsAsValue(int from, int k) {
    int b = k;
    while (b > from && k - b < 16 && s.charAt(b - 1) <= ' ') {
      b--;
    }
    if (b == from) {
      return true;
    }
    char p = s.charAt(b - 1);
    return p == '=' || p == '"' || p == '\'' || p == '`' || p == '(';
  }

  /**
   * End of the short token starting at {@code from} (at a quote, a space or {@code >}; a line break
   * would end a {@code //} comment and is part of the script), or -1 when it is longer than any
   * no-op script.
   */
  private int shortTokenEnd(int from, int to) {
    int limit = Math.min(to, from + 16);
    for (int p = from; p < limit; p++) {
      char c = s.charAt(p);
      if (c == ' ' || c == '"' || c == '\'' || c == '`' || c == '>') {
        scan.work += p - from;
        return p;
      }
    }
    scan.work += limit - from;
    return limit == to ? to : -1;
  }

  /**
   * Whether the text after a javascript: scheme reads as code rather than prose: it calls or
   * assigns ({@code alert(1)}, {@code alert`1`}, {@code location=...}), or it starts with
   * punctuation and calls or assigns further on ({@code //%0aalert(1)}, {@code '<img ...>'}).
   * Callers pass non-decreasing {@code from}, which lets the mark searches resume where they
   * stopped and keeps the scheme stage linear.
   */
  private boolean codeLike(int from, int to) {
    int end = Math.min(to, from + MAX_REGION);
    if (from >= end) {
      return false;
    }
    boolean punctuation = "/'\"([{%!~+-;`".indexOf(s.charAt(from)) >= 0;
    int mark = punctuation ? nextMark(from, false) : nextMark(from, true);
    return mark >= 0 && mark < end;
  }

  /** Cached results of {@link #nextMark}: [0] any mark, [1] a mark after an identifier. */
  private final int[] markAt = {-1, -1};

  private final int[] markScanned = {0, 0};

  private final boolean[] markExhausted = new boolean[2];

  /**
   * The first {@code (}, {@code `} or {@code =} after {@code from} (right after an identifier
   * character when {@code afterIdentifier}), or -1. {@code from} must not decrease between calls.
   */
  private int nextMark(int from, boolean afterIdentifier) {
    int k = afterIdentifier ? 1 : 0;
    if (markAt[k] > from) {
      return markAt[k];
    }
    if (markExhausted[k]) {
      return -1;
    }
    int p = Math.max(from + 1, markScanned[k]);
    int start = p;
    int n = s.length();
    while (p < n) {
      char c = s.charAt(p);
      if ((c == '(' || c == '`' || c == '=')
          && (!afterIdentifier || JsScanner.isIdentPart(s.charAt(p - 1)))) {
        break;
      }
      p++;
    }
    scan.work += p - start;
    markScanned[k] = p;
    if (p >= n) {
      markExhausted[k] = true;
      return -1;
    }
    markAt[k] = p;
    return p;
  }

  boolean isNoOp(int from, int to) {
    int a = skipBlank(from, to);
    int b = to;
    while (b > a && s.charAt(b - 1) <= ' ') {
      b--;
    }
    if (b - a > 12) {
      return false;
    }
    for (String noOp : NO_OP_SCRIPTS) {
      if (noOp.length() == b - a && s.startsWith(noOp, a)) {
        return true;
      }
    }
    return false;
  }

  /** The letters of a short lower-case word, five bits each (fits words of up to 12 letters). */
  private static long encode(String word) {
    long code = 0;
    for (int i = 0; i < word.length(); i++) {
      code = code * 32 + (word.charAt(i) - 'a' + 1);
    }
    return code;
  }
}

package ai.traceable.tme.engine.detect.xss;

import ai.traceable.tme.engine.detect.Chars;

/**
 * A small JavaScript scanner for the questions the XSS detector asks about a value: does an
 * expression starting here reach a sink (a function or property that runs code, shows a dialog or
 * leaks the session), and does the value close a string or expression and then reach one.
 *
 * <p>It does not parse JavaScript. It reads identifier chains ({@code a.b['c'].d}) and looks at the
 * character after each link (a call {@code (} or tagged template {@code `}, an assignment, a
 * computed member {@code [}), skipping whitespace, operators, parentheses, comments and a few
 * keywords where an attacker pads a payload. Everything is forward scanning with fixed caps on
 * chain length, identifier length and padding, so each call does bounded work and callers keep
 * their scans linear by moving forward past what a call consumed. {@link #work} counts the
 * characters examined.
 *
 * <p>Identifiers are matched case-sensitively, as JavaScript does ({@code ALERT(1)} is not a call
 * of {@code alert}).
 */
final class JsScanner {
  static final int NONE = 0;

  /** Reaches something that needs company to be an attack: fetch, atob, location. */
  static final int WEAK = 1;

  /** Calls a dialog or code sink, or reads the cookie: alert, eval, document.cookie. */
  static final int STRONG = 2;

  /** Reaches the Function constructor through {@code constructor} (template sandbox escapes). */
  static final int CONSTRUCTOR = 3;

  private static final int MAX_CHAIN = 6;
  private static final int MAX_IDENT = 64;
  private static final int MAX_PAD = 128;
  private static final String[] KEYWORDS = {
    "new", "void", "typeof", "throw", "await", "delete", "yield", "return", "in"
  };

  private final String s;

  /** Characters examined by this scanner. */
  long work;

  /** Set when {@link #sinkAt} saw a call of alert, prompt or confirm; callers reset it. */
  boolean sawDialog;

  /** Offset where the last successful {@link #breakout} or {@link #leading} saw its sink. */
  int sinkPosition;

  JsScanner(String s) {
    this.s = s;
  }

  /**
   * How dangerous the expression starting at {@code p} is: {@link #NONE}, {@link #WEAK}, {@link
   * #STRONG} or {@link #CONSTRUCTOR}. {@code p} is an identifier start or a {@code .} before one (a
   * member of an expression that was skipped, as in {@code [].constructor}).
   */
  int sinkAt(int p, int end) {
    int i = p;
    boolean member = false;
    if (i < end && s.charAt(i) == '.') {
      member = true;
      i++;
    }
    int ps = -1;
    int pe = -1;
    for (int n = 0; n < MAX_CHAIN; n++) {
      int es;
      int ee;
      if (i < end && isIdentStart(s.charAt(i))) {
        es = i;
        while (i < end && isIdentPart(s.charAt(i)) && i - es < MAX_IDENT) {
          i++;
        }
        ee = i;
      } else if (n > 0 && i + 1 < end && s.charAt(i) == '[' && isQuote(s.charAt(i + 1))) {
        es = i + 2;
        ee = quotedMemberEnd(i, end);
        if (ee < 0) {
          return NONE;
        }
        i = ee + 2;
      } else {
        break;
      }
      work += ee - es + 1;
      int k = skipSpaces(i, end, 8);
      char nx = k < end ? s.charAt(k) : 0;
      boolean call = nx == '(' || (nx == '`' && isTaggedTemplate(k, end));
      boolean assign = nx == '=' && (k + 1 >= end || s.charAt(k + 1) != '=');
      int a = nx == '(' ? skipSpaces(k + 1, end, 8) : end;
      boolean stringArgument = a < end && isQuote(s.charAt(a));
      int verdict = judge(n == 0 && !member, ps, pe, es, ee, nx, call, assign, stringArgument);
      if (verdict != NONE) {
        return verdict;
      }
      if (nx == '.') {
        ps = es;
        pe = ee;
        i = k + 1;
      } else if (nx == '[' && k + 1 < end && isQuote(s.charAt(k + 1))) {
        ps = es;
        pe = ee;
        i = k;
      } else {
        break;
      }
    }
    return NONE;
  }

  /**
   * The end of the name in a bracketed string member ({@code ['name']}) that starts at {@code i},
   * or -1 when it is not one (unterminated, too long, or no closing bracket).
   */
  private int quotedMemberEnd(int i, int end) {
    char q = s.charAt(i + 1);
    int from = i + 2;
    int limit = Math.min(end, from + MAX_IDENT);
    int c = from;
    while (c < limit && s.charAt(c) != q) {
      c++;
    }
    work += c - i + 1;
    if (c >= limit || c + 1 >= end || s.charAt(c + 1) != ']') {
      return -1;
    }
    return c;
  }

  private int judge(
      boolean first,
      int ps,
      int pe,
      int es,
      int ee,
      char nx,
      boolean call,
      boolean assign,
      boolean stringArgument) {
    if (call && (is(es, ee, "alert") || is(es, ee, "prompt") || is(es, ee, "confirm"))) {
      // a dialog, called directly or on any object that may stand for the window
      // ($event.view.alert(1), x.alert(1))
      sawDialog = true;
      return STRONG;
    }
    if (first) {
      return judgeFirst(es, ee, nx, call, assign, stringArgument);
    }
    int escape = constructorEscape(ps, pe, es, ee, call, assign);
    if (escape != NONE || ps < 0) {
      return escape;
    }
    return judgeMember(ps, pe, es, ee, nx, call, assign);
  }

  /** The first link of a chain: a global function or property. */
  private int judgeFirst(
      int es, int ee, char nx, boolean call, boolean assign, boolean stringArgument) {
    if (call
        && (is(es, ee, "eval")
            || is(es, ee, "execScript")
            || is(es, ee, "Function")
            || is(es, ee, "$eval"))) {
      return STRONG;
    }
    if (nx == '('
        && (is(es, ee, "import") || is(es, ee, "setTimeout") || is(es, ee, "setInterval"))) {
      // only a string argument loads or evaluates code; setTimeout(fn, 10) and import(name)
      // are everyday code
      return stringArgument ? STRONG : NONE;
    }
    if (nx == '[' && isGlobal(es, ee)) {
      return STRONG;
    }
    if (assign && is(es, ee, "onerror")) {
      return STRONG;
    }
    if (call
        && (is(es, ee, "fetch")
            || is(es, ee, "atob")
            || is(es, ee, "XMLHttpRequest")
            || is(es, ee, "WebSocket")
            || is(es, ee, "EventSource"))) {
      return WEAK;
    }
    if (assign && is(es, ee, "location")) {
      return WEAK;
    }
    return NONE;
  }

  /** A link that reaches the Function constructor or rewrites a built-in prototype. */
  private int constructorEscape(int ps, int pe, int es, int ee, boolean call, boolean assign) {
    boolean hasPrev = ps >= 0;
    if (is(es, ee, "constructor") && (call || (hasPrev && is(ps, pe, "constructor")))) {
      return CONSTRUCTOR;
    }
    if (hasPrev && is(ps, pe, "constructor") && is(es, ee, "prototype")) {
      // rewriting a built-in prototype, the other family of template sandbox escapes
      return CONSTRUCTOR;
    }
    if (assign && is(es, ee, "charAt")) {
      // 'a'.constructor.prototype.charAt=[].join, the classic AngularJS sandbox escape
      return CONSTRUCTOR;
    }
    return NONE;
  }

  /** A member {@code es..ee} of {@code ps..pe}: document.cookie, location.href= and the like. */
  private int judgeMember(int ps, int pe, int es, int ee, char nx, boolean call, boolean assign) {
    if (is(ps, pe, "document")) {
      if (is(es, ee, "cookie") || is(es, ee, "domain")) {
        return STRONG;
      }
      if (call && (is(es, ee, "write") || is(es, ee, "writeln"))) {
        return STRONG;
      }
    }
    if (call && is(ps, pe, "String") && is(es, ee, "fromCharCode")) {
      return STRONG;
    }
    if (call && isGlobal(ps, pe) && (is(es, ee, "eval") || is(es, ee, "Function"))) {
      return STRONG;
    }
    if (is(es, ee, "location")
        && (assign || nx == '.')
        && (isGlobal(ps, pe) || is(ps, pe, "document"))) {
      return WEAK;
    }
    if (is(ps, pe, "location")
        && ((assign && is(es, ee, "href"))
            || (call && (is(es, ee, "assign") || is(es, ee, "replace"))))) {
      return WEAK;
    }
    if (call && is(ps, pe, "navigator") && is(es, ee, "sendBeacon")) {
      return WEAK;
    }
    return NONE;
  }

  /**
   * Whether the backtick at {@code p} opens a short template that closes without whitespace, as in
   * {@code alert`1`}; a backtick that closes inline code in prose ({@code `--eval`, or ...}) does
   * not.
   */
  private boolean isTaggedTemplate(int p, int end) {
    int limit = Math.min(end, p + 1 + MAX_IDENT);
    for (int j = p + 1; j < limit; j++) {
      char c = s.charAt(j);
      if (c == '`') {
        work += j - p;
        return true;
      }
      if (HtmlTokenizer.isSpace(c)) {
        break;
      }
    }
    work += limit - p;
    return false;
  }

  /** The strongest sink reached by any expression starting inside {@code [from, to)}. */
  int strongestIn(int from, int to) {
    int best = NONE;
    for (int p = from; p < to && best < CONSTRUCTOR; p++) {
      char c = s.charAt(p);
      boolean startsChain =
          (isIdentStart(c) && (p == from || !isIdentPart(s.charAt(p - 1))))
              || (c == '.' && p + 1 < to && isIdentStart(s.charAt(p + 1)));
      if (startsChain) {
        best = Math.max(best, sinkAt(p, to));
      }
    }
    work += to - from;
    return best;
  }

  /** Whether {@code [from, to)} contains a call: an identifier directly followed by ( or `. */
  boolean hasCall(int from, int to) {
    for (int p = from; p + 1 < to; p++) {
      char n = s.charAt(p + 1);
      if ((n == '(' || n == '`') && (isIdentPart(s.charAt(p)) || s.charAt(p) == ')')) {
        work += p - from;
        return true;
      }
    }
    work += to - from;
    return false;
  }

  /**
   * Looks for a JavaScript string or expression being closed and followed by a sink, as in {@code
   * ";alert(1)//}, {@code '-alert(1)-'}, {@code ');alert(1);//} or {@code "}};alert(1)//}: a quote,
   * optional closing brackets, an operator or {@code ;} (comments allowed in between), optional
   * padding, then an expression judged by {@link #sinkAt}. Returns the strongest verdict found;
   * stops at the first {@link #STRONG} or better.
   */
  int breakout(int from, int end) {
    int best = NONE;
    int i = from;
    while (i < end) {
      int q = i;
      while (q < end && !isQuote(s.charAt(q))) {
        q++;
      }
      work += q - i;
      if (q >= end) {
        break;
      }
      int j = afterCloseAndOperator(q + 1, end);
      if (j < 0) {
        i = Math.max(-j - 1, q + 1);
        continue;
      }
      j = skipPadding(j, end);
      int verdict = sinkAt(j, end);
      if (verdict > best) {
        best = verdict;
        sinkPosition = q;
        if (best >= STRONG) {
          return best;
        }
      }
      i = Math.max(j, q + 1);
    }
    return best;
  }

  /**
   * The same judgement for a value that starts inside a script expression (a number or identifier
   * context): {@code ;alert(1)//}, {@code -alert(1)-}, {@code 1;alert(1)}, {@code );alert(1)//}.
   */
  int leading(int from, int end) {
    int j = skipSpaces(from, end, MAX_PAD);
    int w = j;
    while (j < end && isIdentPart(s.charAt(j)) && j - w < MAX_IDENT) {
      j++;
    }
    boolean word = j > w;
    int k = j;
    boolean block = false;
    while (k < end && k - j < MAX_PAD && isCloser(s.charAt(k))) {
      block |= s.charAt(k) == '}';
      k++;
    }
    work += k - from;
    if (k >= end) {
      return NONE;
    }
    char c = s.charAt(k);
    if (block && !word && isIdentStart(c)) {
      // }alert(1);{ : a block closed and a statement started
      int verdict = sinkAt(k, end);
      if (verdict != NONE) {
        sinkPosition = k;
      }
      return verdict;
    }
    if (word ? c != ';' : !isOperator(c)) {
      return NONE;
    }
    if (c == '/' && k + 1 < end && (s.charAt(k + 1) == '/' || s.charAt(k + 1) == '*')) {
      return NONE;
    }
    int p = skipPadding(k + 1, end);
    int verdict = sinkAt(p, end);
    if (verdict != NONE) {
      sinkPosition = k;
    }
    return verdict;
  }

  /**
   * Template-literal substitutions {@code ${...}} (and the old Netscape {@code &{...}} entities)
   * that reach a sink. Returns the strongest verdict and leaves its position in {@link
   * #sinkPosition}.
   */
  int substitutions(int from, int end) {
    int best = NONE;
    int i = from;
    while (i + 1 < end) {
      int q = i;
      while (q + 1 < end
          && !((s.charAt(q) == '$' || s.charAt(q) == '&') && s.charAt(q + 1) == '{')) {
        q++;
      }
      work += q - i;
      if (q + 1 >= end) {
        break;
      }
      int p = skipPadding(q + 2, end);
      int verdict = sinkAt(p, end);
      if (verdict > best) {
        best = verdict;
        sinkPosition = q;
        if (best >= STRONG) {
          return best;
        }
      }
      i = Math.max(p, q + 2);
    }
    return best;
  }

  /**
   * After a quote at {@code p - 1}: skips closing brackets and whitespace, comments, then needs an
   * operator. Returns the offset after the operator, or {@code -(stop + 1)} when there is none.
   */
  private int afterCloseAndOperator(int p, int end) {
    int j = p;
    int limit = Math.min(end, p + MAX_PAD);
    while (j < limit) {
      char c = s.charAt(j);
      if (isCloser(c)) {
        j++;
      } else if (c == '/' && j + 1 < end && s.charAt(j + 1) == '*') {
        j = skipBlockComment(j, end);
      } else if (c == '/' && j + 1 < end && s.charAt(j + 1) == '/') {
        // a line comment ends the statement at the next line break
        int nl = j + 2;
        while (nl < limit && s.charAt(nl) != '\n' && s.charAt(nl) != '\r') {
          nl++;
        }
        work += nl - p;
        return nl < limit ? nl + 1 : -(nl + 1);
      } else if (isOperator(c)) {
        work += j + 1 - p;
        return j + 1;
      } else if (j > p && s.charAt(j - 1) == '}' && isIdentStart(c)) {
        // '}catch(e){alert(1)}//, '}else{alert(1)}: a block closed, a new one opened
        int k = afterBlockKeyword(j, limit);
        work += k - p;
        return k >= 0 ? k : -(j + 1);
      } else {
        break;
      }
    }
    work += j - p;
    return -(j + 1);
  }

  /** After {@code catch (e) {}, {@code finally {} or {@code else {} at {@code p}, or -1. */
  private int afterBlockKeyword(int p, int limit) {
    int j;
    if (s.startsWith("catch", p)) {
      j = skipSpaces(p + 5, limit, 8);
      if (j < limit && s.charAt(j) == '(') {
        while (j < limit && s.charAt(j) != ')') {
          j++;
        }
        j = skipSpaces(j + 1, limit, 8);
      }
    } else if (s.startsWith("finally", p)) {
      j = skipSpaces(p + 7, limit, 8);
    } else if (s.startsWith("else", p)) {
      j = skipSpaces(p + 4, limit, 8);
    } else {
      return -1;
    }
    return j < limit && s.charAt(j) == '{' ? j + 1 : -1;
  }

  /** Skips whitespace, operators, brackets, comments and padding keywords before an expression. */
  private int skipPadding(int p, int end) {
    int j = p;
    int limit = Math.min(end, p + MAX_PAD);
    while (j < limit) {
      char c = s.charAt(j);
      if (c == '/' && j + 1 < end && s.charAt(j + 1) == '*') {
        j = skipBlockComment(j, end);
      } else if (HtmlTokenizer.isSpace(c)
          || isOperator(c)
          || c == '('
          || c == '['
          || c == ']'
          || c == '{') {
        j++;
      } else if (isIdentStart(c)) {
        int kw = keywordAt(j, end);
        if (kw == 0) {
          break;
        }
        j += kw;
      } else {
        break;
      }
    }
    work += j - p;
    return j;
  }

  private int keywordAt(int p, int end) {
    for (String k : KEYWORDS) {
      int e = p + k.length();
      if (e < end
          && s.startsWith(k, p)
          && (HtmlTokenizer.isSpace(s.charAt(e)) || s.charAt(e) == '(' || s.charAt(e) == '/')) {
        return k.length();
      }
    }
    return 0;
  }

  private int skipBlockComment(int p, int end) {
    int limit = Math.min(end, p + MAX_PAD);
    int j = p + 2;
    while (j + 1 < limit && !(s.charAt(j) == '*' && s.charAt(j + 1) == '/')) {
      j++;
    }
    work += j - p;
    return j + 1 < limit ? j + 2 : limit;
  }

  private int skipSpaces(int p, int end, int max) {
    int j = p;
    while (j < end && j - p < max && HtmlTokenizer.isSpace(s.charAt(j))) {
      j++;
    }
    work += j - p;
    return j;
  }

  private boolean is(int from, int to, String word) {
    return to - from == word.length() && s.startsWith(word, from);
  }

  private boolean isGlobal(int from, int to) {
    return is(from, to, "window")
        || is(from, to, "self")
        || is(from, to, "top")
        || is(from, to, "parent")
        || is(from, to, "globalThis")
        || is(from, to, "frames");
  }

  static boolean isQuote(char c) {
    return c == '"' || c == '\'' || c == '`';
  }

  static boolean isCloser(char c) {
    return c == ')' || c == ']' || c == '}' || HtmlTokenizer.isSpace(c);
  }

  static boolean isOperator(char c) {
    switch (c) {
      case ';', ',', '+', '-', '*', '/', '%', '&', '|', '^', '?', ':', '=', '<', '>', '!', '~':
        return true;
      default:
        return false;
    }
  }

  static boolean isIdentStart(char c) {
    return Chars.isAsciiLetter(c) || c == '_' || c == '$';
  }

  static boolean isIdentPart(char c) {
    return isIdentStart(c) || (c >= '0' && c <= '9');
  }
}

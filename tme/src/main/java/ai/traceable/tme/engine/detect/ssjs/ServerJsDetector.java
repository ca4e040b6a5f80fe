package ai.traceable.tme.engine.detect.ssjs;

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
          "Mongo shell call (db.getCollectionNames(), ';db.x.insert(), emit())");
  static final DetectionRule THIS_CONDITION =
      RULES.add(
          "ssjs-140",
          Severity.CRITICAL,
          1,
          "condition on the current document (this.x.match(, this.x ==)");
  static final DetectionRule RETURN_TRUE =
      RULES.add("ssjs-150", Severity.CRITICAL, 1, "statement break-out returning true or this");
  static final RuleTable TABLE = RULES.build();

  /**
   * Markers of one-line values; multi-line values (source files) declare functions as a matter of
   * course, so there {@code function(){...}} alone is no finding.
   */
  private static final Markers ONE_LINE = markers(true);

  private static final Markers MULTI_LINE = markers(false);

  private static Markers markers(boolean oneLine) {
    Markers.Builder b = Markers.builder();
    if (oneLine) {
      // source files (multi-line) declare functions and query their databases as a matter of
      // course
      b.add(FUNCTION, ServerJsDetector::functionValue, "function");
      b.add(SHELL, ServerJsDetector::shellCall, "db.");
    }
    return b.add(DELAY, ServerJsDetector::sleepCall, "sleep")
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
        .add(SHELL, Markers.WORD_CALL, "tojson", "emit", "printjson")
        .add(THIS_CONDITION, ServerJsDetector::thisCondition, "this.")
        .add(
            RETURN_TRUE,
            ServerJsDetector::returnAfterBreak,
            "return true",
            "return this",
            "return 1")
        .build();
  }

  /** Methods of the Mongo shell's database object that list, drop or reach other databases. */
  private static final java.util.Set<String> DATABASE_METHODS =
      java.util.Set.of(
          "getcollectionnames",
          "getcollection",
          "getsiblingdb",
          "dropdatabase",
          "getmongo",
          "eval",
          "admincommand",
          "runcommand",
          "getname",
          "stats",
          "serverstatus",
          "version",
          "hostinfo",
          "currentop",
          "killop",
          "getusers",
          "createuser",
          "getcollectioninfos");

  /** Methods of a collection that read or change documents. */
  private static final java.util.Set<String> COLLECTION_METHODS =
      java.util.Set.of(
          "find",
          "findone",
          "insert",
          "insertone",
          "insertmany",
          "update",
          "updateone",
          "updatemany",
          "remove",
          "deleteone",
          "deletemany",
          "drop",
          "aggregate",
          "mapreduce",
          "count",
          "save",
          "distinct");

  /** The longest property chain read after {@code db.} or {@code this.}, to keep scans linear. */
  private static final int MAX_CHAIN = 64;

  /** Every rule is a marker, except a value of a {@code $where}-style name. */
  private static final Gate GATE =
      Gate.anyOf().or(ONE_LINE).or(MULTI_LINE).orName("$where", "$function.body", "$accumulator.");

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
    FoundRules found = new FoundRules(TABLE);
    String name = value.name();
    if (!s.isBlank() && !value.placement().isName() && whereName(name)) {
      found.record(WHERE_VALUE, s, 0);
    } else {
      (s.indexOf('\n') < 0 ? ONE_LINE : MULTI_LINE).scan(s, found);
    }
    found.report(hits);
  }

  /** The field is a {@code $where}, {@code $function} body or {@code $accumulator} function. */
  static boolean whereName(String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    return n.endsWith("$where")
        || n.endsWith("[$where]")
        || n.contains("$function.body")
        || n.contains("$accumulator.");
  }

  /** {@code function(} or {@code function name(} followed by a body opening. */
  static boolean functionValue(String s, int start, int end) {
    if (!Markers.wordStart(s, start)) {
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
    int max = Math.min(s.length(), end + MAX_CHAIN);
    while (i < max
        && (Chars.isAsciiAlnum(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '.')) {
      i++;
    }
    if (i == end || Text.charAt(s, i) != '(') {
      return false;
    }
    int dot = s.lastIndexOf('.', i - 1);
    String method = Text.lowerAscii(s, dot + 1, i);
    if (dot == end - 1) {
      return DATABASE_METHODS.contains(method);
    }
    // a collection query (db.orders.find(...)) is what developers write; it counts after a
    // break-out of a string or statement
    return COLLECTION_METHODS.contains(method) && brokeOut(s, start);
  }

  private static boolean brokeOut(String s, int start) {
    for (int i = start - 1; i >= 0 && start - i <= 32; i--) {
      char c = s.charAt(i);
      if (c == ';' || Chars.isQuote(c)) {
        return true;
      }
    }
    return false;
  }

  /** {@code this.x} followed by a match, a comparison, a length or a logic operator. */
  static boolean thisCondition(String s, int start, int end) {
    if (!Markers.wordStart(s, start)) {
      return false;
    }
    int i = end;
    int max = Math.min(s.length(), end + MAX_CHAIN);
    while (i < max
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

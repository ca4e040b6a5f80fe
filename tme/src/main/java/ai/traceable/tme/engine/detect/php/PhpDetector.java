package ai.traceable.tme.engine.detect.php;

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
 * PHP code and object injection: stream wrappers given as a file ({@code php://filter/...}, {@code
 * phar://}, {@code zip://}, {@code expect://}, {@code data:text/plain,<?php}), serialized objects
 * ({@code O:8:"stdClass":1:{...}}), calls of functions that run code, commands or disclose files
 * with an argument that is code or data ({@code system('id')}, {@code assert(base64_decode(},
 * {@code $_GET['a']($_GET['b'])}, {@code ("sys"."tem")(...)}, {@code ${@print(...)}}), PHP tags
 * around code, webshell markers in uploads, and superglobals overwritten through parameter names. A
 * wrapper in prose ("php://input returns an empty string") or a function name in prose ("call the
 * system admin") is not one. Calls the {@code cmdi} detector reports as PHP code execution may be
 * reported here too; both are critical. Stateless.
 */
public final class PhpDetector implements Detector {
  private static final RuleTable.Builder RULES = RuleTable.builder(AttackClass.PHP);
  static final DetectionRule WRAPPER =
      RULES.add(
          "php-100",
          Severity.CRITICAL,
          1,
          "PHP stream wrapper as a file (php://, phar://, zip://, expect://, data:)");
  static final DetectionRule OBJECT =
      RULES.add("php-110", Severity.CRITICAL, 1, "serialized PHP object O:<n>:\"Class\"");
  static final DetectionRule CALL =
      RULES.add(
          "php-120",
          Severity.CRITICAL,
          1,
          "PHP function running code, commands or reading files, called with code or data");
  static final DetectionRule VARIABLE_CALL =
      RULES.add(
          "php-121",
          Severity.CRITICAL,
          1,
          "PHP variable function or concatenated function name called");
  static final DetectionRule TAG =
      RULES.add(
          "php-130", Severity.CRITICAL, 1, "PHP open tag followed by request input or a backtick");
  static final DetectionRule WEBSHELL =
      RULES.add(
          "php-140",
          Severity.CRITICAL,
          1,
          "webshell or handler-override marker (eval(gzinflate(, AddType x-httpd-php)");
  static final DetectionRule SUPERGLOBAL =
      RULES.add(
          "php-150", Severity.CRITICAL, 1, "PHP superglobal overwritten through a parameter name");
  static final RuleTable TABLE = RULES.build();

  private static final String[] WRAPPERS = {
    "php://", "phar://", "zip://", "expect://", "data://", "compress.zlib://",
    "compress.bzip2://", "glob://", "rar://", "ogg://", "ssh2.shell://", "ssh2.exec://"
  };

  private static final Markers MARKERS =
      Markers.builder()
          .add(
              CALL,
              PhpDetector::calledWithCode,
              "system",
              "exec",
              "shell_exec",
              "passthru",
              "popen",
              "proc_open",
              "pcntl_exec",
              "eval",
              "assert",
              "create_function",
              "call_user_func",
              "call_user_func_array",
              "array_map",
              "array_filter",
              "usort",
              "register_shutdown_function",
              "preg_replace",
              "highlight_file",
              "show_source",
              "phpinfo",
              "file_get_contents",
              "file_put_contents",
              "readfile",
              "fpassthru",
              "unserialize")
          .add(
              WEBSHELL,
              Markers.ANYWHERE,
              "x-httpd-php",
              "auto_prepend_file",
              "auto_append_file",
              "gzinflate(base64_decode",
              "eval(gzinflate",
              "eval(str_rot13",
              "eval(gzuncompress",
              "eval(base64_decode",
              "@eval($_",
              "assert($_",
              "move_uploaded_file(")
          .build();

  /** Superglobal names, wrappers, serialized objects, markers, variable calls and open tags. */
  private static final Gate GATE =
      Gate.anyOf(
              "_server[",
              "_get[",
              "_post[",
              "_cookie[",
              "_request[",
              "_env[",
              "_files[",
              "_session[",
              "globals[",
              "://",
              "data:",
              "o:",
              "c:",
              ")(",
              "](",
              "${",
              "<?")
          .or(MARKERS);

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
    if (value.placement().isName() && superglobalName(value.lower())) {
      found.record(SUPERGLOBAL, s, 0);
    }
    wrapper(value.lower(), found);
    object(s, found);
    if (!found.critical()) {
      MARKERS.scan(s, found);
    }
    if (!found.critical() && s.indexOf('(') >= 0) {
      variableCall(s, found);
    }
    if (!found.critical() && s.indexOf('\n') < 0) {
      // a source file (multi-line) opens with a tag as a matter of course; there the calls and
      // webshell markers above decide
      tag(value.lower(), found);
    }
    found.report(hits);
  }

  /** A name that assigns into a superglobal: {@code _SERVER[DOCUMENT_ROOT]}, {@code GLOBALS[x]}. */
  private static boolean superglobalName(String name) {
    String n = name.startsWith("$") ? name.substring(1) : name;
    for (String g :
        new String[] {
          "_server[",
          "_get[",
          "_post[",
          "_cookie[",
          "_request[",
          "_env[",
          "_files[",
          "_session[",
          "globals["
        }) {
      if (n.startsWith(g)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A wrapper at the start of the value, after an assignment or separator, or nested in another
   * wrapper; {@code data:} only with a PHP or plain-text payload.
   */
  private static void wrapper(String s, FoundRules found) {
    if (s.indexOf(':') < 0) {
      return;
    }
    for (String w : WRAPPERS) {
      for (int at = s.indexOf(w); at >= 0; at = s.indexOf(w, at + 1)) {
        if (standsAlone(s, at)) {
          found.record(WRAPPER, s, at);
          return;
        }
      }
    }
    int data = s.indexOf("data:");
    if (data >= 0 && standsAlone(s, data)) {
      String rest = s.substring(data + 5, Math.min(s.length(), data + 200));
      if (rest.startsWith("text/plain")
          || rest.contains("x-httpd-php")
          || rest.contains("<?")
          || rest.contains("base64,pd9")) {
        found.record(WRAPPER, s, data);
      }
    }
  }

  private static boolean standsAlone(String s, int at) {
    int i = at - 1;
    while (i >= 0 && (Chars.isBlank(s.charAt(i)) || Chars.isQuote(s.charAt(i)))) {
      i--;
    }
    return i < 0 || "=;|(/:".indexOf(s.charAt(i)) >= 0;
  }

  /** {@code O:8:"stdClass":1:{}, {@code O:+14:"SoapClient"}, {@code C:11:"ArrayObject"}. */
  private static void object(String s, FoundRules found) {
    for (int at = s.indexOf(':'); at > 0; at = s.indexOf(':', at + 1)) {
      char kind = s.charAt(at - 1);
      if ((kind == 'O' || kind == 'C')
          && (at < 2 || !Chars.isAsciiAlnum(s.charAt(at - 2)))
          && objectHeader(s, at + 1)) {
        found.record(OBJECT, s, at - 1);
        return;
      }
    }
  }

  private static boolean objectHeader(String s, int from) {
    int i = from;
    if (Text.charAt(s, i) == '+') {
      i++;
    }
    int digits = i;
    while (i < s.length() && Chars.isAsciiDigit(s.charAt(i))) {
      i++;
    }
    if (i == digits || !s.startsWith(":\"", i)) {
      return false;
    }
    int close = Text.indexOf(s, '"', i + 2, i + 202);
    return close > i + 2 && s.startsWith("\":", close);
  }

  /**
   * The function name is called right away (no blank before the parenthesis), is not a method or a
   * longer identifier, and its first argument is code or data: a string, a variable, a backtick or
   * another call; {@code phpinfo()} needs no argument.
   */
  static boolean calledWithCode(String s, int start, int end) {
    if (start > 0) {
      char b = s.charAt(start - 1);
      if (Chars.isAsciiAlnum(b) || b == '_' || b == '$' || b == '.' || b == '>' || b == ':') {
        return false;
      }
    }
    int i = end;
    if (Text.charAt(s, i) == '`') {
      return true;
    }
    if (Text.charAt(s, i) != '(') {
      return false;
    }
    i = Text.skipBlanks(s, i + 1);
    char c = Text.charAt(s, i);
    if (c == ')') {
      return Text.equalsIgnoreCase(s, start, end, "phpinfo");
    }
    if (c == '\'' || c == '"' || c == '$' || c == '`' || c == '@') {
      return true;
    }
    int j = i;
    while (j < s.length() && (Chars.isAsciiAlnum(s.charAt(j)) || s.charAt(j) == '_')) {
      j++;
    }
    return j > i && Text.charAt(s, j) == '(';
  }

  /**
   * {@code $_GET['a']($_GET['b'])}, {@code $f('id')}, {@code ("sys"."tem")("id")} and {@code
   * ${system(...)}} / {@code ${@print(...)}}.
   */
  private static void variableCall(String s, FoundRules found) {
    for (int at = s.indexOf(")("); at >= 0; at = s.indexOf(")(", at + 1)) {
      int open = s.lastIndexOf('(', at - 1);
      String inside = open >= 0 && at - open < 64 ? s.substring(open + 1, at) : "";
      if (inside.indexOf('.') > 0
          && (inside.indexOf('"') >= 0 || inside.indexOf('\'') >= 0)
          && inside.indexOf(' ') < 0) {
        found.record(VARIABLE_CALL, s, at);
        return;
      }
    }
    for (int at = s.indexOf("]("); at >= 0; at = s.indexOf("](", at + 1)) {
      int open = lastBefore(s, '[', at, 64);
      if (open > 1 && superglobalBefore(s, open)) {
        found.record(VARIABLE_CALL, s, open);
        return;
      }
    }
    for (int at = s.indexOf("${"); at >= 0; at = s.indexOf("${", at + 2)) {
      int i = at + 2;
      if (Text.charAt(s, i) == '@') {
        i++;
      }
      int name = i;
      while (i < s.length() && (Chars.isAsciiLetter(s.charAt(i)) || s.charAt(i) == '_')) {
        i++;
      }
      if (i > name && Text.charAt(s, i) == '(') {
        found.record(VARIABLE_CALL, s, at);
        return;
      }
    }
  }

  /** The last {@code c} in {@code s[at - max, at]}, or -1: a bounded backward search. */
  private static int lastBefore(String s, char c, int at, int max) {
    for (int i = at; i >= 0 && at - i <= max; i--) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  /** Whether {@code $_} starts within the 12 characters before {@code open}. */
  private static boolean superglobalBefore(String s, int open) {
    for (int i = open - 1; i >= 0 && open - i <= 12; i--) {
      if (s.startsWith("$_", i)) {
        return true;
      }
    }
    return false;
  }

  /** {@code <?php}, {@code <?=} or {@code <? } followed by request input or a backtick. */
  private static void tag(String s, FoundRules found) {
    for (int at = s.indexOf("<?"); at >= 0; at = s.indexOf("<?", at + 2)) {
      if (s.startsWith("<?xml", at)) {
        continue;
      }
      String rest = s.substring(at + 2, Math.min(s.length(), at + 300));
      // templates echo their own variables (<?php echo htmlspecialchars($name) ?>); injected code
      // reads the request or runs a command
      if (rest.contains("$_") || rest.indexOf('`') >= 0) {
        found.record(TAG, s, at);
        return;
      }
    }
  }
}

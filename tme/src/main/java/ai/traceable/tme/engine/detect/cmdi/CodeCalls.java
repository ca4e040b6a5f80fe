package ai.traceable.tme.engine.detect.cmdi;

import ai.traceable.tme.engine.detect.Chars;
import ai.traceable.tme.engine.detect.Keywords;
import ai.traceable.tme.engine.detect.Text;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Finds calls that execute code or commands in the languages web applications evaluate (PHP,
 * Python, Node.js, Java, Ruby). A function name alone is not enough: {@code system}, {@code eval}
 * and {@code exec} are ordinary words and method names ({@code regex.exec(s)}). A finding needs the
 * call syntax and an argument an attacker would pass: a string literal, a request superglobal
 * ({@code $_GET}), or a decoding call ({@code eval(base64_decode(...))}).
 *
 * <p>Candidate names are found in one Aho-Corasick pass ({@link Keywords}) over the lower-cased
 * value; each candidate is then checked by looking a bounded distance around it, and at most
 * {@value #MAX_CANDIDATES} candidates are checked, so the whole scan is linear.
 */
final class CodeCalls {
  /** Languages, which choose the rule reported. */
  enum Lang {
    PHP,
    PYTHON,
    NODE,
    JAVA,
    RUBY
  }

  private enum Kind {
    GENERIC_CALL,
    PHPINFO,
    INCLUDE,
    PY_IMPORT,
    PY_CALL,
    NODE_CP,
    NODE_MAIN,
    JAVA_RUNTIME,
    JAVA_PB,
    RUBY_X,
    RUBY_CALL,
    PHP_TAG
  }

  private static final Map<String, Kind> KEYWORDS = new LinkedHashMap<>();
  private static final Keywords NAMES;
  private static final Kind[] KINDS;

  /** Calls whose result, passed to eval/system, marks an obfuscated payload. */
  private static final String[] NESTED = {
    "base64_decode(", "str_rot13(", "gzinflate(", "gzuncompress(", "gzdecode(", "hex2bin(",
    "urldecode(", "rawurldecode(", "chr(", "compile(", "atob(", "string.fromcharcode(",
    "buffer.from(", "file_get_contents(", "request.", "__import__(", "getenv(", "strrev(",
    "convert_uudecode(", "$_"
  };

  private static final String[] SUPERGLOBALS = {
    "$_get", "$_post", "$_request", "$_cookie", "$_server", "$_files", "$_env", "$_session"
  };

  /** What an included file name starts with when the inclusion is an attack. */
  private static final String[] INCLUDE_TARGETS = {
    "http:",
    "https:",
    "ftp:",
    "php:",
    "data:",
    "expect:",
    "phar:",
    "zip:",
    "file:",
    "input:",
    "/etc/",
    "/proc/",
    "../",
    "..\\",
    "\\\\",
    "child_process"
  };

  /** How far to look for the parts of a call around its name. */
  private static final int LOOK = 96;

  /** At most this many candidates are checked per value. */
  private static final int MAX_CANDIDATES = 64;

  static {
    for (String k :
        new String[] {
          "system",
          "passthru",
          "shell_exec",
          "exec",
          "popen",
          "proc_open",
          "pcntl_exec",
          "assert",
          "eval",
          "create_function",
          "file_put_contents",
          "call_user_func",
          "call_user_func_array",
          "spawn",
          "execsync",
          "spawnsync"
        }) {
      KEYWORDS.put(k, Kind.GENERIC_CALL);
    }
    KEYWORDS.put("phpinfo", Kind.PHPINFO);
    for (String k : new String[] {"include", "include_once", "require", "require_once"}) {
      KEYWORDS.put(k, Kind.INCLUDE);
    }
    KEYWORDS.put("__import__", Kind.PY_IMPORT);
    for (String k :
        new String[] {
          "os.system",
          "os.popen",
          "os.exec",
          "os.spawn",
          "subprocess.",
          "pty.spawn",
          "commands.getoutput",
          "importlib.import_module"
        }) {
      KEYWORDS.put(k, Kind.PY_CALL);
    }
    KEYWORDS.put("child_process", Kind.NODE_CP);
    KEYWORDS.put("process.mainmodule", Kind.NODE_MAIN);
    KEYWORDS.put(".mainmodule.require", Kind.NODE_MAIN);
    KEYWORDS.put(".constructor._load(", Kind.NODE_MAIN);
    KEYWORDS.put("process.binding", Kind.NODE_MAIN);
    KEYWORDS.put("getruntime", Kind.JAVA_RUNTIME);
    KEYWORDS.put("processbuilder", Kind.JAVA_PB);
    for (String k : new String[] {"%x(", "%x{", "%x[", "%x|", "%x<"}) {
      KEYWORDS.put(k, Kind.RUBY_X);
    }
    for (String k :
        new String[] {
          "kernel.exec", "kernel.system", "kernel.spawn", "kernel.open", "io.popen", "open3."
        }) {
      KEYWORDS.put(k, Kind.RUBY_CALL);
    }
    KEYWORDS.put("<?php", Kind.PHP_TAG);
    KEYWORDS.put("<?=", Kind.PHP_TAG);
    NAMES = new Keywords(KEYWORDS.keySet().toArray(new String[0]));
    KINDS = KEYWORDS.values().toArray(new Kind[0]);
  }

  /** What one scan found. */
  static final class Found {
    Lang lang;
    int at = -1;
    int phpTagAt = -1;
  }

  private CodeCalls() {}

  /**
   * Whether the value can hold a call at all: a parenthesis, a backtick, {@code %x}, {@code <?}, or
   * a quote after {@code system}, {@code exec} or {@code spawn}.
   */
  static boolean candidate(String lower) {
    boolean quote = false;
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if (c == '(' || c == '`') {
        return true;
      }
      quote |= c == '\'' || c == '"';
    }
    if (lower.contains("%x") || lower.contains("<?")) {
      return true;
    }
    // without parentheses only system "id" and exec 'id' remain
    return quote && (lower.contains("system") || lower.contains("exec") || lower.contains("spawn"));
  }

  /** Scans {@code lw} (lower case) and reports the first code-execution call into {@code out}. */
  static void scan(String lw, Found out) {
    int[] checked = {0};
    NAMES.scan(
        lw,
        0,
        lw.length(),
        (k, start, end) -> {
          if (checked[0]++ >= MAX_CANDIDATES) {
            return false;
          }
          Kind kind = KINDS[k];
          if (kind == Kind.PHP_TAG) {
            if (out.phpTagAt < 0) {
              out.phpTagAt = start;
            }
            if (phpTagRunsInput(lw, end)) {
              out.lang = Lang.PHP;
              out.at = start;
              return false;
            }
            return true;
          }
          Lang lang = check(kind, NAMES.word(k), lw, start, end);
          if (lang != null) {
            out.lang = lang;
            out.at = start;
            return false;
          }
          return true;
        });
  }

  /** {@code <?=`$_GET[0]`?>}, {@code <?php @eval($_POST[x])}: a tag straight into input. */
  private static boolean phpTagRunsInput(String s, int end) {
    int j = skipBlanks(s, end);
    if (j < s.length() && s.charAt(j) == '@') {
      j++;
    }
    if (j >= s.length()) {
      return false;
    }
    return s.charAt(j) == '`' || superglobal(s, j) || s.startsWith("$_", j);
  }

  /** The language whose code-running call the candidate {@code kind} at {@code [start, end)} is. */
  private static Lang check(Kind kind, String keyword, String s, int start, int end) {
    return switch (kind) {
      case GENERIC_CALL -> genericCall(keyword, s, start, end);
      case PHPINFO -> phpinfo(s, start, end);
      case INCLUDE -> include(s, start, end);
      case PY_IMPORT -> pythonImport(s, end);
      case PY_CALL -> pythonCall(s, start, end);
      case NODE_CP -> nodeChildProcess(s, start, end);
      case NODE_MAIN -> Lang.NODE;
      case JAVA_RUNTIME -> javaRuntime(s, end);
      case JAVA_PB -> javaProcessBuilder(s, start, end);
      case RUBY_X -> rubyBackquote(s, end);
      case RUBY_CALL -> rubyCall(s, start, end);
      default -> null;
    };
  }

  /** {@code system('id')}, {@code eval(base64_decode(...))}, {@code exec "id"}. */
  private static Lang genericCall(String keyword, String s, int start, int end) {
    if (!plainCallee(s, start)) {
      return null;
    }
    int arg = openParen(s, end);
    if (arg < 0) {
      return quotedCommand(keyword, s, end) ? languageOf(keyword) : null;
    }
    return dangerousArgument(s, arg) ? languageOf(keyword) : null;
  }

  /** {@code phpinfo()}. */
  private static Lang phpinfo(String s, int start, int end) {
    if (!plainCallee(s, start)) {
      return null;
    }
    int arg = openParen(s, end);
    return arg >= 0 && arg < s.length() && s.charAt(arg) == ')' ? Lang.PHP : null;
  }

  /**
   * {@code include 'http://...'}, {@code require($_GET['f'])}, {@code require('child_process')}.
   */
  private static Lang include(String s, int start, int end) {
    if (!plainCallee(s, start)) {
      return null;
    }
    int j = skipBlanks(s, end);
    if (j < s.length() && s.charAt(j) == '(') {
      j = skipBlanks(s, j + 1);
    } else if (j == end) {
      return null;
    }
    if (j >= s.length()) {
      return null;
    }
    char q = s.charAt(j);
    if (q == '\'' || q == '"') {
      for (String t : INCLUDE_TARGETS) {
        if (s.startsWith(t, j + 1)) {
          return t.equals("child_process") ? Lang.NODE : Lang.PHP;
        }
      }
      return null;
    }
    return superglobal(s, j) ? Lang.PHP : null;
  }

  /** {@code __import__('os')}. */
  private static Lang pythonImport(String s, int end) {
    int arg = openParen(s, end);
    return arg >= 0 && arg < s.length() && Chars.isQuote(s.charAt(arg)) ? Lang.PYTHON : null;
  }

  /** {@code os.system(...)}, {@code subprocess.check_output(...)}. */
  private static Lang pythonCall(String s, int start, int end) {
    if (start > 0 && isIdent(s.charAt(start - 1))) {
      return null;
    }
    int j = end;
    while (j < s.length() && j - end < 24 && isIdent(s.charAt(j))) {
      j++;
    }
    return openParen(s, j) >= 0 ? Lang.PYTHON : null;
  }

  /** {@code require('child_process')}, or {@code child_process} followed by exec/spawn/fork. */
  private static Lang nodeChildProcess(String s, int start, int end) {
    int from = Math.max(0, start - 16);
    String before = s.substring(from, start);
    if (before.contains("require(")) {
      return Lang.NODE;
    }
    int to = Math.min(s.length(), end + LOOK);
    String after = s.substring(end, to);
    if (after.contains("exec") || after.contains("spawn") || after.contains("fork")) {
      return Lang.NODE;
    }
    return null;
  }

  /** {@code getRuntime().exec(...)}. */
  private static Lang javaRuntime(String s, int end) {
    int j = openParen(s, end);
    if (j < 0 || j >= s.length() || s.charAt(j) != ')') {
      return null;
    }
    j = skipBlanks(s, j + 1);
    if (j < s.length() && s.charAt(j) == '.') {
      j = skipBlanks(s, j + 1);
      if (s.startsWith("exec", j)) {
        return Lang.JAVA;
      }
    }
    return null;
  }

  /** {@code new ProcessBuilder(...)}, or {@code ProcessBuilder("id")} and its list forms. */
  private static Lang javaProcessBuilder(String s, int start, int end) {
    int b = start - 1;
    while (b >= 0 && start - b < 8 && s.charAt(b) == ' ') {
      b--;
    }
    if (b >= 2 && s.startsWith("new", b - 2)) {
      return Lang.JAVA;
    }
    int arg = openParen(s, end);
    if (arg >= 0 && arg < s.length()) {
      if (Chars.isQuote(s.charAt(arg))
          || s.startsWith("new string", arg)
          || s.startsWith("arrays.aslist", arg)
          || s.startsWith("list.of", arg)) {
        return Lang.JAVA;
      }
    }
    return null;
  }

  /** {@code %x(id)}: Ruby's backquote literal, running a known command. */
  private static Lang rubyBackquote(String s, int end) {
    int j = skipBlanks(s, end);
    int w = j;
    while (w < s.length() && w - j < 16 && isIdent(s.charAt(w))) {
      w++;
    }
    return w > j && Commands.lookup(s, j, w) != null ? Lang.RUBY : null;
  }

  /** {@code Kernel.exec 'id'}, {@code IO.popen("id")}, {@code Open3.capture2(`id`)}. */
  private static Lang rubyCall(String s, int start, int end) {
    if (start > 0 && isIdent(s.charAt(start - 1))) {
      return null;
    }
    int j = end;
    while (j < s.length() && j - end < 16 && isIdent(s.charAt(j))) {
      j++;
    }
    int k = skipBlanks(s, j);
    if (k < s.length() && s.charAt(k) == '(') {
      k = skipBlanks(s, k + 1);
    } else if (k == j) {
      return null;
    }
    return k < s.length() && (Chars.isQuote(s.charAt(k)) || s.charAt(k) == '`') ? Lang.RUBY : null;
  }

  /**
   * Perl and Ruby call without parentheses: {@code system "id"}, {@code exec 'cat /etc/passwd'}.
   * The string must start with a known command, so that "operating system 'Linux'" is not one.
   */
  private static boolean quotedCommand(String keyword, String s, int end) {
    if (!keyword.equals("system") && !keyword.equals("exec") && !keyword.equals("spawn")) {
      return false;
    }
    int j = skipBlanks(s, end);
    if (j == end || j >= s.length() || !(Chars.isQuote(s.charAt(j)) || s.charAt(j) == '`')) {
      return false;
    }
    int w = j + 1;
    while (w < s.length() && w - j < 20 && (isIdent(s.charAt(w)) || s.charAt(w) == '/')) {
      w++;
    }
    int slash = s.lastIndexOf('/', w - 1);
    int from = slash > j ? slash + 1 : j + 1;
    return w > from && Commands.lookup(s, from, w) != null;
  }

  private static Lang languageOf(String keyword) {
    return switch (keyword) {
      case "execsync", "spawnsync", "spawn" -> Lang.NODE;
      default -> Lang.PHP;
    };
  }

  /**
   * Whether the name at {@code start} is called as a plain function: not part of a longer name, not
   * a method ({@code obj.exec}, {@code $o->exec}, {@code A::exec}), not a PHP variable.
   */
  private static boolean plainCallee(String s, int start) {
    if (start == 0) {
      return true;
    }
    char p = s.charAt(start - 1);
    if (p == '.' && start >= 2 && Chars.isQuote(s.charAt(start - 2))) {
      return true; // PHP string concatenation: "x".system('id')."y"
    }
    if (isIdent(p) || p == '.' || p == '$') {
      return false;
    }
    if (p == '>' && start >= 2 && s.charAt(start - 2) == '-') {
      return false;
    }
    return !(p == ':' && start >= 2 && s.charAt(start - 2) == ':');
  }

  /**
   * The position of the first argument when a {@code (} follows {@code from} (blanks and PHP {@code
   * /* *}{@code /} comments allowed before it), or -1.
   */
  private static int openParen(String s, int from) {
    int j = from;
    int limit = Math.min(s.length(), from + LOOK);
    while (j < limit) {
      char c = s.charAt(j);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        j++;
      } else if (c == '/' && j + 1 < limit && s.charAt(j + 1) == '*') {
        int close = s.indexOf("*/", j + 2);
        if (close < 0 || close >= limit) {
          return -1;
        }
        j = close + 2;
      } else if (c == '(') {
        return skipBlanks(s, j + 1);
      } else {
        return -1;
      }
    }
    return -1;
  }

  private static boolean dangerousArgument(String s, int at) {
    if (at >= s.length()) {
      return false;
    }
    char c = s.charAt(at);
    if (Chars.isQuote(c) || c == '`') {
      return true;
    }
    for (String n : NESTED) {
      if (s.startsWith(n, at)) {
        return true;
      }
    }
    return false;
  }

  private static boolean superglobal(String s, int at) {
    for (String g : SUPERGLOBALS) {
      if (s.startsWith(g, at)) {
        return true;
      }
    }
    return false;
  }

  private static int skipBlanks(String s, int from) {
    return Text.skipBlanks(s, from, LOOK);
  }

  private static boolean isIdent(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
  }
}

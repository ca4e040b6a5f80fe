package ai.traceable.tme.engine.detect.ssti;

import static ai.traceable.tme.engine.detect.ssti.SstiDetector.CODE;
import static ai.traceable.tme.engine.detect.ssti.SstiDetector.DUNDER;
import static ai.traceable.tme.engine.detect.ssti.SstiDetector.ERB;
import static ai.traceable.tme.engine.detect.ssti.SstiDetector.FLASK_GLOBALS;
import static ai.traceable.tme.engine.detect.ssti.SstiDetector.FREEMARKER;
import static ai.traceable.tme.engine.detect.ssti.SstiDetector.JAVA;
import static ai.traceable.tme.engine.detect.ssti.SstiDetector.JS;
import static ai.traceable.tme.engine.detect.ssti.SstiDetector.RAZOR;
import static ai.traceable.tme.engine.detect.ssti.SstiDetector.TWIG;
import static ai.traceable.tme.engine.detect.ssti.SstiDetector.VELOCITY;

import ai.traceable.tme.engine.detect.Chars;
import ai.traceable.tme.engine.detect.DetectionRule;
import java.nio.CharBuffer;
import java.util.HashMap;
import java.util.Map;
import org.ahocorasick.trie.Emit;
import org.ahocorasick.trie.Trie;

/**
 * The keywords that make a template expression dangerous, each with the rule it points to: Python
 * internals, Flask and Jinja globals, Java reflection, Freemarker, Velocity, Twig, JavaScript and
 * Razor escapes, and calls that run code. Some keywords only count with more around them (a {@code
 * config.} must be walked to {@code items()}, a Twig filter must be given a command function);
 * {@link #find} applies those conditions. Keywords that mean code only inside an ERB/JSP block
 * ({@code <%...%>}) have their own table ({@link #findInCodeBlock}).
 */
final class TemplateKeywords {
  /** A keyword that held up, and the rule it points to. */
  record Match(DetectionRule rule, int at) {}

  /** Keywords inside a region, each with the rule it points to (checked further in code). */
  private static final Map<String, DetectionRule> KEYWORDS = new HashMap<>();

  private static final Trie TRIE;

  /** The same keywords may mean something else outside a {@code <%...%>} block. */
  private static final Map<String, DetectionRule> ERB_KEYWORDS = new HashMap<>();

  private static final Trie ERB_TRIE;

  static {
    for (String k :
        new String[] {
          "__class__",
          "__mro__",
          "__subclasses__",
          "__globals__",
          "__builtins__",
          "__import__",
          "__init__",
          "__base__",
          "__bases__",
          "__getattribute__",
          "__dict__",
          "__reduce__",
          "__loader__",
          "|attr(",
          "| attr("
        }) {
      KEYWORDS.put(k, DUNDER);
    }
    for (String k :
        new String[] {
          "config.",
          "self.",
          "request.application",
          "request.environ",
          "request.__",
          "lipsum.",
          "cycler.",
          "joiner.",
          "namespace.",
          "url_for.",
          "get_flashed_messages.",
          "range.constructor"
        }) {
      KEYWORDS.put(k, FLASK_GLOBALS);
    }
    for (String k :
        new String[] {
          "t(java.",
          "t(javax.",
          "t(org.",
          "t(com.",
          "t(sun.",
          "t (java.",
          ".getclass(",
          "getclass()",
          "forname(",
          "new java.",
          "java.lang.",
          "getruntime(",
          "processbuilder",
          "@java.",
          "_memberaccess",
          "classloader",
          ".getmethod(",
          ".invoke(",
          "newinstance(",
          "scriptenginemanager",
          "javax.script",
          "getdeclared",
          "@ognl",
          "ognlcontext",
          "getprotectiondomain",
          "java.io.",
          "java.nio.",
          "jdk.jshell",
          "springframework.",
          "getbean(",
          "getresource("
        }) {
      KEYWORDS.put(k, JAVA);
    }
    for (String k : new String[] {"?new(", "?api.", "freemarker.", "objectconstructor"}) {
      KEYWORDS.put(k, FREEMARKER);
    }
    for (String k : new String[] {"$class.", ".inclass", ".forname("}) {
      KEYWORDS.put(k, VELOCITY);
    }
    for (String k :
        new String[] {
          "_self.env",
          "_self.",
          "registerundefinedfiltercallback",
          "getfilter(",
          "|filter(",
          "|map(",
          "|reduce(",
          "|sort(",
          ".filter("
        }) {
      KEYWORDS.put(k, TWIG);
    }
    for (String k :
        new String[] {
          "constructor.constructor",
          ".constructor(",
          "constructor(",
          "process.mainmodule",
          "mainmodule",
          "child_process",
          "require(",
          "global.process",
          "__proto__",
          "process.env",
          "execsync(",
          "process.binding"
        }) {
      KEYWORDS.put(k, JS);
    }
    for (String k :
        new String[] {
          "system.diagnostics",
          "process.start(",
          "system.io.",
          "system.net.",
          "assembly.load",
          "system.reflection"
        }) {
      KEYWORDS.put(k, RAZOR);
    }
    for (String k :
        new String[] {
          "os.system",
          "os.popen",
          "popen(",
          "system(",
          "exec(",
          "eval(",
          "import os",
          "import subprocess",
          "subprocess.",
          "shell_exec(",
          "passthru(",
          "proc_open(",
          "getattr(",
          "open('/",
          "open(\"/",
          "os.environ",
          "os.listdir"
        }) {
      KEYWORDS.put(k, CODE);
    }
    TRIE = Trie.builder().addKeywords(KEYWORDS.keySet()).build();

    for (String k :
        new String[] {
          "system(",
          "system ",
          "exec(",
          "exec ",
          "`",
          "%x(",
          "%x{",
          "io.popen",
          "file.open",
          "file.read",
          "kernel.",
          "open3",
          "runtime",
          "require(",
          "require '",
          "eval(",
          "process.",
          "child_process",
          "spawn(",
          "import os",
          "popen(",
          "syscall",
          "dir.entries",
          "dir.glob",
          "file.new",
          "getruntime",
          "processbuilder"
        }) {
      ERB_KEYWORDS.put(k, ERB);
    }
    ERB_TRIE = Trie.builder().addKeywords(ERB_KEYWORDS.keySet()).build();
  }

  /** Twig/PHP callables that make a filter a command runner. */
  private static final String[] PHP_CALLABLES = {
    "'system'",
    "\"system\"",
    "'exec'",
    "\"exec\"",
    "'passthru'",
    "\"passthru\"",
    "'shell_exec'",
    "\"shell_exec\"",
    "'popen'",
    "\"popen\"",
    "'proc_open'",
    "\"proc_open\"",
    "'file_get_contents'",
    "\"file_get_contents\""
  };

  private TemplateKeywords() {}

  /** The first keyword in {@code s[from, to)} that holds up, or null. */
  static Match find(String s, int from, int to) {
    return find(s, from, to, TRIE, KEYWORDS);
  }

  /** As {@link #find}, with the keywords that mean code inside an ERB/JSP block. */
  static Match findInCodeBlock(String s, int from, int to) {
    return find(s, from, to, ERB_TRIE, ERB_KEYWORDS);
  }

  private static Match find(
      String s, int from, int to, Trie trie, Map<String, DetectionRule> keywords) {
    if (to <= from) {
      return null;
    }
    Match[] found = {null};
    CharBuffer view = CharBuffer.wrap(s, from, to);
    trie.parseText(
        view,
        (Emit e) -> {
          if (found[0] != null) {
            return false;
          }
          int at = from + e.getStart();
          int end = from + e.getEnd() + 1;
          DetectionRule r = keywords.get(e.getKeyword());
          if (confirm(s, r, e.getKeyword(), at, end, to)) {
            found[0] = new Match(r, at);
          }
          return false;
        });
    return found[0];
  }

  /** Extra conditions for keywords that need them. */
  private static boolean confirm(
      String s, DetectionRule rule, String keyword, int at, int end, int to) {
    char before = at > 0 ? s.charAt(at - 1) : ' ';
    if (rule == FLASK_GLOBALS) {
      return flaskGlobal(s, keyword, before, end);
    }
    if (rule == CODE || rule == ERB) {
      if (keyword.equals("`")) {
        return true;
      }
      return !Chars.isLowerWordChar(before) && before != '.' || keyword.startsWith("os.");
    }
    if (rule == TWIG && (keyword.startsWith("|") || keyword.equals(".filter("))) {
      String window = s.substring(end, Math.min(to, end + 64));
      for (String callable : PHP_CALLABLES) {
        if (window.contains(callable)) {
          return true;
        }
      }
      return false;
    }
    if (rule == JS && keyword.equals("constructor(")) {
      return s.regionMatches(end, "\"return", 0, 7)
          || s.regionMatches(end, "'return", 0, 7)
          || s.regionMatches(end, "`return", 0, 7);
    }
    if ((rule == TWIG && keyword.equals("_self."))
        || (rule == JAVA && (keyword.startsWith("t(") || keyword.startsWith("t (")))
        || (rule == JS && keyword.equals("require("))
        || (rule == RAZOR && keyword.startsWith("system."))) {
      return !Chars.isLowerWordChar(before);
    }
    return true;
  }

  /** {@code config.items()}, {@code self._...}, {@code lipsum.}: a global walked, not a name. */
  private static boolean flaskGlobal(String s, String keyword, char before, int end) {
    if (Chars.isLowerWordChar(before) || before == '.') {
      return false;
    }
    if (keyword.equals("config.")) {
      return s.startsWith("items(", end)
          || s.startsWith("__", end)
          || s.startsWith("from_", end)
          || s.startsWith("secret_key", end)
          || s.startsWith("get(", end)
          || s.startsWith("update(", end);
    }
    if (keyword.equals("self.")) {
      return s.startsWith("_", end);
    }
    return true;
  }
}

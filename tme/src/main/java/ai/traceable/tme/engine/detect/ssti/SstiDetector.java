package ai.traceable.tme.engine.detect.ssti;

import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.Hits;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Placement;
import java.nio.CharBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ahocorasick.trie.Emit;
import org.ahocorasick.trie.Trie;

/**
 * Server-side template injection.
 *
 * <p>Template syntax in user input is not an attack by itself: CMS fields, e-mail templates and
 * documentation carry {@code Hello {{name}}}, {@code {% if user %}} or {@code ${firstName}}. What
 * an attacker needs is an <em>expression</em> the engine evaluates. The detector therefore finds
 * each template region &mdash; {@code {{...}}}, {@code {%...%}}, {@code ${...}}, {@code #{...}},
 * {@code *{...}}, {@code @{...}}, {@code %{...}}, {@code <%...%>}, {@code <#...>}, {@code @(...)}
 * and Velocity {@code #set(...)} &mdash; and judges its content:
 *
 * <ul>
 *   <li>walks to Python internals ({@code __class__}, {@code __globals__}), Flask/Jinja globals
 *       ({@code config.items()}, {@code lipsum.}, {@code cycler.}), Java reflection and type
 *       references ({@code T(java.lang.Runtime)}, {@code .getClass()}, {@code forName(}),
 *       Freemarker {@code ?new()}, Twig {@code _self.env}, JavaScript {@code constructor} escapes,
 *       Razor {@code System.Diagnostics}, ERB/JSP code, or calls such as {@code os.popen(} are
 *       critical;
 *   <li>arithmetic on literals ({@code {{7*7}}}, {@code ${7*'7'}}) is a probe (error); when the
 *       probe is the whole token or sits in the URL, a header or a cookie, where templates never
 *       belong, a second notice-level rule fires so that a lone probe there is blocked while the
 *       same text inside prose needs another signal;
 *   <li>bare globals ({@code {{config}}}, {@code {{self}}}, {@code {$smarty.version}}) are info
 *       probes (error);
 *   <li>any other expression (calls, filters, strings) is reported at paranoia 2, and plain
 *       identifiers, dotted paths and block markers ({@code {{#each items}}}) only at paranoia 3.
 * </ul>
 *
 * <p>A few signatures are recognised without delimiters ({@code
 * freemarker.template.utility.Execute}, Smarty {@code {php}}, Velocity {@code $class.inspect},
 * chained dunder walks). Regions are at most {@value #MAX_REGION} characters; the scan jumps past
 * each region and finds closing delimiters with forward-only pointers, so the work is linear in the
 * length of the value. Values without <code>{</code>, {@code <%}, {@code <#}, {@code @(}, {@code
 * #set} or {@code __} return after one pass.
 */
public final class SstiDetector implements Detector {
  static final DetectionRule DUNDER =
      rule(
          "ssti-100",
          Severity.CRITICAL,
          1,
          "Template expression walking Python internals"
              + " (__class__, __mro__, __subclasses__, __globals__, __builtins__)");
  static final DetectionRule FLASK_GLOBALS =
      rule(
          "ssti-101",
          Severity.CRITICAL,
          1,
          "Jinja/Flask globals walked to code (config.items(), self._TemplateReference, lipsum.,"
              + " cycler., request.application)");
  static final DetectionRule JAVA =
      rule(
          "ssti-102",
          Severity.CRITICAL,
          1,
          "Java EL/SpEL/OGNL reaching classes (T(java.lang.Runtime), getClass(), forName(), new"
              + " java.)");
  static final DetectionRule FREEMARKER =
      rule(
          "ssti-103",
          Severity.CRITICAL,
          1,
          "Freemarker code execution (freemarker.template.utility.Execute, ?new(), ?api)");
  static final DetectionRule VELOCITY =
      rule(
          "ssti-104",
          Severity.CRITICAL,
          1,
          "Velocity reflection ($class.inspect, .getClass(), .getRuntime(), forName)");
  static final DetectionRule SMARTY =
      rule("ssti-105", Severity.CRITICAL, 1, "Smarty code execution ({php}, {system(...)})");
  static final DetectionRule ERB =
      rule(
          "ssti-106",
          Severity.CRITICAL,
          1,
          "ERB/JSP/EJS code block running commands or reading files (<%= system(...) %>)");
  static final DetectionRule TWIG =
      rule(
          "ssti-107",
          Severity.CRITICAL,
          1,
          "Twig environment abuse (_self.env, registerUndefinedFilterCallback, filter('system'))");
  static final DetectionRule JS =
      rule(
          "ssti-108",
          Severity.CRITICAL,
          1,
          "JavaScript template escape (constructor.constructor, process.mainModule,"
              + " child_process)");
  static final DetectionRule RAZOR =
      rule(
          "ssti-109",
          Severity.CRITICAL,
          1,
          "Razor code reaching System.Diagnostics.Process or System.IO");
  static final DetectionRule CODE =
      rule(
          "ssti-110",
          Severity.CRITICAL,
          1,
          "Command or code execution call inside a template expression (os.popen, system, eval,"
              + " import os)");
  static final DetectionRule PROBE =
      rule("ssti-120", Severity.ERROR, 1, "Template arithmetic probe ({{7*7}}, ${7*'7'})");
  static final DetectionRule BARE_PROBE =
      rule(
          "ssti-121",
          Severity.NOTICE,
          1,
          "Template probe forming the whole token, or in the URL, a header or a cookie");
  static final DetectionRule INFO =
      rule(
          "ssti-122",
          Severity.ERROR,
          1,
          "Template global probe ({{config}}, {{self}}, {$smarty.version})");
  static final DetectionRule EXPRESSION =
      rule(
          "ssti-140",
          Severity.WARNING,
          2,
          "Template expression with calls, filters, strings or operators");
  static final DetectionRule DIRECTIVE =
      rule("ssti-141", Severity.WARNING, 2, "Velocity #set or Freemarker directive");
  static final DetectionRule MARKUP =
      rule("ssti-150", Severity.NOTICE, 3, "Template markup with a plain identifier or block");

  private static final List<DetectionRule> RULES =
      List.of(
          DUNDER,
          FLASK_GLOBALS,
          JAVA,
          FREEMARKER,
          VELOCITY,
          SMARTY,
          ERB,
          TWIG,
          JS,
          RAZOR,
          CODE,
          PROBE,
          BARE_PROBE,
          INFO,
          EXPRESSION,
          DIRECTIVE,
          MARKUP);

  /** The longest template region examined. */
  static final int MAX_REGION = 2048;

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

  /** Words that, as the whole expression, ask the engine to dump its state. */
  private static final List<String> INFO_WORDS =
      List.of(
          "config",
          "self",
          "settings",
          "_self",
          "request",
          "app",
          "dump(app)",
          "applicationscope",
          "sessionscope",
          "requestscope",
          "pagecontext",
          "facescontext",
          "smarty.version",
          "$smarty.version",
          "debug",
          "_context",
          ".version",
          ".data_model",
          "config.items()",
          "self.__dict__",
          "settings.secret_key",
          "app.request.server.all",
          "dump(_context)");

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

  private static DetectionRule rule(String id, Severity severity, int paranoia, String text) {
    return new DetectionRule(id, AttackClass.SSTI, severity, paranoia, text);
  }

  @Override
  public AttackClass attackClass() {
    return AttackClass.SSTI;
  }

  @Override
  public List<DetectionRule> rules() {
    return RULES;
  }

  @Override
  public void inspect(Inspected value, Hits hits) {
    inspectCounting(value, hits);
  }

  /** Inspects and returns the number of scanning steps taken (for tests that bound the work). */
  long inspectCounting(Inspected value, Hits hits) {
    if (!candidate(value.decoded())) {
      return value.decoded().length();
    }
    String lw = value.lower();
    Scan scan = new Scan(lw, value.placement());
    scan.run();
    scan.report(hits);
    return scan.work + lw.length();
  }

  /** The cheap pre-check: a template opener or a dunder somewhere. */
  static boolean candidate(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '{') {
        return true;
      }
      if (i + 1 < n) {
        char d = s.charAt(i + 1);
        if ((c == '<' && (d == '%' || d == '#'))
            || (c == '@' && d == '(')
            || (c == '_' && d == '_')
            || (c == '#' && (d == 's' || d == 'S') && s.regionMatches(true, i + 1, "set", 0, 3))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean identChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  }

  /** The state of one inspection. */
  private static final class Scan {
    final String s;
    final int n;
    final Placement placement;
    final String[] found = new String[RULES.size()];
    boolean critical;
    long work;

    // forward-only positions of the next closer; -2: not looked up yet, -1: none further on
    final Closer doubleBrace = new Closer("}}");
    final Closer tagClose = new Closer("%}");
    final Closer erbClose = new Closer("%>");
    final Closer gt = new Closer(">");

    // the danger found by the last region analysis
    DetectionRule danger;
    int dangerAt;

    Scan(String s, Placement placement) {
      this.s = s;
      this.n = s.length();
      this.placement = placement;
    }

    void record(DetectionRule rule, int at) {
      int i = RULES.indexOf(rule);
      if (found[i] == null) {
        found[i] = Detector.snippet(s, at);
      }
      if (rule.severity() == Severity.CRITICAL) {
        critical = true;
      }
    }

    void report(Hits hits) {
      for (int i = 0; i < found.length; i++) {
        if (found[i] != null) {
          hits.hit(RULES.get(i), found[i]);
        }
      }
    }

    void run() {
      globalSignatures();
      int i = 0;
      while (i < n && !critical) {
        work++;
        char c = s.charAt(i);
        char d = i + 1 < n ? s.charAt(i + 1) : 0;
        char p = i > 0 ? s.charAt(i - 1) : 0;
        int next;
        if (c == '{' && d == '{') {
          next = delimited(p == '$' || p == '#' ? i - 1 : i, i + 2, doubleBrace.at(i + 2), 2);
        } else if (c == '{' && d == '%') {
          next = delimited(i, i + 2, tagClose.at(i + 2), 2);
        } else if (c == '{'
            && (p == '$' || p == '#' || p == '*' || p == '@' || p == '%' || p == '~')) {
          next = balanced(i - 1, i + 1, '{', '}');
        } else if (c == '<' && d == '%') {
          next = erb(i);
        } else if (c == '<' && d == '#') {
          next = delimited(i, i + 2, gt.at(i + 2), 1);
        } else if (c == '@' && d == '(') {
          next = balanced(i, i + 2, '(', ')');
        } else if (c == '#' && s.startsWith("set", i + 1) && nextNonBlankIs(i + 4, '(')) {
          next = velocity(i);
        } else {
          i++;
          continue;
        }
        i = Math.max(next, i + 1);
      }
    }

    // ---------------------------------------------------------------- regions

    /**
     * A region closed by a fixed delimiter found at {@code close} (or -1), holding {@code
     * [contentStart, close)}. Returns where scanning resumes.
     */
    private int delimited(int start, int contentStart, int close, int closerLength) {
      if (close < 0 || close - contentStart > MAX_REGION) {
        int end = Math.min(n, contentStart + MAX_REGION);
        analyze(start, contentStart, end, false, false);
        return end;
      }
      analyze(start, contentStart, close, true, false);
      return close + closerLength;
    }

    /** A region closed by the bracket matching the opener before {@code contentStart}. */
    private int balanced(int start, int contentStart, char open, char close) {
      int depth = 1;
      int j = contentStart;
      int limit = Math.min(n, contentStart + MAX_REGION);
      while (j < limit) {
        char c = s.charAt(j);
        if (c == open) {
          depth++;
        } else if (c == close && --depth == 0) {
          break;
        }
        j++;
      }
      work += j - contentStart;
      if (j >= limit) {
        analyze(start, contentStart, limit, false, false);
        return limit;
      }
      analyze(start, contentStart, j, true, false);
      return j + 1;
    }

    private int erb(int i) {
      int close = erbClose.at(i + 2);
      if (close < 0 || close - i > MAX_REGION) {
        int end = Math.min(n, i + 2 + MAX_REGION);
        analyze(i, i + 2, end, false, true);
        return end;
      }
      analyze(i, i + 2, close, true, true);
      return close + 2;
    }

    private int velocity(int i) {
      int end = i;
      int limit = Math.min(n, i + 512);
      while (end < limit && s.charAt(end) != '\n') {
        end++;
      }
      work += end - i;
      danger = null;
      findDanger(i, end, TRIE, KEYWORDS);
      if (danger != null && (danger == VELOCITY || danger == JAVA || danger == CODE)) {
        record(VELOCITY, i);
      } else {
        record(DIRECTIVE, i);
      }
      return end;
    }

    private boolean nextNonBlankIs(int from, char c) {
      int j = from;
      while (j < n && j - from < 8 && s.charAt(j) == ' ') {
        j++;
      }
      return j < n && s.charAt(j) == c;
    }

    /**
     * The next occurrence of a closing delimiter at or after a position, remembered so that a value
     * full of openers is searched for its closer once, not once per opener (linear work overall).
     */
    final class Closer {
      private final String delimiter;
      private int next = -2;

      Closer(String delimiter) {
        this.delimiter = delimiter;
      }

      int at(int from) {
        if (next != -1 && next < from) {
          next = s.indexOf(delimiter, from);
          work += (next < 0 ? n : next) - from;
        }
        return next;
      }
    }

    // ---------------------------------------------------------------- analysis

    /**
     * Judges the region opened at {@code start} whose content is {@code [from, to)}; {@code closed}
     * tells whether its closing delimiter was found.
     */
    private void analyze(int start, int from, int to, boolean closed, boolean erbBlock) {
      work += to - from;
      danger = null;
      findDanger(from, to, TRIE, KEYWORDS);
      if (danger == null && erbBlock) {
        findDanger(from, to, ERB_TRIE, ERB_KEYWORDS);
      }
      if (danger != null) {
        record(danger, dangerAt);
        return;
      }
      if (s.charAt(start) == '<' && s.charAt(start + 1) == '#') {
        if (s.startsWith("assign", from) || s.startsWith("global", from)) {
          record(DIRECTIVE, start);
        }
        return; // any other '<#' is most likely not a template
      }
      int cs = from;
      int ce = to;
      while (cs < ce && " \t\r\n{=-".indexOf(s.charAt(cs)) >= 0) {
        cs++;
      }
      while (ce > cs && " \t\r\n}-".indexOf(s.charAt(ce - 1)) >= 0) {
        ce--;
      }
      if (cs >= ce) {
        return;
      }
      if (closed && isArithmeticProbe(cs, ce)) {
        record(PROBE, start);
        if (bare(start, to)) {
          record(BARE_PROBE, start);
        }
        return;
      }
      if (closed && isInfoProbe(cs, ce)) {
        record(INFO, start);
        if (bare(start, to)) {
          record(BARE_PROBE, start);
        }
        return;
      }
      if (s.charAt(start) == '{' && s.charAt(start + 1) == '%' && s.startsWith("import ", cs)) {
        record(CODE, start);
        return;
      }
      record(isPlainMarkup(cs, ce) ? MARKUP : EXPRESSION, start);
    }

    /** Runs {@code trie} over {@code [from, to)} and keeps the first keyword that holds up. */
    private void findDanger(int from, int to, Trie trie, Map<String, DetectionRule> keywords) {
      if (to <= from) {
        return;
      }
      CharBuffer view = CharBuffer.wrap(s, from, to);
      trie.parseText(
          view,
          (Emit e) -> {
            if (danger != null) {
              return false;
            }
            int at = from + e.getStart();
            int end = from + e.getEnd() + 1;
            DetectionRule r = keywords.get(e.getKeyword());
            if (confirm(r, e.getKeyword(), at, end, from, to)) {
              danger = r;
              dangerAt = at;
            }
            return false;
          });
    }

    /** Extra conditions for keywords that need them. */
    private boolean confirm(DetectionRule rule, String keyword, int at, int end, int from, int to) {
      char before = at > 0 ? s.charAt(at - 1) : ' ';
      if (rule == FLASK_GLOBALS) {
        if (identChar(before) || before == '.') {
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
      if (rule == CODE || rule == ERB) {
        if (keyword.equals("`")) {
          return true;
        }
        return !identChar(before) && before != '.' || keyword.startsWith("os.");
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
      if (rule == TWIG && keyword.equals("_self.")) {
        return !identChar(before);
      }
      if (rule == JAVA && (keyword.startsWith("t(") || keyword.startsWith("t ("))) {
        return !identChar(before);
      }
      if (rule == JS && keyword.equals("constructor(")) {
        return s.regionMatches(end, "\"return", 0, 7)
            || s.regionMatches(end, "'return", 0, 7)
            || s.regionMatches(end, "`return", 0, 7);
      }
      if (rule == JS && keyword.equals("require(")) {
        return !identChar(before);
      }
      if (rule == RAZOR && keyword.startsWith("system.")) {
        return !identChar(before);
      }
      return true;
    }

    /** {@code 7*7}, {@code 7*'7'}, {@code 1337 * 1337}: numbers joined by operators, one a star. */
    private boolean isArithmeticProbe(int from, int to) {
      int i = from;
      int numbers = 0;
      boolean star = false;
      boolean expectNumber = true;
      while (i < to) {
        char c = s.charAt(i);
        if (c == ' ') {
          i++;
          continue;
        }
        if (expectNumber) {
          char q = c == '\'' || c == '"' ? c : 0;
          int j = q != 0 ? i + 1 : i;
          int digits = j;
          while (j < to && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '.')) {
            j++;
          }
          if (j == digits) {
            return false;
          }
          if (q != 0) {
            if (j >= to || s.charAt(j) != q) {
              return false;
            }
            j++;
          }
          numbers++;
          i = j;
          expectNumber = false;
        } else {
          if ("*+-/%".indexOf(c) < 0) {
            return false;
          }
          star |= c == '*';
          i++;
          expectNumber = true;
        }
      }
      return !expectNumber && numbers >= 2 && star;
    }

    private boolean isInfoProbe(int from, int to) {
      if (to - from > 24) {
        return false;
      }
      String content = s.substring(from, to).trim();
      return INFO_WORDS.contains(content);
    }

    /** Identifiers, dotted paths, handlebars/mustache block markers and simple tags. */
    private boolean isPlainMarkup(int from, int to) {
      for (int i = from; i < to; i++) {
        char c = s.charAt(i);
        if (!(identChar(c)
            || c == '.'
            || c == ' '
            || c == '#'
            || c == '/'
            || c == '^'
            || c == '>'
            || c == '!'
            || c == '-'
            || c == '\t'
            || c == '\n'
            || c == '\r'
            || c == '@'
            || c == '$'
            || Character.isLetter(c))) {
          return false;
        }
      }
      return true;
    }

    /**
     * Whether a probe region {@code [start, end)} stands alone: in the URL, a header or a cookie
     * (where templates are never legitimate), or with no blank outside it in the value.
     */
    private boolean bare(int start, int end) {
      switch (placement) {
        case PATH, QUERY, QUERY_NAME, HEADER, COOKIE, FORM_NAME, JSON_KEY -> {
          return true;
        }
        default -> {}
      }
      for (int i = 0; i < n; i++) {
        if (i == start) {
          i = Math.min(n, end + 2) - 1;
          continue;
        }
        if (Character.isWhitespace(s.charAt(i))) {
          return false;
        }
      }
      work += n;
      return true;
    }

    // ---------------------------------------------------------------- signatures

    private static final String[] SMARTY_SIGNS = {
      "{php}",
      "{system(",
      "{exec(",
      "{passthru(",
      "{shell_exec(",
      "{if system(",
      "{if exec(",
      "{if passthru(",
      "smarty_internal_write_file",
      "{popen(",
      "{proc_open("
    };

    /** Signatures recognised without looking for delimiters. */
    private void globalSignatures() {
      int poly = firstOf("${{<%[%", "{{<%[%", "<%[%'\"}}");
      if (poly >= 0) {
        // the well-known template polyglot: a probe and nothing else
        record(PROBE, poly);
        record(BARE_PROBE, poly);
      }
      int at = s.indexOf("freemarker.template.utility");
      if (at >= 0) {
        record(FREEMARKER, at);
        return;
      }
      for (String sign : SMARTY_SIGNS) {
        at = s.indexOf(sign);
        if (at >= 0) {
          record(SMARTY, at);
          return;
        }
      }
      at = firstOf("$class.inspect(", "$class.forname(", ".getclass().forname(");
      if (at >= 0) {
        record(VELOCITY, at);
        return;
      }
      at = s.indexOf("system.diagnostics.process");
      if (at >= 0) {
        record(RAZOR, at);
        return;
      }
      int walk = firstOf("__class__", "__init__", "__base__", "__mro__");
      if (walk >= 0) {
        int reach = firstOf("__subclasses__", "__globals__", "__builtins__", "__mro__");
        if (reach >= 0 && reach != walk) {
          record(DUNDER, Math.min(walk, reach));
          return;
        }
      }
      at = s.indexOf("{$smarty.version}");
      if (at >= 0) {
        record(INFO, at);
        if (bare(at, at + "{$smarty.version}".length() - 2)) {
          record(BARE_PROBE, at);
        }
      }
      work += 16L * n;
    }

    private int firstOf(String... needles) {
      int best = -1;
      for (String needle : needles) {
        int i = s.indexOf(needle);
        if (i >= 0 && (best < 0 || i < best)) {
          best = i;
        }
      }
      return best;
    }
  }
}

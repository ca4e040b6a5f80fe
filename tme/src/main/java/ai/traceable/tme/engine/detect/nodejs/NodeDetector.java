package ai.traceable.tme.engine.detect.nodejs;

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
 * Node.js code injection: loading a module by call ({@code require('child_process')}, {@code
 * import('fs')}, also with the name concatenated), reaching the {@code process} object ({@code
 * process.mainModule}, {@code global.process}, {@code process.binding(}, {@code process.env}),
 * module internals ({@code module.constructor._load}), calls of {@code child_process}, {@code fs}
 * and {@code vm} functions, code built from strings ({@code new Function(...)()}, {@code
 * Reflect.construct(Function, ...)}), bracket access on the global object with computed names, and
 * node-serialize's function marker. Prose ("Do you require a receipt?", "global process
 * improvement", "child processes") holds no call or property access. Stateless.
 */
public final class NodeDetector implements Detector {
  private static final RuleTable.Builder RULES = RuleTable.builder(AttackClass.NODEJS);
  static final DetectionRule REQUIRE =
      RULES.add(
          "nodejs-100",
          Severity.CRITICAL,
          1,
          "module loaded by require(...) or import(...) with a name");
  static final DetectionRule PROCESS =
      RULES.add(
          "nodejs-110",
          Severity.CRITICAL,
          1,
          "process object reached (process.mainModule, global.process, process.env)");
  static final DetectionRule DANGEROUS_CALL =
      RULES.add("nodejs-120", Severity.CRITICAL, 1, "child_process, fs or vm function called");
  static final DetectionRule FUNCTION_FROM_STRING =
      RULES.add(
          "nodejs-130",
          Severity.CRITICAL,
          1,
          "function built from a string and called (new Function()(), node-serialize)");
  static final RuleTable TABLE = RULES.build();

  /** Core modules that run commands, touch files or the network, or evaluate code. */
  private static final java.util.Set<String> SYSTEM_MODULES =
      java.util.Set.of(
          "child_process",
          "fs",
          "fs/promises",
          "net",
          "vm",
          "os",
          "http",
          "https",
          "dgram",
          "worker_threads",
          "cluster",
          "module",
          "process",
          "node:child_process",
          "node:fs",
          "node:vm",
          "node:net");

  /**
   * Markers of one-line values. Source files (multi-line values) require their libraries and read
   * their settings from the environment as a matter of course; there only modules that reach the
   * system count, and {@code process.env} does not.
   */
  private static final Markers ONE_LINE = markers(true);

  private static final Markers MULTI_LINE = markers(false);

  private static Markers markers(boolean oneLine) {
    Markers.Builder b = Markers.builder();
    if (oneLine) {
      b.add(REQUIRE, NodeDetector::loadsNamedModule, "require", "import");
      b.add(PROCESS, Markers.WORD_START, "process.env.", "process.env)", "process.env[");
    } else {
      b.add(REQUIRE, NodeDetector::loadsSystemModule, "require", "import");
    }
    return b.add(
            PROCESS,
            Markers.WORD_START,
            "process.mainmodule",
            "process.binding(",
            "process.dlopen(",
            "process.exit(",
            "process.kill(",
            "process.openstdin(",
            "global.process",
            "globalthis.process",
            "module.constructor._load",
            "global['",
            "global[\"",
            "globalthis['",
            "globalthis[\"",
            "'return process'",
            "\"return process\"",
            "return process')")
        .add(DANGEROUS_CALL, Markers.ANYWHERE, "child_process", ".constructor._load(")
        .add(
            DANGEROUS_CALL,
            Markers.CALL,
            "execsync",
            "spawnsync",
            "execfile",
            "execfilesync",
            "readfilesync",
            "writefilesync",
            "readdirsync",
            "unlinksync",
            "rmsync",
            "runinnewcontext",
            "runinthiscontext",
            "runincontext",
            "createconnection")
        .add(
            FUNCTION_FROM_STRING,
            Markers.ANYWHERE,
            "_$$nd_func$$_",
            "reflect.construct(function",
            "new function(")
        .build();
  }

  /** Every rule is a marker. */
  private static final Gate GATE = Gate.anyOf().or(ONE_LINE).or(MULTI_LINE);

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
    if (s.indexOf('(') < 0 && s.indexOf('.') < 0 && s.indexOf('[') < 0 && s.indexOf('_') < 0) {
      return;
    }
    FoundRules found = new FoundRules(TABLE);
    (s.indexOf('\n') < 0 ? ONE_LINE : MULTI_LINE).scan(s, found);
    found.report(hits);
  }

  /** {@code require('child_process')}: a named module that reaches the system. */
  static boolean loadsSystemModule(String s, int start, int end) {
    if (!loadsNamedModule(s, start, end)) {
      return false;
    }
    int i = Text.skipBlanks(s, end + 1);
    char c = Text.charAt(s, i);
    int close = Chars.isQuote(c) || c == '`' ? Text.indexOf(s, c, i + 1, i + 65) : -1;
    return close > i && SYSTEM_MODULES.contains(s.substring(i + 1, close));
  }

  /**
   * {@code require('x')} or {@code import('x')}: the word starts an identifier, is called at once
   * and its argument is a string (possibly concatenated) or a variable, not prose.
   */
  static boolean loadsNamedModule(String s, int start, int end) {
    if (!Markers.wordStart(s, start) || Text.charAt(s, end) != '(') {
      return false;
    }
    int i = Text.skipBlanks(s, end + 1);
    char c = Text.charAt(s, i);
    if (c == '\'' || c == '"' || c == '`') {
      int close = Text.indexOf(s, c, i + 1, i + 65);
      return close > i + 1;
    }
    int j = i;
    while (j < s.length() && (Chars.isAsciiAlnum(s.charAt(j)) || s.charAt(j) == '_')) {
      j++;
    }
    return j > i && Text.charAt(s, j) == ')';
  }
}

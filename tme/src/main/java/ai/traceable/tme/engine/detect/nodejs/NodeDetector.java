package ai.traceable.tme.engine.detect.nodejs;

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

  private static final Markers MARKERS =
      Markers.builder()
          .add(REQUIRE, NodeDetector::loadsNamedModule, "require", "import")
          .add(
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
          .add(PROCESS, NodeDetector::oneLine, "process.env.", "process.env)", "process.env[")
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
    MARKERS.scan(s, found);
    found.report(hits);
  }

  /**
   * The environment read from a one-line value; source files (multi-line) read their settings from
   * it as a matter of course.
   */
  static boolean oneLine(String s, int start, int end) {
    return Markers.wordStart(s, start) && s.indexOf('\n') < 0;
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
      int close = s.indexOf(c, i + 1);
      if (close <= i + 1 || close - i >= 64) {
        return false;
      }
      // source files require their libraries line after line; there only modules that reach
      // the system count
      return s.indexOf('\n') < 0 || SYSTEM_MODULES.contains(s.substring(i + 1, close));
    }
    int j = i;
    while (j < s.length() && (Chars.isAsciiAlnum(s.charAt(j)) || s.charAt(j) == '_')) {
      j++;
    }
    return j > i && Text.charAt(s, j) == ')';
  }
}

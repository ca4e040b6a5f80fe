package ai.traceable.tme.engine.detect.cmdi;

import ai.traceable.tme.engine.decode.Decoding;
import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.Hits;
import ai.traceable.tme.engine.detect.RuleTable;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.inspect.Inspected;
import java.util.Locale;

/**
 * OS command injection and code injection.
 *
 * <p><b>Shell commands.</b> The value is first normalised ({@link ShellNormalizer}): quotes,
 * backslashes and carets that split words, {@code $IFS}, empty expansions and brace expansion are
 * undone. The detector then looks at every place a shell would start a new command: after {@code
 * ;}, {@code |}, {@code ||}, {@code &}, {@code &&}, a line break, a backtick, {@code $(}, {@code
 * <(} or {@code >(}. The word there must be a known command ({@link Commands}) and what follows it
 * must look like that command's arguments ({@code cat /etc/passwd}, {@code sleep 5}, {@code id} at
 * the end), never a sentence ({@code cat lovers}, {@code sleep well}). Context then decides the
 * severity: a command chained after data ({@code 127.0.0.1; id}) is critical, while the same shape
 * inside prose ({@code ...three words before; ...}), a Markdown code span, multi-line text such as
 * a Dockerfile or a forum post, or a query-string-like {@code a=1&id} is only reported at paranoia
 * 2. A command at the very start of a value ({@code ls -la}) is not an injection unless it was
 * written with an evasion only attackers use ({@code cat$IFS/etc/passwd}, {@code c'a't}). Globs
 * such as {@code /???/c?t} are resolved against well-known binary paths.
 *
 * <p>Signatures that need no context are checked too: shellshock function definitions, reverse
 * shells ({@code /dev/tcp/}, {@code nc -e}, {@code bash -i >&}) and Windows launchers ({@code cmd
 * /c}, encoded PowerShell, {@code certutil -urlcache}).
 *
 * <p><b>Code.</b> Calls that execute code in PHP, Python, Node.js, Java and Ruby ({@link
 * CodeCalls}), reported when the call syntax and an attacker-style argument are present.
 *
 * <p>Values without any shell or call character return after one pass over their characters; values
 * that look like base64 are decoded once and inspected as text. All scans are linear.
 */
public final class CmdiDetector implements Detector {
  private static final RuleTable.Builder RULES = RuleTable.builder(AttackClass.CMDI);
  static final DetectionRule CHAINED =
      RULES.add(
          "cmdi-100",
          Severity.CRITICAL,
          1,
          "Shell command chained after ; | || & && or a line break, with command arguments");
  static final DetectionRule SUBSTITUTION =
      RULES.add(
          "cmdi-101",
          Severity.CRITICAL,
          1,
          "Command substitution ($(), backticks, <()) running a" + " known command");
  static final DetectionRule SHELLSHOCK =
      RULES.add("cmdi-102", Severity.CRITICAL, 1, "Shellshock function definition '() {'");
  static final DetectionRule REVERSE_SHELL =
      RULES.add(
          "cmdi-103",
          Severity.CRITICAL,
          1,
          "Reverse shell (/dev/tcp, nc -e, bash -i >&, mkfifo, socat exec)");
  static final DetectionRule EVASION =
      RULES.add(
          "cmdi-104",
          Severity.CRITICAL,
          1,
          "Shell command written with evasion ($IFS, split quotes or backslashes, globbed binary"
              + " path, brace expansion)");
  static final DetectionRule WINDOWS_EXEC =
      RULES.add(
          "cmdi-105",
          Severity.CRITICAL,
          1,
          "Windows command launcher (cmd /c, encoded or hidden PowerShell, certutil, bitsadmin,"
              + " mshta, regsvr32)");
  static final DetectionRule GLOB_PATH =
      RULES.add(
          "cmdi-106",
          Severity.ERROR,
          1,
          "Globbed path resolving to a well-known binary or system file (/???/c?t)");
  static final DetectionRule PHP_CODE =
      RULES.add(
          "cmdi-110", Severity.CRITICAL, 1, "PHP code execution call (system, eval, assert, ...)");
  static final DetectionRule PYTHON_CODE =
      RULES.add(
          "cmdi-111",
          Severity.CRITICAL,
          1,
          "Python code execution (__import__, os.system, subprocess, eval(compile))");
  static final DetectionRule NODE_CODE =
      RULES.add(
          "cmdi-112",
          Severity.CRITICAL,
          1,
          "Node.js code execution (child_process, process.mainModule)");
  static final DetectionRule JAVA_CODE =
      RULES.add(
          "cmdi-113",
          Severity.CRITICAL,
          1,
          "Java code execution (Runtime.getRuntime().exec, ProcessBuilder)");
  static final DetectionRule RUBY_CODE =
      RULES.add(
          "cmdi-114", Severity.CRITICAL, 1, "Ruby code execution (%x(), Kernel.exec, IO.popen)");
  static final DetectionRule AT_START =
      RULES.add(
          "cmdi-150", Severity.CRITICAL, 2, "Shell command with arguments at the start of a value");
  static final DetectionRule IN_TEXT =
      RULES.add(
          "cmdi-151",
          Severity.ERROR,
          2,
          "Shell command after a separator inside prose, Markdown code or multi-line text");
  static final DetectionRule CODE_IN_TEXT =
      RULES.add(
          "cmdi-152", Severity.CRITICAL, 2, "Code execution call inside multi-line code text");
  static final DetectionRule PHP_TAG =
      RULES.add("cmdi-153", Severity.CRITICAL, 2, "PHP open tag <?php or <?=");
  static final DetectionRule COMMAND_WORD =
      RULES.add("cmdi-160", Severity.ERROR, 3, "Separator followed by a command name");
  static final RuleTable TABLE = RULES.build();

  /** Characters without which a value holds neither a shell separator nor a call. */
  private static final boolean[] TRIGGER = new boolean[128];

  static {
    for (char c : ";|&\n\r`$({<'\"\\^".toCharArray()) {
      TRIGGER[c] = true;
    }
  }

  @Override
  public RuleTable table() {
    return TABLE;
  }

  @Override
  public void inspect(Inspected value, Hits hits) {
    inspectCounting(value, hits);
  }

  @Override
  public long inspectCounting(Inspected value, Hits hits) {
    String decoded = value.decoded();
    if (decoded.isEmpty()) {
      return 0;
    }
    CmdiScan scan;
    if (interesting(decoded)) {
      scan = new CmdiScan(value.placement());
      scan.run(decoded, value.lower());
    } else {
      String text = mixedCase(decoded) ? Decoding.base64Text(decoded) : null;
      if (text == null || !interesting(text)) {
        return decoded.length();
      }
      scan = new CmdiScan(value.placement());
      scan.run(text, text.toLowerCase(Locale.ROOT));
    }
    scan.found.report(hits);
    return scan.work() + decoded.length();
  }

  /** The cheap pre-check: any separator, quote, call or glob character at all. */
  static boolean interesting(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 128 && TRIGGER[c]) {
        return true;
      }
      if ((c == ' ' || c == '/') && i + 1 < n) {
        char d = s.charAt(i + 1);
        if ((c == ' ' && (d == '-' || d == '/')) || (c == '/' && (d == '?' || d == '*'))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether {@code s} is long enough and has both cases of letters, as base64 of text has; hex
   * identifiers and UUIDs have one case and are not worth decoding.
   */
  private static boolean mixedCase(String s) {
    if (s.length() < 16) {
      return false;
    }
    boolean upper = false;
    boolean lower = false;
    for (int i = 0; i < s.length() && !(upper && lower); i++) {
      char c = s.charAt(i);
      upper |= c >= 'A' && c <= 'Z';
      lower |= c >= 'a' && c <= 'z';
    }
    return upper && lower;
  }
}

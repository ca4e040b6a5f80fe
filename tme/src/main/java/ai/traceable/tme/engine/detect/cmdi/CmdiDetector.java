package ai.traceable.tme.engine.detect.cmdi;

import ai.traceable.tme.engine.decode.Decoding;
import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.Hits;
import ai.traceable.tme.engine.detect.Keywords;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.List;
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
  static final DetectionRule CHAINED =
      rule(
          "cmdi-100",
          Severity.CRITICAL,
          1,
          "Shell command chained after ; | || & && or a line break, with command arguments");
  static final DetectionRule SUBSTITUTION =
      rule(
          "cmdi-101",
          Severity.CRITICAL,
          1,
          "Command substitution ($(), backticks, <()) running a" + " known command");
  static final DetectionRule SHELLSHOCK =
      rule("cmdi-102", Severity.CRITICAL, 1, "Shellshock function definition '() {'");
  static final DetectionRule REVERSE_SHELL =
      rule(
          "cmdi-103",
          Severity.CRITICAL,
          1,
          "Reverse shell (/dev/tcp, nc -e, bash -i >&, mkfifo, socat exec)");
  static final DetectionRule EVASION =
      rule(
          "cmdi-104",
          Severity.CRITICAL,
          1,
          "Shell command written with evasion ($IFS, split quotes or backslashes, globbed binary"
              + " path, brace expansion)");
  static final DetectionRule WINDOWS_EXEC =
      rule(
          "cmdi-105",
          Severity.CRITICAL,
          1,
          "Windows command launcher (cmd /c, encoded or hidden PowerShell, certutil, bitsadmin,"
              + " mshta, regsvr32)");
  static final DetectionRule GLOB_PATH =
      rule(
          "cmdi-106",
          Severity.ERROR,
          1,
          "Globbed path resolving to a well-known binary or system file (/???/c?t)");
  static final DetectionRule PHP_CODE =
      rule("cmdi-110", Severity.CRITICAL, 1, "PHP code execution call (system, eval, assert, ...)");
  static final DetectionRule PYTHON_CODE =
      rule(
          "cmdi-111",
          Severity.CRITICAL,
          1,
          "Python code execution (__import__, os.system, subprocess, eval(compile))");
  static final DetectionRule NODE_CODE =
      rule(
          "cmdi-112",
          Severity.CRITICAL,
          1,
          "Node.js code execution (child_process, process.mainModule)");
  static final DetectionRule JAVA_CODE =
      rule(
          "cmdi-113",
          Severity.CRITICAL,
          1,
          "Java code execution (Runtime.getRuntime().exec, ProcessBuilder)");
  static final DetectionRule RUBY_CODE =
      rule("cmdi-114", Severity.CRITICAL, 1, "Ruby code execution (%x(), Kernel.exec, IO.popen)");
  static final DetectionRule AT_START =
      rule("cmdi-150", Severity.WARNING, 2, "Shell command with arguments at the start of a value");
  static final DetectionRule IN_TEXT =
      rule(
          "cmdi-151",
          Severity.WARNING,
          2,
          "Shell command after a separator inside prose, Markdown code or multi-line text");
  static final DetectionRule CODE_IN_TEXT =
      rule("cmdi-152", Severity.WARNING, 2, "Code execution call inside multi-line code text");
  static final DetectionRule PHP_TAG =
      rule("cmdi-153", Severity.NOTICE, 2, "PHP open tag <?php or <?=");
  static final DetectionRule COMMAND_WORD =
      rule("cmdi-160", Severity.NOTICE, 3, "Separator followed by a command name");

  private static final List<DetectionRule> RULES =
      List.of(
          CHAINED,
          SUBSTITUTION,
          SHELLSHOCK,
          REVERSE_SHELL,
          EVASION,
          WINDOWS_EXEC,
          GLOB_PATH,
          PHP_CODE,
          PYTHON_CODE,
          NODE_CODE,
          JAVA_CODE,
          RUBY_CODE,
          AT_START,
          IN_TEXT,
          CODE_IN_TEXT,
          PHP_TAG,
          COMMAND_WORD);

  /** Characters without which a value holds neither a shell separator nor a call. */
  private static final boolean[] TRIGGER = new boolean[128];

  static {
    for (char c : ";|&\n\r`$({<'\"\\^".toCharArray()) {
      TRIGGER[c] = true;
    }
  }

  private static DetectionRule rule(String id, Severity severity, int paranoia, String text) {
    return new DetectionRule(id, AttackClass.CMDI, severity, paranoia, text);
  }

  @Override
  public AttackClass attackClass() {
    return AttackClass.CMDI;
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
    String decoded = value.decoded();
    if (decoded.isEmpty()) {
      return 0;
    }
    Scan scan;
    if (interesting(decoded)) {
      scan = new Scan(value.placement());
      scan.run(decoded, value.lower());
    } else {
      String text = mixedCase(decoded) ? Decoding.base64Text(decoded) : null;
      if (text == null || !interesting(text)) {
        return decoded.length();
      }
      scan = new Scan(value.placement());
      scan.run(text, text.toLowerCase(Locale.ROOT));
    }
    scan.report(hits);
    return scan.work + decoded.length();
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

  /** Lower case without changing the length (so positions stay valid). */
  static String lowerSameLength(String s) {
    char[] out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      char l = Character.toLowerCase(c);
      if (l != c) {
        if (out == null) {
          out = s.toCharArray();
        }
        out[i] = l;
      }
    }
    return out == null ? s : new String(out);
  }

  /** Where a command may start. */
  private enum Sep {
    START,
    SEMI,
    PIPE,
    OR,
    AMP,
    AND,
    NEWLINE,
    BACKTICK,
    SUBST
  }

  /** The state of one inspection. */
  private static final class Scan {
    private static final int MAX_SITES = 64;
    private static final int MAX_GLOBS = 32;
    private static final int NEAR = 256;

    final Placement placement;
    final String[] found = new String[RULES.size()];
    boolean critical;
    long work;

    // per text being scanned
    String t;
    String tl;
    int n;
    ShellNormalizer.Result norm;
    private String decodedText;
    private boolean counted;
    private boolean document;
    private int totalWords;
    int sites;
    boolean startsWithBrace;

    /** The value starts with a command or developer tool and its arguments: a command line. */
    boolean commandLine;

    // the argument after a command word
    int argKind;
    String argWord;
    boolean numberEnds;
    int argEnd;

    Scan(Placement placement) {
      this.placement = placement;
    }

    void record(DetectionRule rule, String text, int at) {
      int i = RULES.indexOf(rule);
      if (found[i] == null) {
        found[i] = Detector.snippet(text, at);
      }
      if (rule.severity() == Severity.CRITICAL && rule.paranoia() == 1) {
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

    void run(String decoded, String lower) {
      shellshock(decoded);
      if (critical) {
        return;
      }
      decodedText = decoded;
      if (CodeCalls.candidate(lower)) {
        CodeCalls.Found f = new CodeCalls.Found();
        CodeCalls.scan(lower, f);
        work += lower.length();
        if (f.lang != null) {
          DetectionRule r =
              switch (f.lang) {
                case PHP -> PHP_CODE;
                case PYTHON -> PYTHON_CODE;
                case NODE -> NODE_CODE;
                case JAVA -> JAVA_CODE;
                case RUBY -> RUBY_CODE;
              };
          record(document() ? CODE_IN_TEXT : r, lower, f.at);
        }
        if (f.phpTagAt >= 0) {
          record(PHP_TAG, lower, f.phpTagAt);
        }
      }
      if (!critical) {
        shell(decoded);
      }
    }

    // ---------------------------------------------------------------- shellshock

    /**
     * A function definition <code>() {</code> at the start of a value or after {@code =}, or <code>
     * () { :</code> anywhere.
     */
    private void shellshock(String d) {
      int i = d.indexOf("()");
      while (i >= 0) {
        work++;
        int j = skipBlanks(d, i + 2);
        if (j < d.length() && d.charAt(j) == '{') {
          int b = i - 1;
          while (b >= 0 && (d.charAt(b) == ' ' || d.charAt(b) == '\t')) {
            b--;
          }
          int k = skipBlanks(d, j + 1);
          boolean colon = k < d.length() && d.charAt(k) == ':';
          if (b < 0 || d.charAt(b) == '=' || colon) {
            record(SHELLSHOCK, d, i);
            return;
          }
        }
        i = d.indexOf("()", i + 2);
      }
    }

    // ---------------------------------------------------------------- context

    /** Whether the value is multi-line text (three lines or more, six words or more). */
    private boolean document() {
      if (!counted) {
        countLinesAndWords(decodedText);
      }
      return document;
    }

    private int totalWords() {
      if (!counted) {
        countLinesAndWords(decodedText);
      }
      return totalWords;
    }

    private void countLinesAndWords(String d) {
      counted = true;
      int lines = 0;
      boolean content = false;
      int words = 0;
      int tokenStart = -1;
      for (int i = 0; i <= d.length(); i++) {
        char c = i < d.length() ? d.charAt(i) : '\n';
        boolean blank = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (blank) {
          if (tokenStart >= 0) {
            if (isWord(d, tokenStart, i)) {
              words++;
            }
            tokenStart = -1;
          }
          if (c == '\n' || c == '\r') {
            if (content) {
              lines++;
            }
            content = false;
          }
        } else {
          content = true;
          if (tokenStart < 0) {
            tokenStart = i;
          }
        }
      }
      work += d.length();
      totalWords = words;
      document = lines >= 3 && words >= 6;
    }

    /** A natural-language word: starts with a letter, letters, hyphens and apostrophes. */
    private static boolean isWord(String s, int from, int to) {
      while (from < to && "([\"'".indexOf(s.charAt(from)) >= 0) {
        from++;
      }
      while (to > from && ".,:;!?)]\"'".indexOf(s.charAt(to - 1)) >= 0) {
        to--;
      }
      if (to - from < 2 || !Character.isLetter(s.charAt(from))) {
        return false;
      }
      for (int i = from; i < to; i++) {
        char c = s.charAt(i);
        if (!Character.isLetter(c) && c != '-' && c != '\'') {
          return false;
        }
      }
      return true;
    }

    /** Natural-language words in {@code [from, to)}, looking at most {@link #NEAR} characters. */
    private int wordsIn(int from, int to, boolean nearEnd) {
      if (nearEnd) {
        from = Math.max(from, to - NEAR);
      } else {
        to = Math.min(to, from + NEAR);
      }
      int words = 0;
      int start = -1;
      for (int i = from; i <= to; i++) {
        char c = i < to ? tl.charAt(i) : ' ';
        if (c == ' ' || c == '\n' || c == '\r') {
          if (start >= 0 && isWord(tl, start, i)) {
            words++;
          }
          start = -1;
        } else if (start < 0) {
          start = i;
        }
      }
      work += to - from;
      return words;
    }

    private int lineStart(int at) {
      int i = at - 1;
      while (i >= 0 && at - i <= NEAR && tl.charAt(i) != '\n' && tl.charAt(i) != '\r') {
        i--;
      }
      work += at - i;
      return i + 1;
    }

    private int lineEnd(int at) {
      int i = at;
      while (i < n && i - at <= NEAR && tl.charAt(i) != '\n' && tl.charAt(i) != '\r') {
        i++;
      }
      work += i - at;
      return i;
    }

    // ---------------------------------------------------------------- shell

    private void shell(String decoded) {
      norm = ShellNormalizer.normalize(decoded);
      t = norm.text();
      tl = lowerSameLength(t);
      n = tl.length();
      work += 2L * n;
      signatures();
      if (critical) {
        return;
      }
      int first = skipSpaces(0);
      startsWithBrace = decoded.stripLeading().startsWith("{");
      if (placement != Placement.PATH) {
        commandLine = startsWithTool(first);
        site(Sep.START, -1, 0);
      }
      for (int i = 0; i < n && !critical && sites < MAX_SITES; i++) {
        work++;
        char c = tl.charAt(i);
        Sep sep;
        int next = i + 1;
        switch (c) {
          case ';' -> {
            if (i > 0 && tl.charAt(i - 1) == '\\') {
              continue;
            }
            sep = Sep.SEMI;
          }
          case '|' -> {
            if (i + 1 < n && tl.charAt(i + 1) == '|') {
              sep = Sep.OR;
              next = i + 2;
            } else {
              sep = Sep.PIPE;
            }
          }
          case '&' -> {
            if (i + 1 < n && tl.charAt(i + 1) == '&') {
              sep = Sep.AND;
              next = i + 2;
            } else if ((i > 0 && (tl.charAt(i - 1) == '>' || tl.charAt(i - 1) == '<'))
                || (i + 1 < n && tl.charAt(i + 1) == '>')) {
              continue;
            } else {
              sep = Sep.AMP;
            }
          }
          case '\n', '\r' -> {
            sep = Sep.NEWLINE;
            while (next < n && (tl.charAt(next) == '\n' || tl.charAt(next) == '\r')) {
              next++;
            }
          }
          case '`' -> sep = Sep.BACKTICK;
          case '$' -> {
            if (i + 1 < n && tl.charAt(i + 1) == '(' && (i + 2 >= n || tl.charAt(i + 2) != '(')) {
              sep = Sep.SUBST;
              next = i + 2;
            } else {
              continue;
            }
          }
          case '<', '>' -> {
            if (i + 1 < n && tl.charAt(i + 1) == '(') {
              sep = Sep.SUBST;
              next = i + 2;
            } else {
              continue;
            }
          }
          default -> {
            continue;
          }
        }
        site(sep, i, next);
        i = next - 1;
      }
      if (!critical) {
        globs();
      }
    }

    /** Tools a command line in a message usually starts with, besides the known commands. */
    private static final java.util.Set<String> TOOLS =
        java.util.Set.of(
            "cd",
            "git",
            "npm",
            "npx",
            "yarn",
            "pnpm",
            "make",
            "docker",
            "kubectl",
            "helm",
            "pip",
            "pip3",
            "apt",
            "apt-get",
            "yum",
            "dnf",
            "brew",
            "mvn",
            "gradle",
            "./gradlew",
            "./mvnw",
            "cargo",
            "go",
            "export",
            "source",
            "terraform",
            "ssh",
            "scp",
            "systemctl",
            "journalctl",
            "tar",
            "unzip",
            "cp",
            "mv",
            "mkdir",
            "touch",
            "tee",
            "xargs",
            "awk",
            "sed",
            "jq");

    /**
     * Whether the value starts with a command word followed by a blank or the end, possibly after a
     * label ({@code Run: npm ci && npm test}).
     */
    private boolean startsWithTool(int from) {
      int label = from;
      while (label < n && label - from < 16 && Character.isLetter(tl.charAt(label))) {
        label++;
      }
      if (label > from && label + 1 < n && tl.charAt(label) == ':' && tl.charAt(label + 1) == ' ') {
        from = skipSpaces(label + 1);
      }
      int e = wordEnd(from);
      if (e == from || (e < n && tl.charAt(e) != ' ')) {
        return false;
      }
      String word = tl.substring(from, Math.min(e, from + 16));
      return TOOLS.contains(word) || Commands.lookup(word) != null;
    }

    /** Words without which none of the signatures below can match. */
    private static final Keywords SIGNATURE_ANCHORS =
        new Keywords(
            "/dev/tcp/",
            "/dev/udp/",
            "-e ",
            "-c /bin/",
            "bash -i",
            "sh -i",
            "mkfifo",
            "socat",
            "powershell",
            "pwsh",
            "cmd /",
            "cmd.exe /",
            "certutil",
            "bitsadmin",
            "mshta",
            "regsvr32",
            "rundll32");

    /** Reverse shells and Windows launchers, on the normalised lower-case text. */
    private void signatures() {
      if (!SIGNATURE_ANCHORS.containsAny(tl)) {
        return;
      }
      int at = firstOf(tl, "/dev/tcp/", "/dev/udp/");
      if (at < 0) {
        at = firstOf(tl, "-e /bin/", "-e cmd.exe", "-c /bin/sh", "-c /bin/bash");
        if (at >= 0 && !nearAny(at, 24, "nc ", "ncat ", "netcat ")) {
          at = -1;
        }
      }
      if (at < 0) {
        int i = firstOf(tl, "bash -i", "sh -i");
        if (i >= 0 && (tl.indexOf(">&", i) >= 0 || tl.indexOf("0>&1", i) >= 0)) {
          at = i;
        }
      }
      if (at < 0) {
        int i = tl.indexOf("mkfifo");
        if (i >= 0 && tl.indexOf("/tmp/", i) >= 0) {
          at = i;
        }
      }
      if (at < 0) {
        int i = tl.indexOf("socat");
        if (i >= 0 && (tl.indexOf("exec:", i) >= 0 || tl.indexOf("system:", i) >= 0)) {
          at = i;
        }
      }
      work += 8L * n;
      if (at >= 0) {
        record(REVERSE_SHELL, t, at);
        return;
      }
      int win = windowsLauncher();
      if (win >= 0) {
        record(document() ? IN_TEXT : WINDOWS_EXEC, t, win);
      }
    }

    private boolean nearAny(int at, int distance, String... needles) {
      int from = Math.max(0, at - distance);
      for (String needle : needles) {
        int i = tl.indexOf(needle, from);
        if (i >= 0 && i < at) {
          return true;
        }
      }
      return false;
    }

    private static final String[] POWERSHELL_FLAGS = {
      "-enc",
      "-e ",
      "-ec ",
      "-nop",
      "-noprofile",
      "-w hidden",
      "-windowstyle",
      "-exec bypass",
      "-ep bypass",
      "-executionpolicy",
      "iex",
      "invoke-expression",
      "downloadstring",
      "downloadfile",
      "invoke-webrequest",
      "iwr ",
      "net.webclient",
      "start-process",
      "frombase64string",
      "-command",
      "-c "
    };

    private int windowsLauncher() {
      int i = firstOf(tl, "powershell", "pwsh");
      if (i >= 0 && (i == 0 || !ShellNormalizer.isAlnum(tl.charAt(i - 1)))) {
        String after = tl.substring(i, Math.min(n, i + 80));
        for (String f : POWERSHELL_FLAGS) {
          if (after.contains(f)) {
            return i;
          }
        }
      }
      i = firstOf(tl, "cmd /c", "cmd.exe /c", "cmd /k", "cmd.exe /k", "cmd /r", "cmd.exe /r");
      if (i >= 0 && (i == 0 || !ShellNormalizer.isAlnum(tl.charAt(i - 1)))) {
        return i;
      }
      i = withinAfter("certutil", 80, "-urlcache", "-decode", "-split", "-verifyctl");
      if (i < 0) {
        i = withinAfter("bitsadmin", 80, "/transfer", "/addfile", "/download");
      }
      if (i < 0) {
        i = withinAfter("mshta", 40, "http", "vbscript:", "javascript:");
      }
      if (i < 0) {
        i = withinAfter("regsvr32", 80, "/i:", "scrobj");
      }
      if (i < 0) {
        i = withinAfter("rundll32", 80, "javascript:", "url.dll", "shell32.dll", "comsvcs");
      }
      return i;
    }

    private int withinAfter(String name, int distance, String... needles) {
      int i = tl.indexOf(name);
      if (i < 0) {
        return -1;
      }
      String after = tl.substring(i, Math.min(n, i + distance));
      for (String needle : needles) {
        if (after.contains(needle)) {
          return i;
        }
      }
      return -1;
    }

    private static int firstOf(String s, String... needles) {
      int best = -1;
      for (String needle : needles) {
        int i = s.indexOf(needle);
        if (i >= 0 && (best < 0 || i < best)) {
          best = i;
        }
      }
      return best;
    }

    // ---------------------------------------------------------------- command sites

    /** Looks at the command that may start at {@code from}, after separator {@code sep}. */
    private void site(Sep sep, int sepPos, int from) {
      int j = from;
      while (j < n && (tl.charAt(j) == ' ' || tl.charAt(j) == '(' || tl.charAt(j) == '{')) {
        j++;
      }
      for (int p = 0; p < 2; p++) {
        int we = wordEnd(j);
        if (we - j >= 3
            && we - j <= 8
            && we < n
            && tl.charAt(we) == ' '
            && Commands.PREFIXES.contains(tl.substring(j, we))) {
          int next = skipSpaces(we);
          int ne = wordEnd(next);
          if (ne > next && (tl.charAt(next) == '/' || Commands.lookup(tl, next, ne) != null)) {
            j = next; // sudo id: the command is the word after the prefix
            continue;
          }
        }
        break;
      }
      int ws = j;
      int we = wordEnd(j);
      if (we == ws) {
        return;
      }
      work += we - ws;
      Commands.Cmd cmd = null;
      boolean glob = false;
      boolean absolute = false;
      boolean dropped = false;
      char first = tl.charAt(ws);
      if (first == '/'
          || first == '~'
          || (first == '.' && ws + 1 < n && tl.charAt(ws + 1) == '/')) {
        if (hasWildcard(ws, we)) {
          String target = globTarget(ws, we);
          if (target != null) {
            cmd = Commands.lookup(target.substring(target.lastIndexOf('/') + 1));
            glob = cmd != null;
          }
        } else {
          int slash = tl.lastIndexOf('/', we - 1);
          if (slash > ws) {
            for (String dir : Commands.BIN_DIRS) {
              if (slash + 1 - ws == dir.length() && tl.startsWith(dir, ws)) {
                cmd = Commands.lookup(tl, slash + 1, we);
                absolute = cmd != null;
              }
            }
            for (String dir : Commands.DROP_DIRS) {
              if (tl.startsWith(dir, ws) && slash + 1 < we) {
                dropped = true;
              }
            }
          }
        }
      } else {
        cmd = Commands.lookup(tl, ws, we);
      }
      if (cmd == null && !dropped) {
        return;
      }
      int glue = norm.glue(ws, we);
      if (glue == ShellNormalizer.CONTRACTION) {
        return; // "i'd", not a command
      }
      if (cmd != null && !cmd.windows() && !absolute && !glob && hasUpper(ws, we)) {
        return; // "ID", "Cat": a label or a name, not a Unix command
      }
      classify(we);
      boolean accepted =
          dropped
              ? (argKind & (Commands.END | Commands.SEP | Commands.OPT | Commands.REDIR)) != 0
              : cmd.accepts(argKind, argWord, numberEnds);
      if (!accepted
          && argKind != 0
          && sep != Sep.START
          && (norm.usedIfs() || glue == ShellNormalizer.GLUED)) {
        accepted = true; // ;echo${IFS}word: nobody writes a sentence that way
      }
      if (!accepted) {
        if (sep != Sep.START && argKind != 0) {
          record(COMMAND_WORD, t, ws);
        }
        return;
      }
      sites++;
      boolean evasion =
          glob
              || glue == ShellNormalizer.GLUED
              || norm.usedIfs()
              || (norm.usedBraceExpansion() && sep != Sep.START);
      if (sep == Sep.START) {
        boolean braced = norm.usedBraceExpansion() && startsWithBrace;
        boolean startEvasion = glob || glue == ShellNormalizer.GLUED || norm.usedIfs() || braced;
        record(startEvasion ? EVASION : AT_START, t, ws);
        return;
      }
      if (evasion) {
        record(EVASION, t, ws);
        return;
      }
      DetectionRule strong = sep == Sep.BACKTICK || sep == Sep.SUBST ? SUBSTITUTION : CHAINED;
      record(inContext(sep, sepPos, cmd) ? IN_TEXT : strong, t, ws);
    }

    /** Whether the command sits in prose, code text or a URL, where it is not an injection. */
    private boolean inContext(Sep sep, int sepPos, Commands.Cmd cmd) {
      if (document()) {
        return true;
      }
      if (commandLine && sep != Sep.BACKTICK && sep != Sep.SUBST) {
        return true; // "cd /srv && ls -la": a whole command line someone is talking about
      }
      boolean glued = sepPos > 0 && !isBlank(tl.charAt(sepPos - 1));
      if (sep == Sep.BACKTICK || sep == Sep.SUBST) {
        if (glued) {
          return false;
        }
        if (sep == Sep.BACKTICK && totalWords() >= 2 && tl.indexOf('`', sepPos + 1) > 0) {
          return true; // a Markdown code span in a sentence
        }
      }
      if (cmd != null
          && cmd.weak()
          && (argKind == Commands.END || argKind == Commands.SEP)
          && (plainWordBefore(sepPos) || sameSeparatorBefore(sepPos))) {
        return true; // name|id, user\nid, a|b|id: a list of words, not a command
      }
      if (sep == Sep.NEWLINE) {
        int prevEnd = sepPos;
        int prevStart = lineStart(prevEnd);
        if (tokensIn(prevStart, prevEnd) > 1) {
          return true;
        }
      }
      if (sep == Sep.AMP && glued && sepPos + 1 < n && !isBlank(tl.charAt(sepPos + 1))) {
        int k = sepPos - 1;
        while (k >= 0 && sepPos - k <= NEAR && !isBlank(tl.charAt(k))) {
          char c = tl.charAt(k);
          if (c == '=' || c == '?') {
            return true; // a=1&id: a query string
          }
          k--;
        }
        work += sepPos - k;
      }
      int before = wordsIn(lineStart(sepPos), sepPos, true);
      int after = wordsIn(argEnd, lineEnd(argEnd), false);
      return before >= 3 || (before >= 1 && before + after >= 4);
    }

    /**
     * Whether the token just before the separator at {@code sepPos} is a plain word or identifier
     * ({@code name}, {@code user_2}), as in a list of field names; addresses and file names are
     * not.
     */
    private boolean plainWordBefore(int sepPos) {
      int k = sepPos - 1;
      while (k >= 0 && sepPos - k <= NEAR && tl.charAt(k) == ' ') {
        k--;
      }
      int end = k + 1;
      boolean letter = false;
      while (k >= 0 && end - k <= NEAR) {
        char c = tl.charAt(k);
        if (Character.isLetter(c)) {
          letter = true;
        } else if (!(c >= '0' && c <= '9') && c != '_' && c != '-') {
          break;
        }
        k--;
      }
      work += sepPos - k;
      boolean tokenStart = k < 0 || isBlank(tl.charAt(k)) || isSeparator(tl.charAt(k));
      int start = k + 1;
      return tokenStart
          && letter
          && end - start >= 2
          && !tl.startsWith("localhost", start); // the host an injection usually follows
    }

    /** Whether the separator character at {@code sepPos} already occurs earlier on its line. */
    private boolean sameSeparatorBefore(int sepPos) {
      char sep = tl.charAt(sepPos);
      if (sep == '\n' || sep == '\r') {
        return false;
      }
      int from = lineStart(sepPos);
      for (int k = sepPos - 1; k >= from; k--) {
        if (tl.charAt(k) == sep) {
          return true;
        }
      }
      return false;
    }

    private int tokensIn(int from, int to) {
      int tokens = 0;
      boolean in = false;
      for (int i = Math.max(from, to - NEAR); i < to; i++) {
        boolean blank = isBlank(tl.charAt(i));
        if (!blank && !in) {
          tokens++;
        }
        in = !blank;
      }
      work += Math.min(NEAR, to - from);
      return tokens;
    }

    private boolean hasUpper(int ws, int we) {
      for (int i = ws; i < we; i++) {
        if (t.charAt(i) != tl.charAt(i)) {
          return true;
        }
      }
      return false;
    }

    private int wordEnd(int from) {
      int i = from;
      while (i < n && i - from < 64 && isCommandChar(tl.charAt(i))) {
        i++;
      }
      return i;
    }

    private static boolean isCommandChar(char c) {
      return (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '_'
          || c == '.'
          || c == '-'
          || c == '/'
          || c == '+'
          || c == '?'
          || c == '*'
          || c == '['
          || c == ']'
          || c == '~';
    }

    private int skipSpaces(int from) {
      int i = from;
      while (i < n && tl.charAt(i) == ' ') {
        i++;
      }
      return i;
    }

    private static int skipBlanks(String s, int from) {
      int i = from;
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
        i++;
      }
      return i;
    }

    private static boolean isBlank(char c) {
      return c == ' ' || c == '\n' || c == '\r';
    }

    private static boolean isSeparator(char c) {
      return c == ';' || c == '|' || c == '&' || c == '\n' || c == '\r';
    }

    private static boolean isCloser(char c) {
      return c == ')' || c == '}' || c == ']' || c == '`';
    }

    // ---------------------------------------------------------------- arguments

    /** Classifies what follows the command word ending at {@code we}. */
    private void classify(int we) {
      argKind = 0;
      argWord = null;
      numberEnds = false;
      int a = we;
      while (a < n && tl.charAt(a) == ' ') {
        a++;
      }
      boolean spaced = a > we;
      argEnd = a;
      if (a >= n) {
        argKind = Commands.END;
        return;
      }
      char c = tl.charAt(a);
      if (!spaced && !(isSeparator(c) || isCloser(c) || c == '>' || c == '<')) {
        return;
      }
      if (isCloser(c)) {
        argKind = Commands.END;
      } else if (c == '#') {
        argKind = Commands.END;
      } else if (isSeparator(c)) {
        argKind = separatorThenCommand(a) ? Commands.SEP : 0;
      } else if (c == '-') {
        argKind =
            a + 1 < n && (ShellNormalizer.isAlnum(tl.charAt(a + 1)) || tl.charAt(a + 1) == '-')
                ? Commands.OPT
                : 0;
      } else if (c == '+') {
        argKind = a + 1 < n && Character.isLetter(tl.charAt(a + 1)) ? Commands.OPT : 0;
      } else if (c == '/' || c == '~') {
        argKind = Commands.PATH;
      } else if (c == '.') {
        argKind =
            a + 1 < n && (tl.charAt(a + 1) == '/' || tl.charAt(a + 1) == '.') ? Commands.PATH : 0;
      } else if (c == '>' || c == '<') {
        argKind = Commands.REDIR;
      } else if (c == '$') {
        argKind = Commands.SUBST;
      } else if (c == '%') {
        argKind =
            a + 1 < n && Character.isLetter(tl.charAt(a + 1)) ? Commands.SUBST : 0; // %WINDIR%
      } else if (c == '@') {
        argKind = Commands.DOTTED;
      } else if (c == '\\') {
        argKind = a + 1 < n && tl.charAt(a + 1) == '\\' ? Commands.PATH : 0;
      } else if (c >= '0' && c <= '9') {
        number(a);
      } else if (c >= 'a' && c <= 'z') {
        wordArgument(a);
      }
      if (argEnd == a) {
        argEnd = Math.min(n, a + 1);
      }
    }

    private void number(int a) {
      int e = a;
      boolean dot = false;
      boolean letter = false;
      while (e < n && e - a < 64) {
        char c = tl.charAt(e);
        if (c == '.' || c == ':') {
          dot |= c == '.';
        } else if (c >= 'a' && c <= 'z') {
          letter = true;
        } else if (!(c >= '0' && c <= '9') && c != '-' && c != '_') {
          break;
        }
        e++;
      }
      argEnd = e;
      if (e < n && (tl.charAt(e) == '>' || tl.charAt(e) == '<')) {
        argKind = Commands.REDIR;
        return;
      }
      if (dot) {
        argKind = Commands.DOTTED;
        return;
      }
      argKind = letter ? Commands.MARK : Commands.NUM;
      int k = e;
      while (k < n && tl.charAt(k) == ' ') {
        k++;
      }
      numberEnds =
          k >= n
              || isSeparator(tl.charAt(k))
              || isCloser(tl.charAt(k))
              || (tl.charAt(k) == '#' && k > e);
    }

    private void wordArgument(int a) {
      if (a + 2 < n
          && tl.charAt(a + 1) == ':'
          && (tl.charAt(a + 2) == '\\' || tl.charAt(a + 2) == '/')) {
        argKind = Commands.PATH;
        argEnd = a + 3;
        return;
      }
      int e = a;
      int wordEnd = -1;
      boolean digit = false;
      boolean dotted = false;
      boolean scheme = false;
      while (e < n && e - a < 256) {
        char c = tl.charAt(e);
        if (c == ' ' || isSeparator(c) || isCloser(c) || c == '\n') {
          break;
        }
        if (wordEnd < 0 && !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
          wordEnd = e;
        }
        if (c >= '0' && c <= '9' && wordEnd < 0) {
          digit = true;
        }
        if (c == '.' && e + 1 < n && ShellNormalizer.isAlnum(tl.charAt(e + 1)) && e > a) {
          dotted = true;
        }
        if (c == ':' && e + 2 < n && tl.charAt(e + 1) == '/' && tl.charAt(e + 2) == '/') {
          scheme = true;
        }
        e++;
      }
      work += e - a;
      argEnd = e;
      if (wordEnd < 0) {
        wordEnd = e;
      }
      if (scheme || dotted) {
        argKind = Commands.DOTTED;
      } else if (wordEnd == e) {
        argKind = digit ? Commands.MARK : Commands.WORD;
        argWord = tl.substring(a, Math.min(e, a + 24));
      } else {
        argKind = 0;
        argWord = tl.substring(a, Math.min(wordEnd, a + 24));
        if (tl.charAt(wordEnd) != '=' && tl.charAt(wordEnd) != ':') {
          argKind = digit ? Commands.MARK : Commands.WORD;
        }
      }
    }

    /** Whether the separator run at {@code a} is followed by the end or by another command. */
    private boolean separatorThenCommand(int a) {
      int j = a;
      while (j < n && j - a < 64 && (isSeparator(tl.charAt(j)) || tl.charAt(j) == ' ')) {
        j++;
      }
      if (j >= n || isCloser(tl.charAt(j)) || tl.charAt(j) == '#') {
        return true;
      }
      int e = wordEnd(j);
      if (e == j) {
        return tl.charAt(j) == '$' || tl.charAt(j) == '`';
      }
      if (tl.charAt(j) == '/') {
        int slash = tl.lastIndexOf('/', e - 1);
        return Commands.lookup(tl, slash + 1, e) != null;
      }
      return Commands.lookup(tl, j, e) != null;
    }

    // ---------------------------------------------------------------- globs

    private boolean hasWildcard(int from, int to) {
      for (int i = from; i < to; i++) {
        char c = tl.charAt(i);
        if (c == '?' || c == '*' || c == '[') {
          return true;
        }
      }
      return false;
    }

    /**
     * The well-known path the glob {@code tl[from, to)} matches, or null. A glob made only of
     * whole-segment stars ({@code /bin/*}) is a listing, not an evasion, and is ignored.
     */
    private String globTarget(int from, int to) {
      if (to - from > 64) {
        return null;
      }
      boolean evasive = false;
      int segStart = from;
      for (int i = from; i <= to; i++) {
        char c = i < to ? tl.charAt(i) : '/';
        if (c == '/') {
          int len = i - segStart;
          boolean onlyStar = len == 1 && tl.charAt(segStart) == '*';
          if (!onlyStar && hasWildcard(segStart, i)) {
            evasive = true;
          }
          segStart = i + 1;
        }
      }
      if (!evasive) {
        return null;
      }
      for (String target : Commands.GLOB_TARGETS) {
        work += target.length();
        if (Glob.matches(tl, from, to, target)) {
          return target;
        }
      }
      return null;
    }

    /** Globbed paths anywhere in the value ({@code cat /???/p??s??}). */
    private void globs() {
      int checked = 0;
      int i = 0;
      while (i < n && checked < MAX_GLOBS) {
        work++;
        if (tl.charAt(i) != '/' || (i > 0 && isCommandChar(tl.charAt(i - 1)))) {
          i++;
          continue;
        }
        int e = i;
        boolean wild = false;
        while (e < n && isCommandChar(tl.charAt(e))) {
          char c = tl.charAt(e);
          wild |= c == '?' || c == '*' || c == '[';
          e++;
        }
        work += e - i;
        if (wild) {
          checked++;
          if (globTarget(i, e) != null) {
            record(GLOB_PATH, t, i);
            return;
          }
        }
        i = Math.max(e, i + 1);
      }
    }
  }
}

package ai.traceable.tme.engine.detect.wincmd;

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
import java.util.Locale;
import java.util.Set;

/**
 * Windows command injection and PowerShell: a cmd.exe command after {@code &}, {@code |} or a line
 * break ({@code 127.0.0.1 & dir c:\}), the cmd launcher and its obfuscations ({@code cmd /c},
 * {@code %COMSPEC%}, {@code %VAR:~0,1%} substrings, {@code ^} carets, {@code set /a}), PowerShell
 * that downloads or evaluates code ({@code IEX}, {@code Invoke-Expression}, {@code
 * -EncodedCommand}, {@code Net.WebClient}, {@code [Diagnostics.Process]::Start}) or a cmdlet after
 * a separator, and living-off-the-land binaries with their attack switches ({@code certutil
 * -urlcache}, {@code regsvr32 /i:}, {@code vssadmin delete shadows}). Carets and double quotes are
 * dropped before matching, as cmd.exe drops them. Ampersands and pipes in titles ("Tom &amp; Jerry
 * | Season 2"), Windows paths and {@code %ProgramFiles%} alone, and prose naming a cmdlet are not
 * commands. Stateless.
 */
public final class WindowsCommandDetector implements Detector {
  private static final RuleTable.Builder RULES = RuleTable.builder(AttackClass.WINCMD);
  static final DetectionRule CHAINED =
      RULES.add("wincmd-100", Severity.CRITICAL, 1, "cmd.exe command after & or |");
  static final DetectionRule LAUNCHER =
      RULES.add(
          "wincmd-110",
          Severity.CRITICAL,
          1,
          "cmd launcher (cmd /c, %COMSPEC%) or variable-substring obfuscation");
  static final DetectionRule POWERSHELL =
      RULES.add(
          "wincmd-120",
          Severity.CRITICAL,
          1,
          "PowerShell evaluating or downloading code (IEX, -EncodedCommand, Net.WebClient)");
  static final DetectionRule CMDLET =
      RULES.add("wincmd-121", Severity.CRITICAL, 1, "PowerShell cmdlet after a command separator");
  static final DetectionRule LOLBIN =
      RULES.add(
          "wincmd-130",
          Severity.CRITICAL,
          1,
          "Windows system tool with its attack switches (certutil -urlcache, vssadmin delete)");
  static final RuleTable TABLE = RULES.build();

  /** cmd.exe built-ins and Windows tools that are commands whatever their arguments. */
  private static final Set<String> COMMANDS =
      Set.of(
          "dir",
          "type",
          "net",
          "net1",
          "ver",
          "whoami",
          "systeminfo",
          "ipconfig",
          "tasklist",
          "taskkill",
          "reg",
          "wmic",
          "ping",
          "timeout",
          "schtasks",
          "vssadmin",
          "calc",
          "for",
          "certutil",
          "bitsadmin",
          "mshta",
          "regsvr32",
          "rundll32",
          "powershell",
          "pwsh",
          "cmd",
          "nslookup",
          "netstat",
          "copy",
          "del",
          "erase",
          "attrib",
          "icacls",
          "cacls",
          "sc",
          "shutdown",
          "start",
          "call",
          "findstr",
          "wevtutil",
          "bcdedit",
          "cscript",
          "wscript",
          "msiexec",
          "netsh",
          "arp",
          "hostname",
          "qwinsta",
          "quser",
          "set",
          "echo",
          "more",
          "notepad",
          "curl",
          "tftp",
          "ftp",
          "mkdir",
          "rmdir",
          "rd",
          "md",
          "xcopy",
          "robocopy",
          "wget",
          "iex",
          "iwr",
          "forfiles",
          "pcalua");

  /**
   * Commands that are no word of prose or product names: after a separator they need no argument to
   * count. The others ({@code type}, {@code net}, {@code powershell}, {@code curl}, ...) need
   * Windows-shaped arguments, since "Bash &amp; PowerShell tips" or "SFTP &amp; FTP access" are
   * titles.
   */
  private static final Set<String> RECON =
      Set.of(
          "whoami",
          "systeminfo",
          "ipconfig",
          "tasklist",
          "taskkill",
          "netstat",
          "wmic",
          "vssadmin",
          "certutil",
          "bitsadmin",
          "mshta",
          "regsvr32",
          "rundll32",
          "schtasks",
          "wevtutil",
          "bcdedit",
          "qwinsta",
          "quser",
          "forfiles",
          "pcalua",
          "nslookup",
          "icacls",
          "cacls",
          "findstr",
          "msiexec",
          "netsh",
          "cscript",
          "wscript",
          "net1",
          "xcopy",
          "robocopy",
          "tftp",
          "calc");

  /** Nouns of cmdlets that read files, run code, or change the system or its defences. */
  private static final Set<String> NOUNS =
      Set.of(
          "content",
          "childitem",
          "process",
          "service",
          "item",
          "itemproperty",
          "object",
          "wmiobject",
          "ciminstance",
          "localuser",
          "localgroupmember",
          "mppreference",
          "executionpolicy",
          "netfirewallrule",
          "expression",
          "webrequest",
          "restmethod",
          "command",
          "acl",
          "credential",
          "filehash",
          "clipboard",
          "eventlog",
          "computerinfo",
          "nettcpconnection",
          "dnsclientcache",
          "scheduledtask",
          "psdrive",
          "variable",
          "module",
          "bitstransfer",
          "computer",
          "file",
          "wmimethod");

  /** PowerShell verbs of cmdlets that read, run or change something. */
  private static final Set<String> VERBS =
      Set.of(
          "get",
          "set",
          "invoke",
          "start",
          "stop",
          "remove",
          "new",
          "add",
          "out",
          "copy",
          "move",
          "import",
          "export",
          "convertto",
          "convertfrom",
          "write",
          "test");

  private static final Markers MARKERS =
      Markers.builder()
          .add(
              LAUNCHER,
              Markers.WORD_START,
              "cmd /c",
              "cmd.exe /c",
              "cmd /k",
              "cmd.exe /k",
              "cmd /v",
              "cmd.exe /v",
              "cmd /r",
              "%comspec%",
              "set /a")
          .add(
              POWERSHELL,
              WindowsCommandDetector::cmdletWithArguments,
              "invoke-expression",
              "invoke-webrequest",
              "invoke-restmethod",
              "invoke-command",
              "invoke-wmimethod",
              "invoke-shellcode",
              "invoke-mimikatz",
              "start-process",
              "set-mppreference",
              "add-mppreference")
          .add(
              POWERSHELL,
              Markers.WORD_START,
              "net.webclient",
              "downloadstring(",
              "downloadfile(",
              "downloaddata(",
              "frombase64string(",
              "-encodedcommand",
              "-executionpolicy bypass",
              "-ep bypass",
              "-windowstyle hidden",
              "-w hidden",
              "diagnostics.process]::start",
              "reflection.assembly]::load",
              "powershell -c",
              "powershell -e",
              "powershell -nop",
              "powershell.exe -",
              "pwsh -c",
              "iex(",
              "iex (",
              "iwr http",
              "iwr -uri")
          .add(
              LOLBIN,
              Markers.WORD_START,
              "certutil -urlcache",
              "certutil.exe -urlcache",
              "certutil -decode",
              "certutil -encode",
              "bitsadmin /transfer",
              "mshta http",
              "mshta vbscript",
              "mshta javascript",
              "regsvr32 /s",
              "regsvr32 /i",
              "scrobj.dll",
              "rundll32 javascript",
              "url.dll,fileprotocolhandler",
              "process call create",
              "vssadmin delete",
              "reg add hk",
              "reg query hk",
              "reg save hk",
              "schtasks /create",
              "net localgroup",
              "wevtutil cl",
              "bcdedit /set",
              "shadowcopy delete")
          .build();

  /**
   * Markers, {@code %v:~n%} substrings and chaining characters; carets and quotes are dropped
   * before scanning, so they open the gate too.
   */
  private static final Gate GATE = Gate.anyOf(":~", "&", "|", ";", "\n", "^", "\"").or(MARKERS);

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
    String s = withoutCarets(value.decoded());
    FoundRules found = new FoundRules(TABLE);
    MARKERS.scan(s, found);
    if (!found.critical()) {
      substring(s, found);
    }
    if (!found.critical()
        && (s.indexOf('&') >= 0
            || s.indexOf('|') >= 0
            || s.indexOf(';') >= 0
            || s.indexOf('\n') >= 0)) {
      chained(s, found);
    }
    found.report(hits);
  }

  /**
   * A dangerous cmdlet given its arguments (a parameter, a variable, a parenthesis, a quote, a URL
   * or a path), so that prose naming it ("run Invoke-WebRequest against the endpoint") is none.
   */
  static boolean cmdletWithArguments(String s, int start, int end) {
    if (!Markers.wordStart(s, start)) {
      return false;
    }
    int a = Text.skipBlanks(s, end);
    char c = Text.charAt(s, a);
    return c == '$'
        || c == '('
        || Chars.isQuote(c)
        || c == '-' && Chars.isAsciiLetter(Text.charAt(s, a + 1))
        || Text.startsWithIgnoreCase(s, a, s.length(), "http")
        || Chars.isAsciiLetter(c) && Text.charAt(s, a + 1) == ':';
  }

  /** The value without {@code ^} escapes and double quotes, which cmd.exe removes. */
  static String withoutCarets(String s) {
    if (s.indexOf('^') < 0 && s.indexOf('"') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '^' && c != '"') {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** {@code %VAR:~n,m%}: cmd.exe substring expansion, used to spell commands letter by letter. */
  private static void substring(String s, FoundRules found) {
    for (int at = s.indexOf(":~"); at >= 0; at = s.indexOf(":~", at + 2)) {
      int pct = s.lastIndexOf('%', at);
      int close = s.indexOf('%', at);
      if (pct >= 0 && at - pct < 32 && close > at && close - at < 16) {
        found.record(LAUNCHER, s, pct);
        return;
      }
    }
  }

  /**
   * A command word after {@code &} or {@code |} (a cmdlet also after {@code ;}). Line breaks are no
   * separator here: multi-line text (Dockerfiles, editor settings) starts lines with words such as
   * {@code set} and {@code CMD}.
   */
  private static void chained(String s, FoundRules found) {
    // a value that starts with a cmdlet is a PowerShell pipeline someone wrote, not data with a
    // command appended; its later cmdlets are part of it
    boolean script = startsWithCmdlet(s);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '&' && c != '|' && c != ';') {
        continue;
      }
      int start = Text.skipBlanks(s, i + 1);
      if (start < s.length() && (s.charAt(start) == '&' || s.charAt(start) == '|')) {
        // the second character of && or ||; longer runs are no command separator
        start = Text.skipBlanks(s, start + 1);
      }
      int end = start;
      while (end < s.length() && (Chars.isAsciiAlnum(s.charAt(end)) || s.charAt(end) == '-')) {
        end++;
      }
      if (end == start) {
        continue;
      }
      String word = Text.lowerAscii(s, start, end);
      boolean hit =
          word.indexOf('-') > 0 ? !script && cmdlet(s, word, end) : command(s, word, c, end);
      if (hit) {
        found.record(word.indexOf('-') > 0 ? CMDLET : CHAINED, s, i);
        return;
      }
    }
  }

  private static boolean command(String s, String word, char separator, int end) {
    if (separator == ';' || !COMMANDS.contains(word)) {
      return false;
    }
    char next = Text.charAt(s, end);
    if (next == '.') {
      return Text.startsWithIgnoreCase(s, end, s.length(), ".exe");
    }
    if (next == '&' || next == '|') {
      return true;
    }
    if (next != '\0' && next != ' ' && next != '\t') {
      return false;
    }
    return RECON.contains(word) || windowsArguments(s, word, end);
  }

  /**
   * Whether the words after a command look like its arguments rather than prose: a Windows path, a
   * {@code /x} switch or {@code -x} option, a {@code %VAR%} variable, an executable or a URL, or
   * one of net's subcommands.
   */
  private static boolean windowsArguments(String s, String word, int end) {
    String args = s.substring(end, Math.min(s.length(), end + 80)).toLowerCase(Locale.ROOT);
    if (args.contains(":\\")
        || args.contains("\\")
        || args.contains(".exe")
        || args.contains("http://")
        || args.contains("https://")) {
      return true;
    }
    for (int i = 0; i + 2 < args.length(); i++) {
      char c = args.charAt(i);
      if ((c == '/' || c == '-')
          && i > 0
          && args.charAt(i - 1) == ' '
          && Chars.isAsciiLetter(args.charAt(i + 1))) {
        return true;
      }
      if (c == '%' && Chars.isAsciiLetter(args.charAt(i + 1))) {
        int close = Text.indexOf(args, '%', i + 1, args.length());
        if (close > i + 1 && isWord(args, i + 1, close)) {
          return true;
        }
      }
    }
    return word.equals("net")
        && (args.startsWith(" user")
            || args.startsWith(" localgroup")
            || args.startsWith(" view")
            || args.startsWith(" share")
            || args.startsWith(" use"));
  }

  private static boolean isWord(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Chars.isAsciiAlnum(s.charAt(i)) && s.charAt(i) != '_') {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWithCmdlet(String s) {
    int start = Text.skipBlanks(s, 0);
    int end = start;
    while (end < s.length() && (Chars.isAsciiLetter(s.charAt(end)) || s.charAt(end) == '-')) {
      end++;
    }
    int dash = s.indexOf('-', start);
    return dash > start && dash < end - 1 && VERBS.contains(Text.lowerAscii(s, start, dash));
  }

  /** A Verb-Noun cmdlet with a verb that reads, runs or changes something. */
  private static boolean cmdlet(String s, String word, int end) {
    int dash = word.indexOf('-');
    if (!VERBS.contains(word.substring(0, dash))) {
      return false;
    }
    if (NOUNS.contains(word.substring(dash + 1))) {
      return true;
    }
    // another noun counts with a parameter, a variable or a path after it ("; Set-Foo -Bar 1"),
    // not in titles such as "Onboarding & Set-up guide"
    int a = Text.skipBlanks(s, end);
    char c = Text.charAt(s, a);
    return a > end
        && (c == '$'
            || c == '-' && Chars.isAsciiLetter(Text.charAt(s, a + 1))
            || Chars.isAsciiLetter(c)
                && Text.charAt(s, a + 1) == ':'
                && Text.charAt(s, a + 2) == '\\');
  }
}

package ai.traceable.tme.engine.detect.wincmd;

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
          "iwr");

  /** Commands that prose also uses as words; they need a Windows-shaped argument. */
  private static final Set<String> WORDS =
      Set.of(
          "type", "net", "for", "copy", "start", "call", "set", "echo", "more", "sc", "md", "rd",
          "ping", "timeout", "reg", "del", "dir");

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
              Markers.WORD_START,
              "invoke-expression",
              "invoke-webrequest",
              "invoke-restmethod",
              "invoke-command",
              "invoke-wmimethod",
              "invoke-shellcode",
              "invoke-mimikatz",
              "start-process",
              "net.webclient",
              "downloadstring(",
              "downloadfile(",
              "downloaddata(",
              "frombase64string(",
              "set-mppreference",
              "add-mppreference",
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
      if (pct >= 0 && at - pct < 32 && s.indexOf('%', at) > at) {
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
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '&' && c != '|' && c != ';') {
        continue;
      }
      int start = Text.skipBlanks(s, i + 1);
      while (start < s.length() && (s.charAt(start) == '&' || s.charAt(start) == '|')) {
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
      if (word.indexOf('-') > 0 ? cmdlet(word) : command(s, word, c, end)) {
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
    if (next != '\0' && next != ' ' && next != '\t' && next != '&' && next != '|') {
      return false;
    }
    if (!WORDS.contains(word)) {
      return true;
    }
    String args = s.substring(end, Math.min(s.length(), end + 80)).toLowerCase(Locale.ROOT);
    return args.contains(":\\")
        || args.contains(" /")
        || args.contains(" -n ")
        || args.contains("%")
        || args.contains("\\")
        || word.equals("net")
            && (args.startsWith(" user")
                || args.startsWith(" localgroup")
                || args.startsWith(" view")
                || args.startsWith(" share")
                || args.startsWith(" use"));
  }

  /** A Verb-Noun cmdlet with a verb that reads, runs or changes something. */
  private static boolean cmdlet(String word) {
    int dash = word.indexOf('-');
    String verb = word.substring(0, dash);
    return dash + 2 < word.length()
        && VERBS.contains(verb)
        && Chars.isAsciiLetter(word.charAt(dash + 1));
  }
}

package ai.traceable.tme.engine.detect.unc;

import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.Chars;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.FoundRules;
import ai.traceable.tme.engine.detect.Gate;
import ai.traceable.tme.engine.detect.Hits;
import ai.traceable.tme.engine.detect.RuleTable;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.detect.Text;
import ai.traceable.tme.engine.inspect.Inspected;
import java.util.Set;

/**
 * UNC paths and remote {@code file:} URLs given where the application expects a local file: a
 * Windows server that opens {@code \\host\share\x} connects to that host over SMB or WebDAV (and
 * hands it the service account's credentials), and {@code \\?\} and {@code \\.\} reach device and
 * long-path namespaces. Backslashes alone are ordinary (regular expressions, LaTeX, {@code
 * DOMAIN\\user}, kaomoji), so a UNC path must begin the value, or follow a blank with a dotted or
 * numeric host, and name a host and a share. Forward-slash {@code //host/share} counts only in a
 * parameter whose name says it holds a file or path. Stateless.
 */
public final class UncDetector implements Detector {
  private static final RuleTable.Builder RULES = RuleTable.builder(AttackClass.UNC);
  static final DetectionRule UNC_PATH =
      RULES.add(
          "unc-100",
          Severity.CRITICAL,
          1,
          "UNC path \\\\host\\share or a \\\\?\\ / \\\\.\\ device path");
  static final DetectionRule FILE_URL =
      RULES.add("unc-110", Severity.CRITICAL, 1, "file: URL naming a remote host");
  static final DetectionRule SLASH_UNC =
      RULES.add("unc-120", Severity.CRITICAL, 1, "//host/share path in a file or path parameter");
  static final DetectionRule ADMIN_SHARE =
      RULES.add(
          "unc-130",
          Severity.CRITICAL,
          1,
          "administrative share, named pipe or WebDAV share in a path");
  static final RuleTable TABLE = RULES.build();

  /** Name tokens of parameters holding a file, a directory or a location to read from. */
  private static final Set<String> FILE_WORDS =
      Set.of(
          "path",
          "file",
          "filename",
          "dir",
          "directory",
          "folder",
          "share",
          "source",
          "import",
          "include",
          "template",
          "tpl",
          "doc",
          "document",
          "remote",
          "dest",
          "backup",
          "load",
          "conf",
          "config",
          "module",
          "stylesheet",
          "font",
          "attach",
          "db",
          "log",
          "export");

  private static final String[] SHARE_MARKERS = {
    "\\c$",
    "\\admin$",
    "\\ipc$",
    "\\print$",
    "@ssl\\",
    "\\davwwwroot",
    "\\pipe\\",
    "/c$/",
    "/admin$/",
    "/ipc$"
  };

  /** UNC paths and file URLs have a backslash or two slashes. */
  private static final Gate GATE = Gate.anyOf("\\", "//");

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
    String s = value.lower();
    boolean backslash = s.indexOf('\\') >= 0;
    if (!backslash && s.indexOf("//") < 0) {
      return;
    }
    FoundRules found = new FoundRules(TABLE);
    if (backslash) {
      backslashPaths(s, found);
    }
    if (!found.critical()) {
      slashes(value, s, found);
    }
    found.report(hits);
  }

  private static void backslashPaths(String s, FoundRules found) {
    int start = Text.skipControls(s, 0, s.length());
    while (start < s.length() && Chars.isQuote(s.charAt(start))) {
      start++;
    }
    if (uncAt(s, start, false)) {
      found.record(UNC_PATH, s, start);
      return;
    }
    for (int i = s.indexOf("\\\\", start + 1); i > 0; i = s.indexOf("\\\\", i + 2)) {
      char before = s.charAt(i - 1);
      if ((before == ' ' || before == '\t' || before == '"' || before == ',' || before == '=')
          && uncAt(s, i, true)) {
        found.record(UNC_PATH, s, i);
        return;
      }
    }
    for (String marker : SHARE_MARKERS) {
      int at = s.indexOf(marker);
      if (at >= 0 && (marker.charAt(0) != '/' || s.indexOf("//") >= 0)) {
        found.record(ADMIN_SHARE, s, at);
        return;
      }
    }
  }

  /**
   * Whether a UNC path starts at {@code at}: two leading separators (at least one a backslash), a
   * host, and a further backslash; {@code \\?\} and {@code \\.\} device prefixes count as such.
   * Inside text ({@code strict}) the host must look like a domain or an address.
   */
  static boolean uncAt(String s, int at, boolean strict) {
    if (at + 3 >= s.length()) {
      return false;
    }
    char a = s.charAt(at);
    char b = s.charAt(at + 1);
    boolean lead = (a == '\\' || a == '/') && (b == '\\' || b == '/') && (a == '\\' || b == '\\');
    if (!lead) {
      return false;
    }
    int i = at + 2;
    char c = s.charAt(i);
    if ((c == '?' || c == '.') && s.charAt(i + 1) == '\\') {
      return !strict;
    }
    int hostStart = i;
    boolean dotted = false;
    while (i < s.length() && hostChar(s.charAt(i))) {
      dotted |= s.charAt(i) == '.';
      i++;
    }
    if (i == hostStart || i >= s.length() || s.charAt(i) != '\\' || i + 1 >= s.length()) {
      return false;
    }
    // a single-label host is usually the organisation's own file server (home drives, profile
    // paths); attacks name a domain, an address, localhost or an administrative share
    return dotted || s.startsWith("localhost", hostStart) || !strict && adminShare(s, i);
  }

  private static boolean adminShare(String s, int at) {
    return s.startsWith("\\c$", at)
        || s.startsWith("\\admin$", at)
        || s.startsWith("\\ipc$", at)
        || s.startsWith("\\pipe\\", at);
  }

  private static boolean hostChar(char c) {
    return Chars.isAsciiAlnum(c) || c == '.' || c == '-' || c == '_' || c == '@' || c == '$';
  }

  private static void slashes(Inspected value, String s, FoundRules found) {
    int file = s.indexOf("file:");
    if (file >= 0 && remoteFileUrl(s, file + 5)) {
      found.record(FILE_URL, s, file);
      return;
    }
    int start = Text.skipControls(s, 0, s.length());
    if (s.startsWith("//", start) && fileName(value.name()) && slashShare(s, start + 2)) {
      found.record(SLASH_UNC, s, start);
    }
  }

  /** After {@code file:}: two or more slashes then a host other than localhost. */
  private static boolean remoteFileUrl(String s, int from) {
    int i = from;
    int slashes = 0;
    while (i < s.length() && (s.charAt(i) == '/' || s.charAt(i) == '\\')) {
      i++;
      slashes++;
    }
    if (slashes < 2 || slashes == 3) {
      return false;
    }
    int hostStart = i;
    while (i < s.length() && hostChar(s.charAt(i))) {
      i++;
    }
    String host = s.substring(hostStart, i);
    return !host.isEmpty() && !host.equals("localhost") && !host.equals("127.0.0.1");
  }

  /** A host with a dot, then a share name, then another path segment. */
  private static boolean slashShare(String s, int hostStart) {
    int i = hostStart;
    boolean dotted = false;
    while (i < s.length() && hostChar(s.charAt(i))) {
      dotted |= s.charAt(i) == '.';
      i++;
    }
    if (!dotted || i >= s.length() || s.charAt(i) != '/') {
      return false;
    }
    int next = s.indexOf('/', i + 1);
    return next > i + 1 && next + 1 < s.length();
  }

  static boolean fileName(String name) {
    int i = 0;
    while (i < name.length()) {
      int start = i;
      while (i < name.length() && Chars.isAsciiLetter(name.charAt(i))) {
        i++;
      }
      if (i > start && FILE_WORDS.contains(Text.lowerAscii(name, start, i))) {
        return true;
      }
      i = Math.max(i, start + 1);
    }
    return false;
  }
}

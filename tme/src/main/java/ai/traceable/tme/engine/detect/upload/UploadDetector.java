package ai.traceable.tme.engine.detect.upload;

import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.Hits;
import ai.traceable.tme.engine.detect.RuleTable;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.Set;

/**
 * Dangerous upload file names, judged on the {@code filename} of multipart parts only: server-side
 * script extensions (also when hidden behind a second extension, a semicolon, a trailing dot or an
 * NTFS stream name), server configuration files, command-interpreter scripts and executables, NUL
 * bytes, and traversal or UNC paths in the name. The content of the upload is the other detectors'
 * business. Linear in the length of the name.
 */
public final class UploadDetector implements Detector {
  private static final RuleTable.Builder RULES = RuleTable.builder(AttackClass.UPLOAD);
  static final DetectionRule SERVER_SCRIPT =
      RULES.add(
          "upload-100", Severity.CRITICAL, 1, "server-side script extension (php, jsp, asp, ...)");
  static final DetectionRule HIDDEN_SCRIPT =
      RULES.add(
          "upload-110",
          Severity.CRITICAL,
          1,
          "server-side script extension hidden before another extension or a separator");
  static final DetectionRule SERVER_CONFIG =
      RULES.add(
          "upload-120", Severity.CRITICAL, 1, "server configuration file (.htaccess, web.config)");
  static final DetectionRule NUL_BYTE =
      RULES.add("upload-130", Severity.CRITICAL, 1, "NUL in a file name");
  static final DetectionRule PATH_IN_NAME =
      RULES.add("upload-140", Severity.CRITICAL, 1, "traversal or UNC path in a file name");
  static final DetectionRule SHELL_SCRIPT =
      RULES.add("upload-150", Severity.CRITICAL, 1, "Windows script (bat, cmd, ps1, vbs, hta)");
  static final DetectionRule EXECUTABLE =
      RULES.add(
          "upload-160",
          Severity.CRITICAL,
          2,
          "executable or Unix shell script (exe, dll, jar, sh)");
  static final RuleTable TABLE = RULES.build();

  /** Extensions a web server may run as code. */
  static final Set<String> SCRIPTS =
      Set.of(
          "php", "php2", "php3", "php4", "php5", "php6", "php7", "php8", "phtml", "pht", "phps",
          "phar", "pgif", "inc", "jsp", "jspx", "jspf", "jsw", "jsv", "asp", "aspx", "asa", "asax",
          "ashx", "asmx", "axd", "cer", "cshtml", "vbhtml", "cfm", "cfml", "cfc", "cgi", "pl",
          "shtml", "shtm", "stm");

  static final Set<String> CONFIGS = Set.of(".htaccess", ".htpasswd", ".user.ini", "web.config");

  /** Scripts Windows runs on a double click, with no place in a web upload. */
  static final Set<String> SHELLS =
      Set.of(
          "bat", "cmd", "ps1", "psm1", "psd1", "vbs", "vbe", "wsf", "wsh", "hta", "scr", "lnk",
          "cpl");

  /** Programs: plausible uploads on some sites (software, code sharing), so only a signal. */
  static final Set<String> EXECUTABLES =
      Set.of("exe", "dll", "msi", "com", "jar", "war", "elf", "sh", "bash", "zsh");

  @Override
  public RuleTable table() {
    return TABLE;
  }

  @Override
  public void inspect(Inspected value, Hits hits) {
    if (value.placement() != Placement.FILE_NAME) {
      return;
    }
    String raw = value.raw();
    if (raw.indexOf('\0') >= 0 || raw.contains("%00")) {
      hits.hit(NUL_BYTE, Detector.snippet(raw.replace('\0', '?'), 0));
    }
    String name = value.lower();
    if (name.contains("../")
        || name.contains("..\\")
        || name.startsWith("\\\\")
        || name.startsWith("//")) {
      hits.hit(PATH_IN_NAME, Detector.snippet(value.decoded(), 0));
    }
    String base = baseName(name);
    if (CONFIGS.contains(base)) {
      hits.hit(SERVER_CONFIG, Detector.snippet(value.decoded(), 0));
      return;
    }
    extensions(base, hits, value.decoded());
  }

  /** The last path element, without NTFS stream suffixes and trailing dots or spaces. */
  static String baseName(String name) {
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    String base = name.substring(slash + 1);
    int stream = base.indexOf("::");
    if (stream >= 0) {
      base = base.substring(0, stream);
    }
    int end = base.length();
    while (end > 0 && (base.charAt(end - 1) == '.' || base.charAt(end - 1) == ' ')) {
      end--;
    }
    return base.substring(0, end);
  }

  /**
   * Judges every extension of the name: the last one says what the file is; a script extension
   * before it (or before a {@code ;} or NUL) is how uploads get past extension allow-lists on
   * servers that run the first handler they recognise.
   */
  private static void extensions(String base, Hits hits, String snippet) {
    int dot = base.indexOf('.', 1);
    if (dot < 0) {
      return;
    }
    String[] parts = base.substring(dot + 1).split("[.;\\x00 ]+");
    for (int i = 0; i < parts.length; i++) {
      String ext = parts[i];
      boolean last = i == parts.length - 1;
      if (SCRIPTS.contains(ext)) {
        hits.hit(last ? SERVER_SCRIPT : HIDDEN_SCRIPT, Detector.snippet(snippet, 0));
      } else if (last && SHELLS.contains(ext)) {
        hits.hit(SHELL_SCRIPT, Detector.snippet(snippet, 0));
      } else if (last && EXECUTABLES.contains(ext)) {
        hits.hit(EXECUTABLE, Detector.snippet(snippet, 0));
      }
    }
  }
}

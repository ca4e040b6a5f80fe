package ai.traceable.tme.engine.detect.traversal;

import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.Hits;
import ai.traceable.tme.engine.detect.Keywords;
import ai.traceable.tme.engine.detect.RuleTable;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Placement;

/**
 * Path traversal and local file inclusion. The decoded value is normalised as a file path
 * (backslashes become slashes, {@code ....//} collapses to {@code ../}, {@code ..;/} to {@code
 * ../}), then judged on three signals: parent-directory steps, names of files that hold secrets or
 * system facts, and stream wrappers that turn an include into code execution.
 */
public final class TraversalDetector implements Detector {
  private static final RuleTable.Builder RULES = RuleTable.builder(AttackClass.TRAVERSAL);
  static final DetectionRule STEPS =
      RULES.add("traversal-100", Severity.CRITICAL, 1, "two or more parent-directory steps");
  static final DetectionRule STEP_TO_FILE =
      RULES.add(
          "traversal-110", Severity.CRITICAL, 1, "parent-directory step towards a sensitive file");
  static final DetectionRule SENSITIVE_FILE =
      RULES.add(
          "traversal-120", Severity.CRITICAL, 1, "path of a sensitive system file as a value");
  static final DetectionRule WRAPPER =
      RULES.add(
          "traversal-130", Severity.CRITICAL, 1, "stream wrapper (php://, file://, phar://, ...)");
  static final DetectionRule STEP_IN_PATH =
      RULES.add(
          "traversal-140", Severity.CRITICAL, 1, "parent-directory segment in the request path");
  static final DetectionRule SINGLE_STEP =
      RULES.add(
          "traversal-150", Severity.CRITICAL, 2, "one parent-directory step at a value's start");
  static final DetectionRule SENSITIVE_MENTION =
      RULES.add("traversal-160", Severity.CRITICAL, 2, "sensitive file name inside text");
  static final RuleTable TABLE = RULES.build();

  /** Files whose content an attacker wants; matched in the normalised, lower-cased path. */
  private static final Keywords SENSITIVE =
      new Keywords(
          "etc/passwd",
          "etc/shadow",
          "etc/group",
          "etc/hosts",
          "etc/issue",
          "etc/sudoers",
          "etc/crontab",
          "proc/self/",
          "proc/version",
          "proc/cmdline",
          "win.ini",
          "boot.ini",
          "system32/config/sam",
          "system32/config/system",
          "system32/drivers/etc/hosts",
          "system32/inetsrv/config/",
          "system.ini",
          "windows/repair",
          "web.config",
          "applicationhost.config",
          ".htpasswd",
          ".htaccess",
          "id_rsa",
          "id_dsa",
          "id_ecdsa",
          "id_ed25519",
          "authorized_keys",
          ".ssh/",
          ".bash_history",
          ".aws/credentials",
          ".git/config",
          ".git/head",
          "wp-config.php",
          "/.env",
          "php.ini",
          "my.cnf",
          "var/log/apache",
          "var/log/nginx",
          "var/log/httpd",
          "var/log/auth.log",
          "boot/grub",
          "web-inf/web.xml",
          "meta-inf/manifest.mf",
          "etc/nginx/",
          "etc/apache2/",
          "etc/httpd/",
          "windows/system.ini");

  private static final Keywords WRAPPERS =
      new Keywords(
          "php://",
          "file://",
          "phar://",
          "zip://",
          "expect://",
          "glob://",
          "data://",
          "compress.zlib://",
          "compress.bzip2://",
          "jar:file:",
          "zlib:",
          "ogg://",
          "rar://");

  @Override
  public RuleTable table() {
    return TABLE;
  }

  @Override
  public void inspect(Inspected value, Hits hits) {
    String lower = value.lower();
    if (lower.length() < 3 || !candidate(lower)) {
      return;
    }
    String path = normalise(lower);
    int steps = countSteps(path);
    int file = SENSITIVE.firstBounded(path);
    if (value.placement() == Placement.PATH) {
      if (steps > 0) {
        hits.hit(STEP_IN_PATH, Detector.snippet(value.decoded(), path.indexOf("..")));
      }
    } else if (steps >= 2) {
      hits.hit(STEPS, Detector.snippet(value.decoded(), path.indexOf("..")));
    } else if (steps == 1 && path.startsWith("../")) {
      hits.hit(SINGLE_STEP, Detector.snippet(value.decoded(), 0));
    }
    if (file >= 0) {
      if (steps > 0) {
        hits.hit(STEP_TO_FILE, Detector.snippet(value.decoded(), file));
      } else if (pathLike(path, file)) {
        hits.hit(SENSITIVE_FILE, Detector.snippet(value.decoded(), file));
      } else {
        hits.hit(SENSITIVE_MENTION, Detector.snippet(value.decoded(), file));
      }
    }
    int wrapper = WRAPPERS.first(lower);
    if (wrapper >= 0 && wrapperUse(lower, wrapper)) {
      hits.hit(WRAPPER, Detector.snippet(value.decoded(), wrapper));
    }
  }

  /** Cheap pre-check: only values with a dot, a slash, a backslash or a colon can be paths. */
  private static boolean candidate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '.' || c == '/' || c == '\\' || c == ':') {
        return true;
      }
    }
    return false;
  }

  /**
   * Backslashes to slashes, runs of slashes to one, {@code ./} segments dropped, {@code ....//} and
   * {@code ..;/} to {@code ../}, spaces around separators removed.
   */
  static String normalise(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' || c == '\u2216' || c == '\ufe68' || c == '\uff3c') {
        c = '/';
      } else if (c == '\u2215' || c == '\u2044' || c == '\u29f8') {
        c = '/';
      }
      if (c == '/' && out.length() > 0 && out.charAt(out.length() - 1) == '/') {
        continue;
      }
      out.append(c);
    }
    String p = out.toString();
    if (p.contains("....")) {
      p = p.replace("....//", "../").replace("..../", "../").replace("....", "..");
    }
    if (p.contains("..;")) {
      p = p.replace("..;/", "../");
    }
    if (p.contains("/./")) {
      p = p.replace("/./", "/");
    }
    return p;
  }

  /** Number of {@code ..} segments: {@code ..} between separators or at the value's ends. */
  static int countSteps(String p) {
    int steps = 0;
    int at = p.indexOf("..");
    while (at >= 0) {
      int end = at + 2;
      boolean startOk = at == 0 || p.charAt(at - 1) == '/' || p.charAt(at - 1) == '=';
      boolean endOk = end == p.length() || p.charAt(end) == '/';
      if (startOk && endOk) {
        steps++;
      }
      at = p.indexOf("..", end);
    }
    return steps;
  }

  /**
   * Whether the sensitive name is used as a path: the value has no spaces (a file parameter), or
   * the name is preceded by a slash or drive letter right at the value's start.
   */
  private static boolean pathLike(String p, int at) {
    if (p.indexOf(' ') < 0) {
      return true;
    }
    return at <= 3 && (p.startsWith("/") || p.length() > 2 && p.charAt(1) == ':');
  }

  /** A wrapper counts when it opens the value, or follows a separator an include would see. */
  private static boolean wrapperUse(String s, int at) {
    if (at == 0) {
      return true;
    }
    char before = s.charAt(at - 1);
    return before == '='
        || before == '"'
        || before == '\''
        || before == '('
        || before == ' ' && s.indexOf(' ') == at - 1;
  }
}

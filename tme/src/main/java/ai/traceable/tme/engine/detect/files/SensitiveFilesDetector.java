package ai.traceable.tme.engine.detect.files;

import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.FoundRules;
import ai.traceable.tme.engine.detect.Hits;
import ai.traceable.tme.engine.detect.RuleTable;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.Set;

/**
 * Requests for files a web server should never hand out: version-control and IDE metadata,
 * environment and configuration files with credentials, editor backups and swap files, archives and
 * database dumps left in the document root, logs, and the status pages of servers and frameworks.
 * Scanners ask for them by name, in the path or through a download parameter ({@code ?file=.env}).
 *
 * <p>The path is read segment by segment (lower case, {@code \} taken as {@code /}); a segment is
 * judged by its whole name or its suffix, never by a substring, so {@code /blog/dotenv-explained}
 * or {@code /static/js/config.5f3a1c.js} stay clean. Parameter values are judged the same way when
 * they are path-shaped (one token, no spaces). Values without a dot or a known directory name cost
 * one scan for {@code /}.
 */
public final class SensitiveFilesDetector implements Detector {
  private static final RuleTable.Builder RULES = RuleTable.builder(AttackClass.SENSITIVE_FILES);
  static final DetectionRule METADATA =
      RULES.add(
          "sensitive-files-100",
          Severity.CRITICAL,
          1,
          "Version-control, IDE or deployment metadata directory (.git/, .svn/, WEB-INF/, ...)");
  static final DetectionRule SECRETS =
      RULES.add(
          "sensitive-files-110",
          Severity.CRITICAL,
          1,
          "Configuration or credential file (.env, web.config, wp-config.php, id_rsa, ...)");
  static final DetectionRule BACKUP =
      RULES.add(
          "sensitive-files-120",
          Severity.CRITICAL,
          1,
          "Backup, editor or swap copy of a file (~, .bak, .old, .save, .swp, ...)");
  static final DetectionRule ARCHIVE =
      RULES.add(
          "sensitive-files-130",
          Severity.CRITICAL,
          1,
          "Site archive or database dump (backup.zip, site.tar.gz, db.sql.gz, ...)");
  static final DetectionRule STATUS =
      RULES.add(
          "sensitive-files-140",
          Severity.CRITICAL,
          1,
          "Server or framework status and diagnostics page (server-status, actuator/env, ...)");
  static final DetectionRule LOG =
      RULES.add("sensitive-files-150", Severity.CRITICAL, 1, "Log file (*.log)");
  static final RuleTable TABLE = RULES.build();

  private static final Set<String> METADATA_DIRS =
      Set.of(
          ".git",
          ".svn",
          ".hg",
          ".bzr",
          "cvs",
          ".idea",
          ".vscode",
          "web-inf",
          "meta-inf",
          ".aws",
          ".ssh",
          ".docker",
          ".kube",
          ".terraform",
          ".circleci",
          "_darcs");

  private static final Set<String> SECRET_FILES =
      Set.of(
          ".htaccess",
          ".htpasswd",
          ".npmrc",
          ".pypirc",
          ".netrc",
          ".git-credentials",
          ".gitconfig",
          ".bash_history",
          ".zsh_history",
          ".mysql_history",
          ".psql_history",
          ".ds_store",
          ".dockercfg",
          "web.config",
          "wp-config.php",
          "configuration.php",
          "localsettings.php",
          "settings.py",
          "local_settings.py",
          "database.yml",
          "secrets.yml",
          "credentials.yml",
          "parameters.yml",
          "docker-compose.yml",
          "docker-compose.yaml",
          "appsettings.json",
          "local.settings.json",
          "application.properties",
          "application.yml",
          "application.yaml",
          "bootstrap.properties",
          "id_rsa",
          "id_dsa",
          "id_ecdsa",
          "id_ed25519",
          "authorized_keys",
          "known_hosts",
          "terraform.tfstate",
          "terraform.tfvars",
          ".travis.yml",
          "sftp-config.json",
          "sftp.json",
          "phpinfo.php",
          "info.php",
          "php.ini",
          ".user.ini",
          "httpd.conf",
          "nginx.conf",
          "server.xml",
          "tomcat-users.xml",
          "jboss-web.xml",
          "id_rsa.pub");

  private static final String[] BACKUP_SUFFIXES = {
    "~",
    ".bak",
    ".bk",
    ".bkp",
    ".old",
    ".orig",
    ".save",
    ".sav",
    ".swp",
    ".swo",
    ".tmp",
    ".backup",
    ".copy",
    ".original",
    ".previous",
    ".dist"
  };

  private static final String[] ARCHIVE_SUFFIXES = {
    ".zip", ".tar", ".tar.gz", ".tgz", ".gz", ".rar", ".7z", ".bz2", ".tar.bz2"
  };

  private static final Set<String> ARCHIVE_NAMES =
      Set.of(
          "backup",
          "backups",
          "site",
          "www",
          "wwwroot",
          "web",
          "html",
          "htdocs",
          "public_html",
          "db",
          "database",
          "dump",
          "data",
          "sql",
          "mysql",
          "archive",
          "old",
          "home",
          "files",
          "src",
          "source",
          "app",
          "application",
          "code",
          "temp",
          "tmp",
          "full",
          "export",
          "website",
          "root");

  private static final String[] DUMP_SUFFIXES = {
    ".sql",
    ".sql.gz",
    ".sql.zip",
    ".sql.bz2",
    ".sql.tar.gz",
    ".sqlite",
    ".sqlite3",
    ".db",
    ".mdb",
    ".dump"
  };

  private static final Set<String> STATUS_PAGES =
      Set.of(
          "server-status",
          "server-info",
          "nginx_status",
          "nginx-status",
          "fpm-status",
          "php-fpm-status",
          "elmah.axd",
          "trace.axd",
          "jolokia",
          "heapdump",
          "threaddump",
          "_profiler",
          "phpinfo",
          "status.php",
          "server-statistics.php");

  private static final Set<String> ACTUATOR_ENDPOINTS =
      Set.of(
          "env",
          "heapdump",
          "threaddump",
          "configprops",
          "mappings",
          "beans",
          "trace",
          "httptrace",
          "logfile",
          "loggers",
          "shutdown",
          "jolokia",
          "gateway",
          "dump");

  /** Where a parameter value may name a file to read (a download or include parameter). */
  private static final Set<Placement> VALUE_PLACEMENTS =
      Set.of(Placement.QUERY, Placement.FORM, Placement.JSON, Placement.MULTIPART, Placement.XML);

  @Override
  public RuleTable table() {
    return TABLE;
  }

  @Override
  public void inspect(Inspected value, Hits hits) {
    Placement p = value.placement();
    String lower = value.lower();
    if (p != Placement.PATH && !(VALUE_PLACEMENTS.contains(p) && pathShaped(lower))) {
      return;
    }
    FoundRules found = new FoundRules(TABLE);
    String path = lower.replace('\\', '/');
    int start = 0;
    String previous = "";
    while (start <= path.length()) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = path.length();
      }
      String segment = segment(path, start, end);
      if (!segment.isEmpty()) {
        boolean last = end >= path.length();
        judge(segment, previous, !last, p == Placement.PATH, value.decoded(), start, found);
        previous = segment;
      }
      start = end + 1;
    }
    found.report(hits);
  }

  /** A segment without its path parameters ({@code ;jsessionid=...}). */
  private static String segment(String path, int start, int end) {
    for (int i = start; i < end; i++) {
      if (path.charAt(i) == ';') {
        return path.substring(start, i);
      }
    }
    return path.substring(start, end);
  }

  /**
   * Judges one segment. Backups, archives and logs count only in the path: as parameter values
   * ({@code filename=app.log}) they are names of the user's own files, not probes.
   */
  private static void judge(
      String seg,
      String previous,
      boolean directory,
      boolean inPath,
      String text,
      int at,
      FoundRules found) {
    if (directory && METADATA_DIRS.contains(seg)) {
      found.record(METADATA, text, at);
    }
    if (SECRET_FILES.contains(seg)
        || seg.equals(".env")
        || seg.startsWith(".env.")
        || previous.equals(".aws") && seg.equals("credentials")) {
      found.record(SECRETS, text, at);
    }
    if (STATUS_PAGES.contains(seg)
        || previous.equals("actuator") && ACTUATOR_ENDPOINTS.contains(seg)
        || previous.equals("debug") && (seg.equals("pprof") || seg.equals("vars"))) {
      found.record(STATUS, text, at);
    }
    if (directory || !inPath) {
      return;
    }
    if (backup(seg)) {
      found.record(BACKUP, text, at);
    }
    if (archive(seg)) {
      found.record(ARCHIVE, text, at);
    }
    if (seg.endsWith(".log") && seg.length() > 4) {
      found.record(LOG, text, at);
    }
  }

  /** A file name with a backup suffix after a name that has one more dot, or a swap file. */
  private static boolean backup(String seg) {
    for (String suffix : BACKUP_SUFFIXES) {
      if (seg.endsWith(suffix) && seg.length() > suffix.length()) {
        String base = seg.substring(0, seg.length() - suffix.length());
        return base.indexOf('.') >= 0 || suffix.equals(".swp") || suffix.equals(".bak");
      }
    }
    return false;
  }

  private static boolean archive(String seg) {
    for (String suffix : DUMP_SUFFIXES) {
      if (seg.endsWith(suffix) && seg.length() > suffix.length()) {
        return true;
      }
    }
    for (String suffix : ARCHIVE_SUFFIXES) {
      if (seg.endsWith(suffix)) {
        String base = seg.substring(0, seg.length() - suffix.length());
        int dot = base.lastIndexOf(".tar");
        return ARCHIVE_NAMES.contains(dot >= 0 ? base.substring(0, dot) : base);
      }
    }
    return false;
  }

  /** One short token that could name a file: no blanks, a dot or a slash in it. */
  private static boolean pathShaped(String v) {
    if (v.isEmpty() || v.length() > 256 || (v.indexOf('.') < 0 && v.indexOf('/') < 0)) {
      return false;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c <= ' ' || c == '<' || c == '>' || c == '"' || c == '\'' || c == '@' || c == '=') {
        return false;
      }
    }
    return true;
  }
}

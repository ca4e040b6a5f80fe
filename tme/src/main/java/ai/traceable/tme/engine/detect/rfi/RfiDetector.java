package ai.traceable.tme.engine.detect.rfi;

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
 * Remote file inclusion: a URL to a script handed to a parameter the application reads a file,
 * template or module from ({@code ?page=http://evil/x.txt?}). A URL alone is ordinary (share links,
 * webhooks, avatars), so each rule needs a second sign: the parameter's name is include-shaped
 * ({@code page}, {@code template}, {@code include_path}, {@code mosConfig_absolute_path}); the URL
 * ends in {@code ?}, {@code #} or a NUL to cut off the suffix the application appends; the host is
 * an IP literal or a paste site serving raw text; or the URL names a script's source ({@code .php},
 * {@code .inc}, {@code .txt}) in a parameter that is not URL-shaped. Stateless; at most {@value
 * #MAX_URLS} URLs per value are examined.
 */
public final class RfiDetector implements Detector {
  private static final RuleTable.Builder RULES = RuleTable.builder(AttackClass.RFI);
  static final DetectionRule INCLUDE_PARAMETER =
      RULES.add(
          "rfi-100",
          Severity.CRITICAL,
          1,
          "remote URL as the value of an include-shaped parameter");
  static final DetectionRule SUFFIX_CUT =
      RULES.add(
          "rfi-110",
          Severity.CRITICAL,
          1,
          "remote URL to a file ending in ?, # or NUL to cut a suffix");
  static final DetectionRule SUSPICIOUS_HOST =
      RULES.add(
          "rfi-120",
          Severity.CRITICAL,
          1,
          "remote script on an IP-literal host or a raw paste site");
  static final DetectionRule SCRIPT_SOURCE =
      RULES.add(
          "rfi-130",
          Severity.CRITICAL,
          1,
          "remote script source (.php, .inc, .txt) in a parameter that is not a link");
  static final DetectionRule SCRIPT_LINK =
      RULES.add("rfi-140", Severity.CRITICAL, 2, "remote script source in a link-shaped parameter");
  static final RuleTable TABLE = RULES.build();

  /** Name tokens of parameters that applications include, require or load from. */
  private static final Set<String> INCLUDE_WORDS =
      Set.of(
          "page",
          "pages",
          "pg",
          "file",
          "filename",
          "inc",
          "include",
          "includes",
          "incl",
          "require",
          "template",
          "templates",
          "tpl",
          "tmpl",
          "lang",
          "language",
          "module",
          "modules",
          "mod",
          "conf",
          "config",
          "cfg",
          "path",
          "abspath",
          "absolute",
          "root",
          "rootdir",
          "dir",
          "directory",
          "folder",
          "basedir",
          "basepath",
          "docroot",
          "skin",
          "theme",
          "layout",
          "header",
          "footer",
          "load",
          "loader",
          "content",
          "view",
          "action",
          "plugin",
          "widget",
          "class",
          "lib",
          "library",
          "script",
          "inc_dir",
          "show");

  /** Name tokens of parameters that carry links by design. */
  private static final Set<String> LINK_WORDS =
      Set.of(
          "url",
          "uri",
          "u",
          "link",
          "href",
          "src",
          "source",
          "website",
          "site",
          "homepage",
          "home",
          "redirect",
          "return",
          "next",
          "callback",
          "feed",
          "image",
          "img",
          "avatar",
          "icon",
          "logo",
          "photo",
          "picture",
          "webhook",
          "hook",
          "endpoint",
          "ref",
          "referrer",
          "referer",
          "target",
          "dest",
          "destination",
          "continue",
          "origin",
          "share");

  /** File extensions of scripts an interpreter would run if included. */
  private static final Set<String> SCRIPT_EXTENSIONS =
      Set.of(
          "php", "php3", "php4", "php5", "php7", "phtml", "phps", "inc", "txt", "pl", "cgi", "sh",
          "py", "rb", "asp", "aspx", "jsp", "jspx", "cfm");

  /** Extensions of files a page loads as data, never runs: a URL to one is no inclusion. */
  private static final Set<String> STATIC_ASSETS =
      Set.of(
          "js", "mjs", "css", "map", "png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "woff",
          "woff2", "ttf", "pdf", "mp4", "mp3", "webm", "json", "xml", "csv", "zip");

  /** Hosts that serve pasted text as is. */
  private static final String[] PASTE_HOSTS = {
    "pastebin.com", "raw.githubusercontent.com", "gist.githubusercontent.com", "paste.ee",
    "hastebin.com", "rentry.co", "ghostbin.co", "transfer.sh"
  };

  private static final String[] SCHEMES = {"http://", "https://", "ftp://", "ftps://"};
  private static final int MAX_URLS = 4;

  /** A remote URL has its two slashes. */
  private static final Gate GATE = Gate.anyOf("//");

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
    if (s.indexOf("//") < 0 || value.placement().isName()) {
      return;
    }
    NameShape shape = NameShape.of(value.name());
    FoundRules found = new FoundRules(TABLE);
    boolean nul = value.raw().contains("%00") || value.raw().indexOf('\0') >= 0;
    int urls = 0;
    int first = Text.skipControls(s, 0, s.length());
    for (int at = s.indexOf("//"); at >= 0 && urls < MAX_URLS; at = s.indexOf("//", at + 2)) {
      int start = urlStart(s, at, first);
      if (start < 0) {
        continue;
      }
      urls++;
      judge(s, start, at + 2, shape, nul, found);
      if (found.critical()) {
        break;
      }
    }
    found.report(hits);
  }

  /**
   * Where the URL whose {@code //} is at {@code sep} starts, or -1 when it is not a standalone
   * remote URL: the scheme must be one an include function fetches, or absent at the value's start,
   * and the URL must begin the value or follow a separator.
   */
  private static int urlStart(String s, int sep, int first) {
    int start = -1;
    for (String scheme : SCHEMES) {
      int from = sep + 2 - scheme.length();
      if (from >= 0 && Text.startsWithIgnoreCase(s, from, s.length(), scheme)) {
        start = from;
        break;
      }
    }
    if (start < 0) {
      return first == sep && sep + 2 < s.length() ? sep : -1;
    }
    int before = start - 1;
    while (before >= 0 && Chars.isBlank(s.charAt(before))) {
      before--;
    }
    return before < 0 || ",;|".indexOf(s.charAt(before)) >= 0 ? start : -1;
  }

  private static void judge(
      String s, int start, int authority, NameShape shape, boolean nul, FoundRules found) {
    Url url = Url.read(s, start, authority);
    if (url.host().isEmpty() || url.host().indexOf('.') < 0 && !url.ipLiteral()) {
      return;
    }
    boolean schemeless = s.charAt(start) == '/';
    boolean asset = STATIC_ASSETS.contains(url.extension());
    if (shape.include() && !asset && (!schemeless || url.hasFile())) {
      found.record(INCLUDE_PARAMETER, s, start);
    }
    boolean script = SCRIPT_EXTENSIONS.contains(url.extension());
    if (url.hasFile() && (url.cut() || nul && url.end() == s.length())) {
      found.record(SUFFIX_CUT, s, start);
    }
    if (!schemeless && (url.ipLiteral() && (script || url.hasFile()) || pasteHost(url.host()))) {
      found.record(SUSPICIOUS_HOST, s, start);
    }
    if (script && !url.hasQuery()) {
      found.record(shape.link() ? SCRIPT_LINK : SCRIPT_SOURCE, s, start);
    }
  }

  private static boolean pasteHost(String host) {
    for (String h : PASTE_HOSTS) {
      if (host.equals(h) || host.endsWith("." + h)) {
        return true;
      }
    }
    return false;
  }

  /** What a parameter's name says about its value. */
  record NameShape(boolean include, boolean link) {
    static NameShape of(String name) {
      boolean include = false;
      boolean link = false;
      int i = 0;
      while (i < name.length()) {
        int start = i;
        i = tokenEnd(name, i);
        if (i > start) {
          String token = Text.lowerAscii(name, start, i);
          include |= INCLUDE_WORDS.contains(token);
          link |= LINK_WORDS.contains(token);
        } else {
          i++;
        }
      }
      return new NameShape(include, link);
    }

    /** The end of the token at {@code i}: letters and digits up to a camel-case hump. */
    private static int tokenEnd(String name, int i) {
      int j = i;
      while (j < name.length() && Chars.isAsciiAlnum(name.charAt(j))) {
        j++;
        if (j < name.length()
            && Character.isUpperCase(name.charAt(j))
            && Character.isLowerCase(name.charAt(j - 1))) {
          break;
        }
      }
      return j;
    }
  }
}

package ai.traceable.tme.engine.detect.redirect;

import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.Chars;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.Gate;
import ai.traceable.tme.engine.detect.Hits;
import ai.traceable.tme.engine.detect.RequestDetector;
import ai.traceable.tme.engine.detect.RuleTable;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Inspection;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.Locale;
import java.util.Set;

/**
 * Open redirect: a redirect-shaped parameter ({@code next}, {@code returnTo}, {@code redirect_uri},
 * {@code continue}, ...) whose value sends the browser to another site, so that a link on the
 * application's own domain lands on the attacker's page (phishing, OAuth code theft).
 *
 * <p>Whether a target leaves the site needs the request's own host, so this is a request-level
 * detector: for each redirect-shaped value it reads the host the browser would go to, the way
 * browsers read it (tabs and line breaks dropped, {@code \} as {@code /}, {@code //host} and {@code
 * https:host} taken as absolute, user info before {@code @} skipped) and compares its site with the
 * request's. Relative targets and sibling subdomains are the application's own. A script URL in
 * such a parameter is reported too. Path segments that name a redirect ({@code
 * /redirect/https://...}, {@code /out//host}) are read the same way.
 */
public final class RedirectDetector implements RequestDetector {
  private static final RuleTable.Builder RULES = RuleTable.builder(AttackClass.REDIRECT);
  static final DetectionRule OFF_SITE =
      RULES.add(
          "redirect-100",
          Severity.CRITICAL,
          1,
          "Redirect parameter pointing to another site (absolute, scheme-relative or malformed"
              + " URL)");
  static final DetectionRule SCRIPT_URL =
      RULES.add(
          "redirect-110",
          Severity.CRITICAL,
          1,
          "Redirect parameter holding a javascript:, vbscript: or data: URL");
  static final DetectionRule PATH_REDIRECT =
      RULES.add(
          "redirect-120",
          Severity.CRITICAL,
          1,
          "Redirect path segment followed by a URL to another site (/redirect/https://...)");
  static final RuleTable TABLE = RULES.build();

  /**
   * Names (lower case, without '_', '-' and brackets) of parameters whose one purpose is where to
   * send the browser after an action: any target on another site counts.
   */
  private static final Set<String> TARGET_NAMES =
      Set.of(
          "next",
          "nexturl",
          "redirect",
          "redirecturl",
          "redirectto",
          "redir",
          "return",
          "returnto",
          "returnurl",
          "returnpath",
          "continue",
          "continueurl",
          "dest",
          "destination",
          "goto",
          "go",
          "r",
          "u",
          "forward",
          "successurl",
          "cancelurl",
          "failureurl",
          "errorurl",
          "back",
          "backurl",
          "out",
          "exit",
          "jump",
          "checkouturl",
          "logouturl",
          "loginurl");

  /** Parts of a longer name that make it a navigation target ({@code redirect_after_login}). */
  private static final String[] TARGET_PARTS = {
    "redirect", "redir", "return", "callback", "continue", "goto"
  };

  /**
   * Names that may legitimately hold another site's URL: resource links, and the identity
   * protocols' targets (OAuth {@code redirect_uri}, OIDC {@code post_logout_redirect_uri}, SAML
   * {@code RelayState}, CAS {@code service}), which name the client application's site by design.
   * Only a malformed or disguised target counts in them.
   */
  private static final Set<String> LINK_NAMES =
      Set.of("url", "uri", "link", "to", "target", "service", "relaystate", "href", "r", "u");

  /** What a parameter name says about its value. */
  enum Role {
    NONE,
    TARGET,
    LINK
  }

  /** Path segments after which the rest of the path is a redirect target. */
  private static final Set<String> PATH_NAMES =
      Set.of("redirect", "redir", "r", "out", "go", "goto", "away", "link", "exit", "external");

  /** The length of the longest of {@link #PATH_NAMES}. */
  private static final int MAX_PATH_NAME =
      PATH_NAMES.stream().mapToInt(String::length).max().orElse(0);

  private static final Set<Placement> PARAMETERS =
      Set.of(
          Placement.QUERY,
          Placement.FORM,
          Placement.JSON,
          Placement.MULTIPART,
          Placement.COOKIE,
          Placement.HEADER);

  /** Nothing is judged per value: the gate never opens. */
  private static final Gate GATE = Gate.anyOf();

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
    // needs the request's host: see inspectRequest
  }

  @Override
  public void inspectRequest(Inspection request, RequestHits hits) {
    String host = null; // normalised on first use: most requests have no redirect target
    for (Inspected v : request.inputs().values()) {
      Placement p = v.placement();
      if (p == Placement.PATH) {
        if (host == null) {
          host = Sites.normalise(request.view().host());
        }
        path(v, host, hits);
      } else if (PARAMETERS.contains(p) && candidateName(p, v.name()) && maybeUrl(v.decoded())) {
        Role role = role(v.name());
        if (role == Role.TARGET && host == null) {
          host = Sites.normalise(request.view().host());
        }
        if (role != Role.NONE) {
          target(v, role == Role.LINK ? "" : host, hits);
        }
      }
    }
  }

  private static void target(Inspected v, String host, RequestHits hits) {
    String t = browserForm(v.decoded());
    if (t.isEmpty()) {
      return;
    }
    String lower = t.toLowerCase(Locale.ROOT);
    if (lower.startsWith("javascript:")
        || lower.startsWith("vbscript:")
        || lower.startsWith("data:text/html")) {
      hits.hit(SCRIPT_URL, v, Detector.snippet(t, 0));
    } else if (offSite(lower, host)) {
      hits.hit(OFF_SITE, v, Detector.snippet(t, 0));
    }
  }

  private static void path(Inspected v, String host, RequestHits hits) {
    String path = v.decoded();
    int start = 1;
    while (start < path.length()) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        return;
      }
      // lower-casing never shortens a segment, so a longer one cannot be a redirect name
      String segment =
          end - start > MAX_PATH_NAME ? "" : path.substring(start, end).toLowerCase(Locale.ROOT);
      if (PATH_NAMES.contains(segment)) {
        String after = path.substring(end + 1);
        if (after.startsWith("/") || after.startsWith("\\")) {
          after = path.substring(end); // '/out//host': the separator is part of the target
        }
        String rest = browserForm(after).toLowerCase(Locale.ROOT);
        boolean url = rest.startsWith("/") || rest.startsWith("\\") || rest.startsWith("http");
        if (url && offSite(rest, host)) {
          hits.hit(PATH_REDIRECT, v, Detector.snippet(path, start));
          return;
        }
      }
      start = end + 1;
    }
  }

  /**
   * Whether a lower-case target leaves the site of {@code host}: {@code //x}, {@code \/x}, {@code
   * /\x} and {@code http(s):x} name a host; anything else is relative. With an empty {@code host}
   * (unknown, or a parameter that may link elsewhere) only a disguised target counts: one with
   * backslashes, a scheme without its two slashes, user info before the host, an IP address or
   * unusual dots as the host.
   */
  static boolean offSite(String t, String host) {
    int i;
    boolean trick;
    if (t.length() > 1 && slash(t.charAt(0)) && slash(t.charAt(1))) {
      i = skipSlashes(t, 0);
      trick = true;
    } else if (t.startsWith("http:") || t.startsWith("https:")) {
      int colon = t.indexOf(':');
      i = skipSlashes(t, colon + 1);
      trick =
          i != colon + 3
              || t.charAt(colon + 1) != '/'
              || t.charAt(colon + 2) != '/'
              || t.indexOf('\\') >= 0;
    } else {
      return false;
    }
    String target = Sites.hostAt(t, i);
    if (target.isEmpty()) {
      return false;
    }
    if (host.isEmpty()) {
      return trick || disguised(t, i, target);
    }
    return !target.equals(host) && !Sites.sameSite(target, host);
  }

  /** User info before the host, an address as the host, or dots other than '.' in it. */
  private static boolean disguised(String t, int authority, String host) {
    int end = authority;
    while (end < t.length() && "/\\?#".indexOf(t.charAt(end)) < 0) {
      end++;
    }
    String raw = t.substring(authority, end);
    return raw.indexOf('@') >= 0
        || raw.indexOf('\u3002') >= 0
        || raw.indexOf('\uff0e') >= 0
        || raw.indexOf('\uff61') >= 0
        || Chars.isAsciiDigit(host.charAt(host.length() - 1));
  }

  /** The value as a browser reads a URL: tabs and line breaks dropped, leading blanks trimmed. */
  static String browserForm(String value) {
    StringBuilder out = new StringBuilder(Math.min(value.length(), 2048));
    for (int i = 0; i < value.length() && out.length() < 2048; i++) {
      char c = value.charAt(i);
      if (c == '\t' || c == '\n' || c == '\r' || (out.isEmpty() && c <= ' ')) {
        continue;
      }
      out.append(c);
    }
    return out.toString();
  }

  static Role role(String name) {
    int dot = name.lastIndexOf('.');
    String last = dot >= 0 ? name.substring(dot + 1) : name;
    StringBuilder n = new StringBuilder(last.length());
    for (int i = 0; i < last.length(); i++) {
      char c = last.charAt(i);
      if (c != '_' && c != '-' && c != '[' && c != ']') {
        n.append(Character.toLowerCase(c));
      }
    }
    String key = n.toString();
    if (LINK_NAMES.contains(key) || key.endsWith("uri") && key.length() > 3) {
      return Role.LINK;
    }
    if (TARGET_NAMES.contains(key)) {
      return Role.TARGET;
    }
    for (String part : TARGET_PARTS) {
      if (key.contains(part)) {
        return Role.TARGET;
      }
    }
    return Role.NONE;
  }

  /** Longest parameter name looked at; redirect parameters have short names. */
  private static final int MAX_NAME = 48;

  /**
   * Cheap gate on the name: short, and for headers only the non-standard ones ({@code
   * X-Return-Url}), since no standard request header carries a redirect target.
   */
  private static boolean candidateName(Placement p, String name) {
    if (name.length() > MAX_NAME) {
      return false;
    }
    return p != Placement.HEADER || name.startsWith("x-");
  }

  /**
   * Cheap gate before the name is looked at: a target that can leave the site has a colon (a
   * scheme) or starts, after blanks, with a slash or backslash.
   */
  private static boolean maybeUrl(String v) {
    if (v.indexOf(':') >= 0) {
      return true;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c > ' ') {
        return slash(c);
      }
    }
    return false;
  }

  private static boolean slash(char c) {
    return c == '/' || c == '\\';
  }

  private static int skipSlashes(String s, int from) {
    int i = from;
    while (i < s.length() && slash(s.charAt(i))) {
      i++;
    }
    return i;
  }
}

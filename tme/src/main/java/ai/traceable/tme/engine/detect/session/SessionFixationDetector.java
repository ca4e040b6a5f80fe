package ai.traceable.tme.engine.detect.session;

import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.Chars;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.Gate;
import ai.traceable.tme.engine.detect.Hits;
import ai.traceable.tme.engine.detect.RequestDetector;
import ai.traceable.tme.engine.detect.RuleTable;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.detect.redirect.Sites;
import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Inspection;
import ai.traceable.tme.engine.inspect.Placement;
import ai.traceable.tme.engine.inspect.RequestView;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Session fixation: the attacker picks a session id and makes the victim's browser use it (a link
 * with {@code ?PHPSESSID=...} or {@code ;jsessionid=...}, a form posted from another site, a {@code
 * <meta http-equiv="Set-Cookie">} or {@code document.cookie=} planted in a page), then rides the
 * session once the victim logs in.
 *
 * <p>Session ids of the common frameworks in the query string or as path parameters are reported
 * wherever they come from: applications that still accept them there are the ones fixation works
 * on. In a form or JSON body, a header or a cookie they are normal (API clients send them without a
 * referer), so they count only when the request comes from another site's page (its {@code Referer}
 * names another site); a session cookie counts on a login path reached from another site, or when
 * it is sent twice. Values that plant a cookie are judged alone.
 */
public final class SessionFixationDetector implements RequestDetector {
  private static final RuleTable.Builder RULES = RuleTable.builder(AttackClass.SESSION_FIXATION);
  static final DetectionRule QUERY_ID =
      RULES.add(
          "session-fixation-100",
          Severity.CRITICAL,
          1,
          "Session id of a common framework in the query string or as a path parameter");
  static final DetectionRule CROSS_SITE_ID =
      RULES.add(
          "session-fixation-110",
          Severity.CRITICAL,
          1,
          "Session id in a body field, header or login cookie of a request from another site");
  static final DetectionRule PLANTED_COOKIE =
      RULES.add(
          "session-fixation-120",
          Severity.CRITICAL,
          1,
          "Value that sets a cookie (<meta http-equiv=Set-Cookie>, document.cookie=...)");
  static final RuleTable TABLE = RULES.build();

  /** Session id names (lower case) that nothing but a session id uses. */
  private static final Set<String> SESSION_NAMES =
      Set.of(
          "phpsessid",
          "jsessionid",
          "asp.net_sessionid",
          "cfid",
          "cftoken",
          "connect.sid",
          "laravel_session",
          "sessid",
          "sid",
          "sessionid",
          "session_id",
          "_session_id",
          "ci_session",
          "symfony",
          "_rails_session",
          "rack.session",
          "sessionkey",
          "session_key",
          "session-id",
          "x-session-id",
          "x-session-token",
          "session-token",
          "sessiontoken");

  /** Names that are a session id only when the value looks like one (long, random). */
  private static final Set<String> WEAK_NAMES = Set.of("session", "sess", "token_session");

  /** Longest name looked at (JSON paths included); session id names are short. */
  private static final int MAX_NAME = 64;

  private static final Set<Placement> BODY =
      Set.of(Placement.FORM, Placement.JSON, Placement.MULTIPART);

  private static final String[] LOGIN_PATHS = {
    "login", "signin", "sign-in", "logon", "auth", "sso", "session"
  };

  /** Values alone only plant cookies; ids are judged per request. */
  private static final Gate GATE = Gate.anyOf("http-equiv", "document.cookie");

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
    String lower = value.lower();
    int at = plantedCookie(lower);
    if (at >= 0) {
      hits.hit(PLANTED_COOKIE, Detector.snippet(value.decoded(), at));
    }
  }

  @Override
  public void inspectRequest(Inspection request, RequestHits hits) {
    RequestView view = request.view();
    CrossSite crossSite = new CrossSite(view);
    Set<String> cookies = null;
    for (Inspected v : request.inputs().values()) {
      Placement p = v.placement();
      if (p == Placement.PATH) {
        // no ';' in the decoded path, none in its lower-case form: skip lower-casing it
        int param = v.decoded().indexOf(';') < 0 ? -1 : pathParameter(v.lower());
        if (param >= 0) {
          hits.hit(QUERY_ID, v, Detector.snippet(v.decoded(), param));
        }
        continue;
      }
      boolean bodyOrHeader = BODY.contains(p) || p == Placement.HEADER;
      if (p != Placement.QUERY && p != Placement.COOKIE && !bodyOrHeader || !sessionId(v)) {
        continue;
      }
      // where the request came from is read only once a session id needs it
      if (bodyOrHeader && !crossSite.get()) {
        continue;
      }
      if (p == Placement.QUERY) {
        hits.hit(QUERY_ID, v, Detector.snippet(v.name() + "=" + v.decoded(), 0));
      } else if (bodyOrHeader) {
        hits.hit(CROSS_SITE_ID, v, Detector.snippet(v.name() + "=" + v.decoded(), 0));
      } else {
        cookies = cookies == null ? new HashSet<>(4) : cookies;
        boolean twice = !cookies.add(v.name().toLowerCase(Locale.ROOT));
        if (twice || loginPath(view.pathOnly()) && crossSite.get()) {
          hits.hit(CROSS_SITE_ID, v, Detector.snippet(v.name() + "=" + v.decoded(), 0));
        }
      }
    }
    String referer = refererWithId(view);
    if (referer != null && crossSite.get()) {
      Inspected where = new Inspected(Placement.HEADER, "referer", referer, referer);
      hits.hit(CROSS_SITE_ID, where, Detector.snippet(referer, referer.indexOf('?')));
    }
  }

  /** Whether the request comes from another site's page; worked out on the first question. */
  private static final class CrossSite {
    private final RequestView view;
    private int known = -1;

    CrossSite(RequestView view) {
      this.view = view;
    }

    boolean get() {
      if (known < 0) {
        String referer = referer(view);
        String host = Sites.normalise(view.host());
        known = !referer.isEmpty() && !Sites.sameSite(referer, host) ? 1 : 0;
      }
      return known == 1;
    }
  }

  /**
   * The Referer in lower case when its query names a session id (the off-site page that linked here
   * carried one), else null.
   */
  private static String refererWithId(RequestView view) {
    List<String> values = view.header("referer");
    String r = values.isEmpty() ? "" : values.get(0).toLowerCase(Locale.ROOT);
    int q = r.indexOf('?');
    if (q < 0) {
      return null;
    }
    int start = q + 1;
    while (start <= r.length()) {
      int end = start;
      while (end < r.length() && r.charAt(end) != '&' && r.charAt(end) != ';') {
        end++;
      }
      int eq = r.indexOf('=', start);
      if (eq > start && eq < end && SESSION_NAMES.contains(r.substring(start, eq))) {
        return r;
      }
      start = end + 1;
    }
    return null;
  }

  /** Whether a value is a session id by its name (and, for weak names, its shape). */
  static boolean sessionId(Inspected v) {
    if (v.name().length() > MAX_NAME) {
      return false;
    }
    String name = v.name().toLowerCase(Locale.ROOT);
    int dot = v.placement() == Placement.JSON ? name.lastIndexOf('.') : -1;
    String key = dot >= 0 ? name.substring(dot + 1) : name;
    String value = v.decoded().strip();
    if (value.length() < 4) {
      return false;
    }
    if (SESSION_NAMES.contains(key)
        || key.startsWith("aspsessionid")
        || key.startsWith("wordpress_logged_in")) {
      return true;
    }
    return WEAK_NAMES.contains(key) && tokenLike(value);
  }

  /** At least 16 characters of letters, digits and token punctuation, with digits in them. */
  private static boolean tokenLike(String v) {
    if (v.length() < 16) {
      return false;
    }
    boolean digit = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      digit |= Chars.isAsciiDigit(c);
      if (!Chars.isAsciiAlnum(c) && "-_.%:".indexOf(c) < 0) {
        return false;
      }
    }
    return digit;
  }

  /** {@code ;jsessionid=} and its kind in the path. */
  private static int pathParameter(String lowerPath) {
    for (int at = lowerPath.indexOf(';'); at >= 0; at = lowerPath.indexOf(';', at + 1)) {
      int eq = lowerPath.indexOf('=', at);
      if (eq > at + 1 && eq - at <= 32 && SESSION_NAMES.contains(lowerPath.substring(at + 1, eq))) {
        return at;
      }
    }
    return -1;
  }

  /** {@code http-equiv="set-cookie"} or an assignment to {@code document.cookie}. */
  static int plantedCookie(String lower) {
    int equiv = lower.indexOf("http-equiv");
    if (equiv >= 0) {
      int i = equiv + "http-equiv".length();
      while (i < lower.length()
          && (lower.charAt(i) <= ' ' || "='\"".indexOf(lower.charAt(i)) >= 0)) {
        i++;
      }
      if (lower.startsWith("set-cookie", i)) {
        return equiv;
      }
    }
    for (int at = lower.indexOf("document.cookie"); at >= 0; ) {
      int i = at + "document.cookie".length();
      while (i < lower.length() && lower.charAt(i) == ' ') {
        i++;
      }
      if (i + 1 < lower.length() && lower.charAt(i) == '=' && lower.charAt(i + 1) != '=') {
        int end = Math.min(lower.length(), i + 200);
        if (lower.substring(i, end).indexOf('=', 1) > 0) {
          return at;
        }
      }
      at = lower.indexOf("document.cookie", i);
    }
    return -1;
  }

  private static boolean loginPath(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    for (String p : LOGIN_PATHS) {
      if (lower.contains(p)) {
        return true;
      }
    }
    return false;
  }

  /** The normalised host of the Referer header, or empty. */
  private static String referer(RequestView view) {
    List<String> values = view.header("referer");
    if (values.isEmpty()) {
      return "";
    }
    String r = values.get(0).strip();
    int scheme = r.indexOf("://");
    return scheme < 0 ? "" : Sites.hostAt(r, scheme + 3);
  }
}

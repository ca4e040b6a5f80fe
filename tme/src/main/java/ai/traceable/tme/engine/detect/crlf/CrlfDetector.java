package ai.traceable.tme.engine.detect.crlf;

import ai.traceable.tme.engine.decode.Decoding;
import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.FoundRules;
import ai.traceable.tme.engine.detect.Hits;
import ai.traceable.tme.engine.detect.RuleTable;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.Locale;
import java.util.Set;

/**
 * CRLF injection: header injection, response splitting and mail header injection.
 *
 * <p>An application that copies a value into a response header ({@code Location}, {@code
 * Set-Cookie}, a download file name) or into a mail header lets a line break in the value start a
 * header of the attacker's choosing, or end the headers and start a body. The detector looks at
 * what follows each CR or LF of the decoded value:
 *
 * <ul>
 *   <li>In the URL, headers, cookies and parameter names, where a line break never belongs, any
 *       header line ({@code token:}), an HTTP status line, or a blank line followed by HTML is
 *       critical, except that in a query value (which may come from a multi-line GET form) a {@code
 *       token:} line that is neither a known HTTP or mail header nor an {@code X-} header is only
 *       an error.
 *   <li>In bodies, multi-line text is normal ({@code Address: ...\nCity: ...}). A response header
 *       whose value has the expected shape ({@code Location: http...}, {@code Set-Cookie: a=b},
 *       {@code Content-Type: x/y}) or a status line is an error. It is critical when it follows the
 *       first line break of a field whose first line is a single token (a path, URL, file name,
 *       e-mail address, identifier): such fields are meant to be one line, and that is where header
 *       and mail ({@code Bcc:}) injection happen.
 *   <li>Characters whose low byte is CR or LF ({@code 嘍}, {@code 嘊}, {@code č}, {@code Ċ}), which
 *       some servers truncate to the control character, followed by a header name are critical in
 *       the URL, headers and cookies.
 * </ul>
 *
 * <p>When the decoded form of a path or query value shows no line break but the raw form holds an
 * encoded one ({@code %0d%0a}, {@code %250a}, {@code %u000a}), the raw form is decoded again here
 * and inspected. Values without a line break (the vast majority) cost one pass.
 */
public final class CrlfDetector implements Detector {
  private static final RuleTable.Builder RULES = RuleTable.builder(AttackClass.CRLF);
  static final DetectionRule HEADER_LINE =
      RULES.add(
          "crlf-100",
          Severity.CRITICAL,
          1,
          "Line break followed by a header line in the URL, a header, a cookie or a name");
  static final DetectionRule STATUS_LINE =
      RULES.add(
          "crlf-101",
          Severity.CRITICAL,
          1,
          "Line break followed by an HTTP status line (response splitting)");
  static final DetectionRule BODY_INJECTION =
      RULES.add(
          "crlf-102",
          Severity.CRITICAL,
          1,
          "Blank line followed by HTML or script (response body injection)");
  static final DetectionRule SINGLE_LINE_FIELD =
      RULES.add(
          "crlf-103",
          Severity.CRITICAL,
          1,
          "Header, status or mail header line injected after the first line of a one-line"
              + " body field");
  static final DetectionRule UNICODE_BREAK =
      RULES.add(
          "crlf-104",
          Severity.CRITICAL,
          1,
          "Character with a CR/LF low byte (U+560A, U+010D, ...) before a header name");
  static final DetectionRule QUERY_TEXT_HEADER =
      RULES.add(
          "crlf-105",
          Severity.ERROR,
          1,
          "Unknown header-like line after a line break in a query value");
  static final DetectionRule BODY_HEADER =
      RULES.add(
          "crlf-120",
          Severity.ERROR,
          1,
          "Response header line (Set-Cookie, Location, Content-Type, ...) in multi-line body text");
  static final DetectionRule BODY_STATUS =
      RULES.add("crlf-121", Severity.ERROR, 1, "HTTP status line in multi-line body text");
  static final DetectionRule URL_BREAK =
      RULES.add(
          "crlf-130", Severity.CRITICAL, 2, "Line break in the path, a header, a cookie or a name");
  static final DetectionRule BODY_TOKEN_LINE =
      RULES.add("crlf-131", Severity.ERROR, 3, "Line break followed by 'token:' in body text");
  static final RuleTable TABLE = RULES.build();

  /** Header names an injected line would set (request, response and proxy headers). */
  private static final Set<String> HTTP_HEADERS =
      Set.of(
          "set-cookie",
          "set-cookie2",
          "cookie",
          "location",
          "content-type",
          "content-length",
          "content-disposition",
          "content-encoding",
          "content-language",
          "content-location",
          "content-security-policy",
          "content-transfer-encoding",
          "transfer-encoding",
          "refresh",
          "host",
          "authorization",
          "proxy-authorization",
          "cache-control",
          "pragma",
          "expires",
          "last-modified",
          "etag",
          "connection",
          "upgrade",
          "server",
          "vary",
          "user-agent",
          "referer",
          "origin",
          "www-authenticate",
          "strict-transport-security",
          "keep-alive",
          "link",
          "forwarded",
          "mime-version",
          "p3p");

  /** The subset whose appearance in body text is reported (with a value of the right shape). */
  private static final Set<String> RESPONSE_HEADERS =
      Set.of(
          "set-cookie",
          "location",
          "content-type",
          "content-length",
          "content-disposition",
          "refresh",
          "transfer-encoding");

  /** Mail headers: injected into one-line fields that end up in an e-mail. */
  private static final Set<String> MAIL_HEADERS =
      Set.of("bcc", "cc", "to", "from", "reply-to", "sender", "return-path", "subject");

  private static final int MAX_NAME = 64;

  @Override
  public RuleTable table() {
    return TABLE;
  }

  @Override
  public void inspect(Inspected value, Hits hits) {
    inspectCounting(value, hits);
  }

  @Override
  public long inspectCounting(Inspected value, Hits hits) {
    Placement placement = value.placement();
    boolean urlLike = urlLike(placement);
    String s = value.decoded();
    long work = s.length();
    int first = firstBreak(s, urlLike);
    if (first < 0 && (placement == Placement.PATH || placement == Placement.QUERY)) {
      String raw = value.raw();
      work += raw.length();
      if (encodedBreak(raw)) {
        s = Decoding.decode(raw, placement == Placement.QUERY);
        work += s.length();
        first = firstBreak(s, true);
      }
    }
    if (first < 0) {
      return work;
    }
    Scan scan = new Scan(s, placement, urlLike);
    scan.run(first);
    // in bodies, report only the strongest p1 finding so that one value adds one score
    scan.found.reportOneAtParanoiaOne(hits);
    return work + scan.work;
  }

  static boolean urlLike(Placement p) {
    return switch (p) {
      case PATH, PATH_SEGMENT, QUERY, HEADER, COOKIE -> true;
      default -> p.isName();
    };
  }

  /** The first CR or LF (or, in URL-like places, a character with a CR/LF low byte), or -1. */
  static int firstBreak(String s, boolean unicodeToo) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r' || (unicodeToo && smuggled(c))) {
        return i;
      }
    }
    return -1;
  }

  /** A non-ASCII character whose low byte is CR or LF. */
  static boolean smuggled(char c) {
    return c > 0xff && ((c & 0xff) == 0x0a || (c & 0xff) == 0x0d);
  }

  /** {@code %0a}, {@code %0d}, {@code %250a}, {@code %u000a} (any case). */
  static boolean encodedBreak(String raw) {
    int i = raw.indexOf('%');
    while (i >= 0 && i + 2 < raw.length()) {
      int j = i + 1;
      if (raw.startsWith("25", j)) {
        j += 2;
      } else if (raw.charAt(j) == 'u' || raw.charAt(j) == 'U') {
        j += 3;
        if (!raw.startsWith("00", j - 2)) {
          i = raw.indexOf('%', i + 1);
          continue;
        }
      }
      if (j + 1 < raw.length() && raw.charAt(j) == '0') {
        char d = raw.charAt(j + 1);
        if (d == 'a' || d == 'A' || d == 'd' || d == 'D') {
          return true;
        }
      }
      i = raw.indexOf('%', i + 1);
    }
    return false;
  }

  /** The state of one inspection. */
  private static final class Scan {
    final String s;
    final int n;
    final Placement placement;
    final boolean urlLike;
    final FoundRules found = new FoundRules(TABLE);
    long work;

    /** Whether the text before the first break is one token (no blank), as one-line fields are. */
    boolean singleTokenFirstLine;

    Scan(String s, Placement placement, boolean urlLike) {
      this.s = s;
      this.n = s.length();
      this.placement = placement;
      this.urlLike = urlLike;
    }

    void record(DetectionRule rule, int at) {
      found.record(rule, s, at);
    }

    void run(int first) {
      singleTokenFirstLine = true;
      for (int i = 0; i < first; i++) {
        if (Character.isWhitespace(s.charAt(i))) {
          singleTokenFirstLine = false;
          break;
        }
      }
      work += first;
      boolean firstBreak = true;
      int i = first;
      boolean any = false;
      while (i < n && !found.critical()) {
        work++;
        char c = s.charAt(i);
        boolean plain = c == '\n' || c == '\r';
        if (!plain && !(urlLike && smuggled(c))) {
          i++;
          continue;
        }
        any |= plain;
        int breaks = 0;
        int j = i;
        while (j < n
            && (s.charAt(j) == '\n' || s.charAt(j) == '\r' || (urlLike && smuggled(s.charAt(j))))) {
          if (s.charAt(j) == '\n'
              || (s.charAt(j) == '\r' && (j + 1 >= n || s.charAt(j + 1) != '\n'))) {
            breaks++;
          } else if (smuggled(s.charAt(j)) && (s.charAt(j) & 0xff) == 0x0a) {
            breaks++;
          }
          j++;
        }
        boolean viaUnicode = !plain || smuggledIn(i, j);
        line(i, j, breaks >= 2, firstBreak, viaUnicode);
        firstBreak = false;
        i = j;
      }
      if (any && !found.critical() && urlLike && placement != Placement.QUERY) {
        record(URL_BREAK, first);
      }
    }

    private boolean smuggledIn(int from, int to) {
      for (int k = from; k < to; k++) {
        if (smuggled(s.charAt(k))) {
          return true;
        }
      }
      return false;
    }

    /** Judges the line that starts at {@code at}, after the break run {@code [breakAt, at)}. */
    private void line(int breakAt, int at, boolean blankLine, boolean firstBreak, boolean unicode) {
      if (blankLine && bodyAfterBlankLine(breakAt, at, firstBreak)) {
        return;
      }
      if (statusLine(at)) {
        if (urlLike) {
          record(unicode ? UNICODE_BREAK : STATUS_LINE, breakAt);
        } else if (firstBreak && singleTokenFirstLine) {
          record(SINGLE_LINE_FIELD, breakAt);
        } else {
          record(BODY_STATUS, at);
        }
        return;
      }
      int nameAt = at;
      if (urlLike) {
        // servers that fold or trim accept " Set-Cookie:" too
        while (nameAt < n
            && nameAt - at < 8
            && (s.charAt(nameAt) == ' ' || s.charAt(nameAt) == '\t')) {
          nameAt++;
        }
      }
      int colon = headerName(nameAt);
      if (colon >= 0) {
        String name = s.substring(nameAt, colon).toLowerCase(Locale.ROOT);
        header(breakAt, at, name, colon, firstBreak, unicode);
      }
    }

    /** Whether HTML follows the blank line at {@code at}, judged as a body; false otherwise. */
    private boolean bodyAfterBlankLine(int breakAt, int at, boolean firstBreak) {
      int k = at;
      while (k < n && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) {
        k++;
      }
      if (!html(k)) {
        return false;
      }
      if (urlLike) {
        record(BODY_INJECTION, breakAt);
      } else if (firstBreak && singleTokenFirstLine && script(k)) {
        record(SINGLE_LINE_FIELD, breakAt);
      }
      return true;
    }

    /** Judges the header line at {@code at} named {@code name}, its colon at {@code colon}. */
    private void header(
        int breakAt, int at, String name, int colon, boolean firstBreak, boolean unicode) {
      boolean known = HTTP_HEADERS.contains(name) || name.startsWith("access-control-");
      boolean custom = name.startsWith("x-") && name.length() > 2;
      boolean mail = MAIL_HEADERS.contains(name) && mailValue(name, colon);
      if (unicode) {
        if (known || custom) {
          record(UNICODE_BREAK, breakAt);
        }
        return;
      }
      if (urlLike) {
        if (known || custom || mail || placement != Placement.QUERY) {
          record(HEADER_LINE, breakAt);
        } else {
          record(QUERY_TEXT_HEADER, at);
        }
        return;
      }
      if ((known || custom || mail)
          && firstBreak
          && singleTokenFirstLine
          && plausible(name, colon)) {
        record(SINGLE_LINE_FIELD, breakAt);
        return;
      }
      boolean response = RESPONSE_HEADERS.contains(name) || name.startsWith("access-control-");
      if (response && plausible(name, colon)) {
        record(BODY_HEADER, at);
        return;
      }
      record(BODY_TOKEN_LINE, at);
    }

    /** The position of the colon when a header name starts at {@code at}, or -1. */
    private int headerName(int at) {
      int k = at;
      if (k >= n || !Character.isLetter(s.charAt(k)) || s.charAt(k) > 0x7f) {
        return -1;
      }
      while (k < n && k - at <= MAX_NAME && tokenChar(s.charAt(k))) {
        k++;
      }
      work += k - at;
      return k < n && k > at && s.charAt(k) == ':' ? k : -1;
    }

    private static boolean tokenChar(char c) {
      return (c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** {@code HTTP/1.1 200}, {@code HTTP/2 302}. */
    private boolean statusLine(int at) {
      if (!s.regionMatches(true, at, "http/", 0, 5)) {
        return false;
      }
      int k = at + 5;
      while (k < n && k - at < 12 && (Character.isDigit(s.charAt(k)) || s.charAt(k) == '.')) {
        k++;
      }
      if (k >= n || s.charAt(k) != ' ') {
        return false;
      }
      k++;
      int digits = 0;
      while (k < n && digits < 3 && Character.isDigit(s.charAt(k))) {
        k++;
        digits++;
      }
      return digits == 3;
    }

    private boolean html(int at) {
      return at + 1 < n
          && s.charAt(at) == '<'
          && (Character.isLetter(s.charAt(at + 1)) || s.charAt(at + 1) == '!');
    }

    private boolean script(int at) {
      return s.regionMatches(true, at, "<script", 0, 7)
          || s.regionMatches(true, at, "<html", 0, 5)
          || s.regionMatches(true, at, "<body", 0, 5)
          || s.regionMatches(true, at, "<svg", 0, 4)
          || s.regionMatches(true, at, "<iframe", 0, 7)
          || s.regionMatches(true, at, "<img", 0, 4)
          || s.regionMatches(true, at, "<!doctype", 0, 9);
    }

    /** The header value after the colon, trimmed and cut to a sane length. */
    private String valueAfter(int colon) {
      int k = colon + 1;
      while (k < n && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) {
        k++;
      }
      int e = k;
      while (e < n && e - k < 256 && s.charAt(e) != '\n' && s.charAt(e) != '\r') {
        e++;
      }
      work += e - colon;
      return s.substring(k, e).toLowerCase(Locale.ROOT);
    }

    /** Mail address headers need an address; a subject needs some text. */
    private boolean mailValue(String name, int colon) {
      String v = valueAfter(colon);
      return name.equals("subject") ? !v.isBlank() : v.indexOf('@') > 0;
    }

    /**
     * Whether the value after a header name has the shape that header takes, for names that are
     * also ordinary words in text ({@code Location: Berlin} is not a redirect).
     */
    private boolean plausible(String name, int colon) {
      String v = valueAfter(colon);
      return switch (name) {
        case "location", "content-location", "origin", "referer" ->
            v.startsWith("/")
                || v.startsWith("http:")
                || v.startsWith("https:")
                || v.startsWith("javascript:")
                || v.startsWith("//")
                || v.startsWith("data:");
        case "set-cookie", "set-cookie2", "cookie" -> {
          int eq = v.indexOf('=');
          yield eq > 0 && v.indexOf(' ') < 0 || (eq > 0 && v.indexOf(' ') > eq);
        }
        case "content-type" -> v.indexOf('/') > 0;
        case "content-length", "refresh" -> !v.isEmpty() && Character.isDigit(v.charAt(0));
        case "content-disposition" -> v.startsWith("attachment") || v.startsWith("inline");
        case "transfer-encoding" -> v.startsWith("chunked");
        case "host" -> !v.isEmpty() && v.indexOf(' ') < 0;
        default -> !v.isEmpty();
      };
    }
  }
}

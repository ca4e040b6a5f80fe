package ai.traceable.tme.engine.detect.protocol;

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
import ai.traceable.tme.engine.inspect.RequestView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * HTTP protocol attacks that reach the authorisation check: framing headers that front end and back
 * end may read differently (request smuggling: {@code Content-Length} with {@code
 * Transfer-Encoding}, obfuscated or repeated codings, conflicting lengths), an {@code h2c} upgrade
 * or a {@code Connection} header that strips the proxy's own headers, {@code Range} headers built
 * to exhaust a server (hundreds of overlapping ranges, lengths past 2^63), content types that
 * disagree with themselves or hide the body from inspection (two types, two boundaries, a multipart
 * type without one, charsets such as UTF-7 or EBCDIC that no form uses), framing headers injected
 * into a value after a line break, and repeated parameters with different values (parameter
 * pollution: a weak signal, since forms repeat fields legitimately).
 */
public final class ProtocolDetector implements RequestDetector {
  private static final RuleTable.Builder RULES = RuleTable.builder(AttackClass.PROTOCOL);
  static final DetectionRule FRAMING =
      RULES.add(
          "protocol-100",
          Severity.CRITICAL,
          1,
          "Conflicting message framing: Content-Length with Transfer-Encoding, an obfuscated or"
              + " repeated coding, or conflicting or invalid lengths");
  static final DetectionRule HOP_BY_HOP =
      RULES.add(
          "protocol-110",
          Severity.CRITICAL,
          1,
          "h2c upgrade or Connection header naming end-to-end headers for removal");
  static final DetectionRule RANGE =
      RULES.add(
          "protocol-120",
          Severity.CRITICAL,
          1,
          "Malformed Range: bad syntax, reversed or huge bounds, or more than 16 ranges");
  static final DetectionRule CONTENT_TYPE =
      RULES.add(
          "protocol-130",
          Severity.CRITICAL,
          1,
          "Content-Type confusion: several types or boundaries, multipart without a boundary, or a"
              + " charset no form uses (UTF-7, UTF-16/32, EBCDIC)");
  static final DetectionRule INJECTED_FRAMING =
      RULES.add(
          "protocol-140",
          Severity.CRITICAL,
          1,
          "Transfer-Encoding or Content-Length header line after a line break in a value");
  static final DetectionRule EXPECT =
      RULES.add("protocol-150", Severity.ERROR, 1, "Expect header other than 100-continue");
  static final DetectionRule POLLUTION =
      RULES.add(
          "protocol-160",
          Severity.NOTICE,
          1,
          "Query or form parameter repeated with different values (parameter pollution)");
  static final RuleTable TABLE = RULES.build();

  private static final int MAX_RANGES = 16;

  /** Parameters compared for repetition (pairwise); more are not looked at. */
  private static final int MAX_PARAMETERS = 64;

  private static final Set<String> HOP_BY_HOP_TOKENS =
      Set.of("keep-alive", "close", "upgrade", "te", "trailer", "http2-settings");

  private static final String[] ODD_CHARSETS = {
    "utf-7", "utf7", "utf-16", "utf-32", "ucs-2", "ucs-4", "ibm", "cp037", "cp500", "cp875",
    "cp1026", "ebcdic", "x-mac"
  };

  /** Values alone only carry injected framing headers, after a line break. */
  private static final Gate GATE = Gate.anyOf("\n", "\r");

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
    if (s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return;
    }
    String lower = value.lower();
    for (String header : new String[] {"transfer-encoding:", "content-length:"}) {
      int at = lower.indexOf(header);
      if (at > 0 && Chars.isLineBreak(lower.charAt(at - 1))) {
        hits.hit(INJECTED_FRAMING, Detector.snippet(s, at));
        return;
      }
    }
  }

  @Override
  public void inspectRequest(Inspection request, RequestHits hits) {
    RequestView view = request.view();
    framing(view, hits);
    hopByHop(view, hits);
    for (String name : new String[] {"range", "request-range"}) {
      for (String r : view.header(name)) {
        if (!validRange(r)) {
          hits.hit(RANGE, header(name, r), Detector.snippet(r, 0));
        }
      }
    }
    contentType(view, hits);
    for (String e : view.header("expect")) {
      if (!e.strip().equalsIgnoreCase("100-continue")) {
        hits.hit(EXPECT, header("expect", e), Detector.snippet(e, 0));
      }
    }
    pollution(request, hits);
  }

  private static void framing(RequestView view, RequestHits hits) {
    List<String> te = view.header("transfer-encoding");
    List<String> cl = view.header("content-length");
    if (!te.isEmpty() && !cl.isEmpty()) {
      hits.hit(FRAMING, header("transfer-encoding", te.get(0)), "Content-Length and chunked");
      return;
    }
    if (te.size() > 1 || te.size() == 1 && !te.get(0).equalsIgnoreCase("chunked")) {
      String v = String.join(", ", te);
      hits.hit(FRAMING, header("transfer-encoding", v), Detector.snippet(v, 0));
      return;
    }
    String first = null;
    for (String v : cl) {
      boolean number =
          !v.isEmpty() && v.length() <= 18 && v.chars().allMatch(c -> Chars.isAsciiDigit((char) c));
      if (!number || first != null && !first.equals(v)) {
        hits.hit(FRAMING, header("content-length", v), Detector.snippet(v, 0));
        return;
      }
      first = v;
    }
  }

  private static void hopByHop(RequestView view, RequestHits hits) {
    for (String u : view.header("upgrade")) {
      if (u.toLowerCase(Locale.ROOT).contains("h2c")) {
        hits.hit(HOP_BY_HOP, header("upgrade", u), Detector.snippet(u, 0));
        return;
      }
    }
    if (!view.header("http2-settings").isEmpty()) {
      hits.hit(HOP_BY_HOP, header("http2-settings", ""), "HTTP2-Settings");
      return;
    }
    for (String c : view.header("connection")) {
      for (String token : c.toLowerCase(Locale.ROOT).split(",")) {
        String t = token.strip();
        if (!t.isEmpty() && !HOP_BY_HOP_TOKENS.contains(t)) {
          hits.hit(HOP_BY_HOP, header("connection", c), Detector.snippet(c, 0));
          return;
        }
      }
    }
  }

  /** {@code bytes=a-b, c-, -d}: numbers of at most 18 digits, a <= b, at most 16 ranges. */
  static boolean validRange(String value) {
    String v = value.strip();
    int eq = v.indexOf('=');
    if (eq <= 0) {
      return false;
    }
    String[] ranges = v.substring(eq + 1).split(",", -1);
    if (ranges.length > MAX_RANGES) {
      return false;
    }
    for (String r : ranges) {
      String t = r.strip();
      int dash = t.indexOf('-');
      if (dash < 0 || t.indexOf('-', dash + 1) >= 0) {
        return false;
      }
      String from = t.substring(0, dash);
      String to = t.substring(dash + 1);
      if (from.isEmpty() && to.isEmpty() || !digits(from) || !digits(to)) {
        return false;
      }
      if (!from.isEmpty() && !to.isEmpty() && Long.parseLong(from) > Long.parseLong(to)) {
        return false;
      }
    }
    return true;
  }

  private static boolean digits(String s) {
    return s.length() <= 18 && s.chars().allMatch(c -> Chars.isAsciiDigit((char) c));
  }

  private static void contentType(RequestView view, RequestHits hits) {
    List<String> types = view.header("content-type");
    if (types.isEmpty()) {
      return;
    }
    String v = String.join(",", types);
    String lower = v.toLowerCase(Locale.ROOT);
    boolean several = types.size() > 1 || lower.indexOf(',') >= 0;
    int boundary = lower.indexOf("boundary=");
    boolean twoBoundaries = boundary >= 0 && lower.indexOf("boundary=", boundary + 1) >= 0;
    boolean noBoundary = lower.startsWith("multipart/") && boundary < 0;
    if (several || twoBoundaries || noBoundary || oddCharset(lower)) {
      hits.hit(CONTENT_TYPE, header("content-type", v), Detector.snippet(v, 0));
    }
  }

  private static boolean oddCharset(String lower) {
    int at = lower.indexOf("charset=");
    if (at < 0) {
      return false;
    }
    String charset = lower.substring(at + 8).replace("\"", "").strip();
    for (String odd : ODD_CHARSETS) {
      if (charset.startsWith(odd)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The same query or form parameter twice with different values ({@code role=user&role=admin}).
   */
  private static void pollution(Inspection request, RequestHits hits) {
    List<Inspected> parameters = null;
    for (Inspected v : request.inputs().values()) {
      Placement p = v.placement();
      if (p != Placement.QUERY && p != Placement.FORM || v.name().endsWith("[]")) {
        continue;
      }
      if (parameters == null) {
        parameters = new ArrayList<>(8);
      }
      for (Inspected before : parameters) {
        if (before.placement() == p
            && before.name().equals(v.name())
            && !before.decoded().equals(v.decoded())) {
          hits.hit(POLLUTION, v, Detector.snippet(v.name() + "=" + v.decoded(), 0));
          return;
        }
      }
      if (parameters.size() < MAX_PARAMETERS) {
        parameters.add(v);
      }
    }
  }

  private static Inspected header(String name, String value) {
    return new Inspected(Placement.HEADER, name, value, value);
  }
}

package ai.traceable.tme.engine.inspect;

import ai.traceable.tme.engine.decode.Decoding;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a {@link RequestView} into the values detectors inspect: the path and each of its segments,
 * every query argument (names and values), headers, cookies (names and values) and the body by
 * content type (JSON, form, multipart, XML, GraphQL, text). Immutable and thread-safe.
 *
 * <p>A body that cannot be parsed as its content type says is inspected as text; that is never an
 * error. Binary bodies and parts (images, archives, octet streams) are inspected for the runs of
 * printable text in them ({@link Printable}).
 */
public final class InputExtractor {
  /**
   * Headers whose values are structured by the proxy or the browser and carry no application input;
   * skipping them saves time and false positives. Everything else, including user-agent, referer,
   * x-forwarded-for and custom headers, is inspected.
   */
  private static final Set<String> SKIPPED_HEADERS =
      Set.of(
          ":method",
          ":path",
          ":authority",
          ":scheme",
          "host",
          "cookie",
          "content-length",
          "content-type",
          "accept",
          "accept-encoding",
          "accept-language",
          "connection",
          "cache-control",
          "pragma",
          "if-none-match",
          "if-modified-since",
          "upgrade-insecure-requests",
          "priority",
          "dnt",
          "te",
          "x-request-id",
          "x-envoy-internal",
          "x-envoy-expected-rq-timeout-ms",
          "x-envoy-auth-partial-body",
          "x-forwarded-proto",
          "x-forwarded-port",
          "traceparent",
          "tracestate",
          "x-b3-traceid",
          "x-b3-spanid",
          "x-b3-parentspanid",
          "x-b3-sampled",
          "b3",
          "x-amzn-trace-id",
          "sec-fetch-site",
          "sec-fetch-mode",
          "sec-fetch-dest",
          "sec-fetch-user",
          "sec-ch-ua-mobile",
          "sec-ch-ua-platform",
          "content-encoding",
          "transfer-encoding",
          "range",
          "if-range");

  private final InspectionLimits limits;

  public InputExtractor(InspectionLimits limits) {
    this.limits = limits;
  }

  public InspectionLimits limits() {
    return limits;
  }

  public Inputs extract(RequestView request) {
    Inputs inputs = new Inputs(limits);
    String path = request.pathOnly();
    inputs.add(Placement.PATH, "", path, false, false);
    Segments.add(path, inputs);
    Args.parse(request.rawQuery(), Placement.QUERY_NAME, Placement.QUERY, inputs);
    for (Map.Entry<String, List<String>> h : request.headers().entrySet()) {
      String name = h.getKey();
      if (name.equals("cookie")) {
        for (String v : h.getValue()) {
          Cookies.parse(v, inputs);
        }
        continue;
      }
      if (SKIPPED_HEADERS.contains(name) || name.startsWith("sec-ch-")) {
        // structural headers are skipped, except when they carry a lookup: Log4Shell works in
        // any header that gets logged, request ids included
        for (String v : h.getValue()) {
          if (v.indexOf('$') >= 0 || v.indexOf("%24") >= 0) {
            inputs.add(Placement.HEADER, name, v, false, false);
          }
        }
        continue;
      }
      for (String v : h.getValue()) {
        inputs.add(Placement.HEADER, name, v, false, true);
      }
    }
    Bodies.extract(request, contentType(request), limits, inputs);
    return inputs;
  }

  static String contentType(RequestView request) {
    List<String> values = request.header("content-type");
    return values.isEmpty() ? "" : values.get(0).toLowerCase(Locale.ROOT).strip();
  }

  /** Splits {@code a=1&b=2} into names and values. */
  static final class Args {
    private Args() {}

    static void parse(String raw, Placement names, Placement values, Inputs inputs) {
      if (raw.isEmpty()) {
        return;
      }
      int start = 0;
      while (start <= raw.length() && !inputs.full()) {
        int end = raw.indexOf('&', start);
        if (end < 0) {
          end = raw.length();
        }
        if (end > start) {
          String pair = raw.substring(start, end);
          int eq = pair.indexOf('=');
          String rawName = eq < 0 ? pair : pair.substring(0, eq);
          String rawValue = eq < 0 ? "" : pair.substring(eq + 1);
          inputs.addName(names, "", rawName, true);
          inputs.add(values, shortName(Decoding.decode(rawName, true)), rawValue, true, true);
        }
        start = end + 1;
      }
    }
  }

  /** Splits a Cookie header into values. */
  static final class Cookies {
    private Cookies() {}

    static void parse(String header, Inputs inputs) {
      for (String part : header.split(";")) {
        if (inputs.full()) {
          return;
        }
        int eq = part.indexOf('=');
        String name = (eq < 0 ? part : part.substring(0, eq)).strip();
        String value = eq < 0 ? "" : part.substring(eq + 1).strip();
        inputs.addName(Placement.COOKIE_NAME, "", name, false);
        inputs.add(Placement.COOKIE, shortName(name), value, false, true);
      }
    }
  }

  /**
   * Each segment of the path as a value. A segment made only of {@code [A-Za-z0-9_.-]} is already
   * seen whole in the path, so it is only tried as base64; any other segment is a value of its own.
   */
  static final class Segments {
    private Segments() {}

    static void add(String path, Inputs inputs) {
      int start = 0;
      int n = path.length();
      while (start < n && !inputs.full()) {
        int end = path.indexOf('/', start);
        if (end < 0) {
          end = n;
        }
        if (end > start) {
          String segment = path.substring(start, end);
          if (isPlainName(segment)) {
            inputs.addBase64Only(Placement.PATH_SEGMENT, "", segment);
          } else {
            inputs.add(Placement.PATH_SEGMENT, "", segment, false, true);
          }
        }
        start = end + 1;
      }
    }
  }

  /** Whether a name is made only of letters, digits and {@code _-.[]}. */
  static boolean isPlainName(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c >= 'a' && c <= 'z'
          || c >= 'A' && c <= 'Z'
          || c >= '0' && c <= '9'
          || c == '_'
          || c == '-'
          || c == '.'
          || c == '['
          || c == ']')) {
        return false;
      }
    }
    return true;
  }

  /** A name as used in findings: at most 64 characters. */
  static String shortName(String name) {
    return name.length() <= 64 ? name : name.substring(0, 64);
  }
}

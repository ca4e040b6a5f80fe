package ai.traceable.tme.engine.detect.rfi;

import ai.traceable.tme.engine.detect.Chars;
import java.util.Locale;

/**
 * The parts of a URL in a value that inclusion attacks play with: host, last path segment's
 * extension, and what follows the path.
 *
 * @param host lower-case host without user info, port or brackets
 * @param ipLiteral whether the host is an IPv4 address (dotted, hexadecimal or decimal) or IPv6
 * @param hasFile whether the path ends in a segment with an extension
 * @param extension that extension in lower case, or empty
 * @param hasQuery whether a query with content follows the path
 * @param cut whether the URL ends in an empty query or fragment, or a query that only appends
 *     another extension ({@code x.jpg?.php})
 * @param end where the URL ends in the value
 */
record Url(
    String host,
    boolean ipLiteral,
    boolean hasFile,
    String extension,
    boolean hasQuery,
    boolean cut,
    int end) {

  private static final String AUTHORITY_END = "/?#\\ \t\r\n\"'<>,;|";

  /** Reads the URL starting at {@code start} whose authority starts at {@code authority}. */
  static Url read(String s, int start, int authority) {
    int hostEnd = authority;
    while (hostEnd < s.length() && AUTHORITY_END.indexOf(s.charAt(hostEnd)) < 0) {
      hostEnd++;
    }
    String host = hostOf(s.substring(authority, hostEnd).toLowerCase(Locale.ROOT));
    int pathEnd = hostEnd;
    while (pathEnd < s.length() && "?# \t\r\n\"'<>,;|".indexOf(s.charAt(pathEnd)) < 0) {
      pathEnd++;
    }
    int slash = s.lastIndexOf('/', pathEnd - 1);
    String last = slash >= hostEnd ? s.substring(slash + 1, pathEnd) : "";
    int dot = last.lastIndexOf('.');
    String ext = dot > 0 ? last.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    int end = pathEnd;
    while (end < s.length() && " \t\r\n\"'<>,;|".indexOf(s.charAt(end)) < 0) {
      end++;
    }
    String tail = s.substring(pathEnd, end);
    boolean cut =
        !tail.isEmpty()
            && (tail.chars().allMatch(c -> c == '?' || c == '#')
                || tail.startsWith("?.") && tail.indexOf('=') < 0 && tail.length() <= 8);
    boolean query = tail.length() > 1 && !cut;
    return new Url(host, ipLiteral(host), !ext.isEmpty(), ext, query, cut, end);
  }

  private static String hostOf(String authority) {
    String a = authority;
    int at = a.lastIndexOf('@');
    if (at >= 0) {
      a = a.substring(at + 1);
    }
    if (a.startsWith("[")) {
      int close = a.indexOf(']');
      return close < 0 ? a.substring(1) : a.substring(1, close);
    }
    int colon = a.indexOf(':');
    return colon >= 0 ? a.substring(0, colon) : a;
  }

  private static boolean ipLiteral(String host) {
    if (host.isEmpty()) {
      return false;
    }
    if (host.indexOf(':') >= 0) {
      return true;
    }
    if (host.startsWith("0x") && host.length() > 2) {
      for (int i = 2; i < host.length(); i++) {
        if (Chars.hexValue(host.charAt(i)) < 0) {
          return false;
        }
      }
      return true;
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (!Chars.isAsciiDigit(c) && c != '.') {
        return false;
      }
    }
    return true;
  }
}

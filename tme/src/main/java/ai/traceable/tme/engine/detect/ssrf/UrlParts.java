package ai.traceable.tme.engine.detect.ssrf;

/**
 * Reads the parts of a URL the SSRF detector judges, around a {@code //} found in a value: the
 * scheme before it and the host after it. Works on the lower-cased value in place; the value may be
 * any text, so both readers accept what a lenient URL parser would and reject the rest.
 */
final class UrlParts {
  /** Characters that end an authority (host, user info and port). */
  private static final String AUTHORITY_END = "/?#\\ \t\r\n\"'<>";

  private UrlParts() {}

  /**
   * The scheme before the {@code //} at {@code sep}: {@code ""} for a scheme-relative URL at the
   * start of the value, null when the {@code //} does not follow {@code scheme:}.
   */
  static String scheme(String s, int sep) {
    if (sep == 0) {
      return "";
    }
    if (s.charAt(sep - 1) != ':') {
      return null;
    }
    int start = sep - 1;
    while (start > 0 && schemeChar(s.charAt(start - 1))) {
      start--;
    }
    return start == sep - 1 ? null : s.substring(start, sep - 1);
  }

  private static boolean schemeChar(char c) {
    return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.';
  }

  /**
   * The host of the authority starting at {@code from}: without user info, port, IPv6 brackets or
   * trailing dots; empty when there is none.
   */
  static String host(String s, int from) {
    int end = from;
    while (end < s.length() && AUTHORITY_END.indexOf(s.charAt(end)) < 0) {
      end++;
    }
    String authority = s.substring(from, end);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1);
    }
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      return close < 0 ? authority.substring(1) : authority.substring(1, close);
    }
    int colon = authority.indexOf(':');
    if (colon >= 0) {
      authority = authority.substring(0, colon);
    }
    while (authority.endsWith(".")) {
      authority = authority.substring(0, authority.length() - 1);
    }
    return authority;
  }
}

package ai.traceable.tme.engine.detect.redirect;

import ai.traceable.tme.engine.detect.Chars;
import java.util.Locale;
import java.util.Set;

/**
 * Hosts and the sites they belong to, for telling a link to the application's own site from one
 * that leaves it. A site is the registrable part of a host name: its last two labels, or three
 * under a two-letter country code with a generic second level ({@code example.co.uk}). Sibling
 * subdomains ({@code docs.example.com} and {@code shop.example.com}) share a site; IP addresses are
 * their own site. Stateless.
 */
public final class Sites {
  private static final Set<String> SECOND_LEVELS =
      Set.of("co", "com", "net", "org", "gov", "ac", "edu", "or", "ne", "go", "gob", "mil");

  private Sites() {}

  /**
   * The host of a URL's authority starting at {@code from}: up to the first {@code /}, {@code \},
   * {@code ?}, {@code #} or {@code ;}, after the last {@code @}, without a port, lower case, with
   * ideographic and full-width full stops read as dots. Empty when there is none.
   */
  public static String hostAt(String url, int from) {
    int end = from;
    while (end < url.length() && "/\\?#;".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    String authority = url.substring(Math.min(from, end), end);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1);
    }
    return normalise(authority);
  }

  /** A host header or authority: lower case, no port, no trailing dot, odd dots unified. */
  public static String normalise(String host) {
    String h = host.strip().toLowerCase(Locale.ROOT).replace('\u3002', '.');
    h = h.replace('\uff0e', '.').replace('\uff61', '.');
    if (!h.startsWith("[")) {
      int colon = h.lastIndexOf(':');
      if (colon >= 0 && digitsAfter(h, colon + 1)) {
        h = h.substring(0, colon);
      }
    }
    while (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    return h;
  }

  /** Whether two normalised hosts belong to the same site. */
  public static boolean sameSite(String a, String b) {
    return !a.isEmpty() && site(a).equals(site(b));
  }

  /** The registrable part of a normalised host (the host itself for addresses). */
  static String site(String host) {
    if (host.isEmpty() || Chars.isAsciiDigit(host.charAt(host.length() - 1))) {
      return host;
    }
    String[] labels = host.split("\\.");
    int n = labels.length;
    if (n <= 2) {
      return host;
    }
    int keep = labels[n - 1].length() == 2 && SECOND_LEVELS.contains(labels[n - 2]) ? 3 : 2;
    return String.join(".", java.util.Arrays.copyOfRange(labels, n - keep, n));
  }

  private static boolean digitsAfter(String s, int from) {
    if (from >= s.length()) {
      return false;
    }
    for (int i = from; i < s.length(); i++) {
      if (!Chars.isAsciiDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}

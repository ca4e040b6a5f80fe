package ai.traceable.tme.engine.seclang.body;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits {@code application/x-www-form-urlencoded} text (a query string or a body) into decoded
 * name/value pairs, as ModSecurity does: pairs are separated by {@code &}, a pair without {@code =}
 * is a name with an empty value, {@code +} is a space, and an invalid {@code %} escape is kept as
 * written. Works on byte strings.
 */
public final class UrlEncoded {

  private UrlEncoded() {}

  /** The pairs of {@code text}, in order; empty pieces between separators are skipped. */
  public static List<Param> parse(String text) {
    List<Param> params = new ArrayList<>();
    int start = 0;
    while (start <= text.length()) {
      int amp = text.indexOf('&', start);
      int end = amp < 0 ? text.length() : amp;
      if (end > start) {
        String pair = text.substring(start, end);
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        params.add(new Param(decode(name), decode(value)));
      }
      if (amp < 0) {
        break;
      }
      start = amp + 1;
    }
    return params;
  }

  /** Decodes {@code +} and {@code %XX}; invalid escapes stay as written. */
  public static String decode(String s) {
    return decode(s, true);
  }

  /** Decodes {@code %XX} only, as for a URL path; invalid escapes stay as written. */
  public static String decodePercent(String s) {
    return decode(s, false);
  }

  private static String decode(String s, boolean plusIsSpace) {
    if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '+' && plusIsSpace) {
        out.append(' ');
      } else if (c == '%'
          && i + 2 < s.length()
          && hex(s.charAt(i + 1)) >= 0
          && hex(s.charAt(i + 2)) >= 0) {
        out.append((char) (hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2))));
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Whether {@code s} has a {@code %} not followed by two hex digits. */
  public static boolean invalidEncoding(String s) {
    for (int i = s.indexOf('%'); i >= 0; i = s.indexOf('%', i + 1)) {
      if (i + 2 >= s.length() || hex(s.charAt(i + 1)) < 0 || hex(s.charAt(i + 2)) < 0) {
        return true;
      }
    }
    return false;
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}

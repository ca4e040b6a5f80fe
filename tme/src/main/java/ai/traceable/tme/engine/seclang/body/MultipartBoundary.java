package ai.traceable.tme.engine.seclang.body;

import java.util.Locale;

/**
 * The boundary of a {@code multipart/form-data} Content-Type, with the two irregularities
 * ModSecurity flags: a quoted boundary and whitespace around it.
 *
 * @param value the boundary, or null when missing or invalid
 * @param quoted whether it was written in double quotes
 * @param whitespace whether whitespace surrounded the {@code =} or the value
 */
record MultipartBoundary(String value, boolean quoted, boolean whitespace) {

  static MultipartBoundary of(String contentType) {
    String lower = contentType.toLowerCase(Locale.ROOT);
    int at = lower.indexOf("boundary");
    if (at < 0) {
      return new MultipartBoundary(null, false, false);
    }
    int i = at + "boundary".length();
    boolean whitespace = false;
    while (i < contentType.length() && isSpace(contentType.charAt(i))) {
      whitespace = true;
      i++;
    }
    if (i >= contentType.length() || contentType.charAt(i) != '=') {
      return new MultipartBoundary(null, false, whitespace);
    }
    i++;
    while (i < contentType.length() && isSpace(contentType.charAt(i))) {
      whitespace = true;
      i++;
    }
    boolean quoted = i < contentType.length() && contentType.charAt(i) == '"';
    String rest = contentType.substring(quoted ? i + 1 : i);
    int end = quoted ? rest.indexOf('"') : indexOfAny(rest, ";,");
    if (quoted && end < 0) {
      return new MultipartBoundary(null, true, whitespace);
    }
    String value = end < 0 ? rest : rest.substring(0, end);
    if (!quoted && !value.equals(value.stripTrailing())) {
      whitespace = true;
      value = value.stripTrailing();
    }
    return new MultipartBoundary(valid(value) ? value : null, quoted, whitespace);
  }

  /** RFC 2046 boundary characters, at most 70 of them. */
  private static boolean valid(String value) {
    if (value.isEmpty() || value.length() > 70) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok =
          (c >= '0' && c <= '9')
              || (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || "'()+_,-./:=? ".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }
}

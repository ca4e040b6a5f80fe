package ai.traceable.tme.engine.seclang.transform;

/**
 * {@code cssDecode}: decodes CSS 2 escapes: a backslash and one to six hex digits (optionally
 * followed by one whitespace character, which is consumed) become one byte; a backslash before a
 * newline disappears with it; a backslash before any other character leaves that character; a
 * trailing backslash disappears.
 *
 * <p>ModSecurity keeps one byte per escape: one digit is its value; two or three digits give the
 * last two as a byte; four digits (and five or six when the extra leading digits are zeros) give
 * the last two, plus 0x20 when the escape is full-width ASCII {@code FF01..FF5E}.
 */
final class CssDecode implements Transformation {

  @Override
  public String name() {
    return "cssDecode";
  }

  @Override
  public String apply(String s) {
    int first = s.indexOf('\\');
    if (first < 0) {
      return s;
    }
    int n = s.length();
    StringBuilder out = new StringBuilder(n).append(s, 0, first);
    int i = first;
    while (i < n) {
      char c = s.charAt(i);
      if (c != '\\') {
        out.append(c);
        i++;
        continue;
      }
      i++;
      if (i >= n) {
        break; // a trailing backslash continues to nothing
      }
      int j = 0;
      while (j < 6 && i + j < n && Bytes.isHex(s.charAt(i + j))) {
        j++;
      }
      if (j == 0) {
        if (s.charAt(i) != '\n') {
          out.append(s.charAt(i));
        }
        i++;
        continue;
      }
      out.append(escapedByte(s, i, j));
      if (i + j < n && Bytes.isSpace(s.charAt(i + j))) {
        j++;
      }
      i += j;
    }
    return out.toString();
  }

  /** The byte for {@code digits} hex digits starting at {@code i}. */
  private static char escapedByte(String s, int i, int digits) {
    if (digits == 1) {
      return (char) Bytes.hexValue(s.charAt(i));
    }
    int end = i + digits;
    char b = Bytes.hexByte(s.charAt(end - 2), s.charAt(end - 1));
    boolean fullWidthCheck =
        digits == 4
            || (digits == 5 && s.charAt(i) == '0')
            || (digits == 6 && s.charAt(i) == '0' && s.charAt(i + 1) == '0');
    if (fullWidthCheck && b > 0 && b < 0x5F && isF(s.charAt(end - 3)) && isF(s.charAt(end - 4))) {
      b += 0x20;
    }
    return b;
  }

  private static boolean isF(char c) {
    return c == 'f' || c == 'F';
  }
}

package ai.traceable.tme.engine.detect.xss;

/**
 * Rewrites of a value that the decoding chain does not do because they belong to one context: CSS
 * comments and escapes, and UTF-7. The XSS detector inspects the rewritten text as well. Both run
 * in linear time.
 */
final class Rewrites {
  private Rewrites() {}

  /**
   * The value with CSS comments removed and CSS escapes ({@code \6a}, {@code \:}) resolved, so that
   * {@code exp/**}{@code /ression(} and {@code url(\6a avascript:...)} read as CSS does.
   */
  static String cssUnescaped(String s) {
    int n = s.length();
    StringBuilder b = new StringBuilder(n);
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
        int close = s.indexOf("*/", i + 2);
        i = close < 0 ? n : close + 2;
      } else if (c == '\\' && i + 1 < n) {
        int j = i + 1;
        int cp = 0;
        while (j < n && j - i <= 6 && Character.digit(s.charAt(j), 16) >= 0) {
          cp = cp * 16 + Character.digit(s.charAt(j), 16);
          j++;
        }
        if (j > i + 1) {
          if (cp > 0 && cp <= Character.MAX_CODE_POINT) {
            b.appendCodePoint(cp);
          }
          if (j < n && HtmlTokenizer.isSpace(s.charAt(j))) {
            j++;
          }
          i = j;
        } else {
          if (s.charAt(i + 1) != '\n') {
            b.append(s.charAt(i + 1));
          }
          i += 2;
        }
      } else {
        b.append(c);
        i++;
      }
    }
    return b.toString();
  }

  /**
   * Decodes UTF-7 shifted sequences ({@code +ADw-} is {@code <}), which old browsers honoured when
   * a page declared or sniffed that charset; other text is kept.
   */
  static String utf7(String s) {
    int n = s.length();
    StringBuilder b = new StringBuilder(n);
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c != '+') {
        b.append(c);
        i++;
        continue;
      }
      int j = i + 1;
      if (j < n && s.charAt(j) == '-') {
        b.append('+');
        i = j + 1;
        continue;
      }
      int bits = 0;
      int nbits = 0;
      int start = j;
      while (j < n && base64Value(s.charAt(j)) >= 0) {
        bits = (bits << 6) | base64Value(s.charAt(j));
        nbits += 6;
        if (nbits >= 16) {
          nbits -= 16;
          b.append((char) ((bits >>> nbits) & 0xffff));
          bits &= (1 << nbits) - 1;
        }
        j++;
      }
      if (j == start) {
        b.append('+');
      } else if (j < n && s.charAt(j) == '-') {
        j++;
      }
      i = j;
    }
    return b.toString();
  }

  private static int base64Value(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return c == '+' ? 62 : c == '/' ? 63 : -1;
  }
}

package ai.traceable.tme.engine.seclang.transform;

/**
 * {@code urlDecode} and {@code urlDecodeUni}: percent-decoding as ModSecurity does it for
 * transformations (not strictly): {@code %XY} with two hex digits becomes the byte, {@code +}
 * becomes a space, and a {@code %} not followed by two hex digits stays as it is.
 *
 * <p>{@code urlDecodeUni} also decodes the IIS form {@code %uHHHH}: only the low byte of the code
 * point is kept, plus 0x20 for full-width ASCII ({@code %uFF01..%uFF5E} become {@code !..~}), as
 * ModSecurity does without a {@code SecUnicodeMapFile}. An invalid {@code %u} leaves both
 * characters in place.
 */
final class UrlDecode implements Transformation {
  private final boolean unicode;

  UrlDecode(boolean unicode) {
    this.unicode = unicode;
  }

  @Override
  public String name() {
    return unicode ? "urlDecodeUni" : "urlDecode";
  }

  @Override
  public String apply(String s) {
    int first = firstSpecial(s);
    if (first < 0) {
      return s;
    }
    int n = s.length();
    StringBuilder out = new StringBuilder(n).append(s, 0, first);
    int i = first;
    while (i < n) {
      char c = s.charAt(i);
      if (c == '+') {
        out.append(' ');
        i++;
      } else if (c != '%') {
        out.append(c);
        i++;
      } else if (unicode && i + 1 < n && (s.charAt(i + 1) == 'u' || s.charAt(i + 1) == 'U')) {
        if (i + 5 < n && Bytes.hex4(s, i + 2)) {
          out.append(
              Bytes.lowByteOfCodePoint(
                  s.charAt(i + 2), s.charAt(i + 3), s.charAt(i + 4), s.charAt(i + 5)));
          i += 6;
        } else {
          out.append(c).append(s.charAt(i + 1));
          i += 2;
        }
      } else if (i + 2 < n && Bytes.isHex(s.charAt(i + 1)) && Bytes.isHex(s.charAt(i + 2))) {
        out.append(Bytes.hexByte(s.charAt(i + 1), s.charAt(i + 2)));
        i += 3;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static int firstSpecial(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' || c == '+') {
        return i;
      }
    }
    return -1;
  }
}

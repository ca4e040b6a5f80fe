package ai.traceable.tme.engine.seclang.transform;

/**
 * Character tests and conversions with the C library's meaning in the "C" locale, which is what
 * ModSecurity's decoders use: {@code isspace} is space, tab, LF, VT, FF and CR; letters and digits
 * are ASCII only; bytes 128..255 are never letters or space.
 */
final class Bytes {
  /** The no-break space byte that ModSecurity's whitespace transformations also treat as space. */
  static final char NBSP = 0xA0;

  private Bytes() {}

  static boolean isSpace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }

  static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  static boolean isOctal(char c) {
    return c >= '0' && c <= '7';
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isAlnum(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static char toLower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }

  static char toUpper(char c) {
    return c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
  }

  /** The value of one hex digit (the caller has checked it is one). */
  static int hexValue(char c) {
    if (c <= '9') {
      return c - '0';
    }
    return (c | 0x20) - 'a' + 10;
  }

  /**
   * Two characters read as a hex byte the way ModSecurity's {@code x2c} does it: without checking
   * that they are hex digits, so a non-digit yields whatever its arithmetic gives (hexDecode relies
   * on this, and so must we to give the same bytes).
   */
  static char x2c(char hi, char lo) {
    return (char) ((looseDigit(hi) * 16 + looseDigit(lo)) & 0xFF);
  }

  private static int looseDigit(char c) {
    return c >= 'A' ? ((c & 0xDF) - 'A') + 10 : c - '0';
  }

  /** A hex byte from two checked hex digits. */
  static char hexByte(char hi, char lo) {
    return (char) (hexValue(hi) * 16 + hexValue(lo));
  }

  /**
   * Full-width ASCII ({@code U+FF01..U+FF5E}) maps to ASCII by adding 0x20 to the low byte; the
   * {@code %u} / {@code \\u} decoders keep only the low byte of a code point and apply this fix.
   */
  static char lowByteOfCodePoint(char h1, char h2, char h3, char h4) {
    char low = hexByte(h3, h4);
    if (low > 0 && low < 0x5F && (h1 == 'f' || h1 == 'F') && (h2 == 'f' || h2 == 'F')) {
      low += 0x20;
    }
    return low;
  }

  static boolean hex4(String s, int from) {
    return from + 4 <= s.length()
        && isHex(s.charAt(from))
        && isHex(s.charAt(from + 1))
        && isHex(s.charAt(from + 2))
        && isHex(s.charAt(from + 3));
  }
}

package ai.traceable.tme.engine.seclang.operator;

/**
 * {@code @validateUtf8Encoding}: true when the value's bytes are not valid UTF-8 (RFC 3629): a
 * sequence cut short, a bad continuation byte, a stray continuation or a byte 0xF8..0xFF, an
 * overlong form, a surrogate (U+D800..U+DFFF) or a code point above U+10FFFF. ModSecurity reports
 * each of these; any of them is a match.
 */
final class ValidateUtf8Encoding implements Operator {

  @Override
  public boolean matches(String value, MatchContext ctx) {
    int n = value.length();
    int i = 0;
    while (i < n) {
      int c = value.charAt(i);
      if (c < 0x80) {
        i++;
        continue;
      }
      int length;
      int min;
      if ((c & 0xE0) == 0xC0) {
        length = 2;
        min = 0x80;
      } else if ((c & 0xF0) == 0xE0) {
        length = 3;
        min = 0x800;
      } else if ((c & 0xF8) == 0xF0) {
        length = 4;
        min = 0x10000;
      } else {
        return true;
      }
      if (i + length > n) {
        return true;
      }
      int cp = c & (0x7F >> length);
      for (int k = 1; k < length; k++) {
        int b = value.charAt(i + k);
        if ((b & 0xC0) != 0x80) {
          return true;
        }
        cp = (cp << 6) | (b & 0x3F);
      }
      if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return true;
      }
      i += length;
    }
    return false;
  }
}

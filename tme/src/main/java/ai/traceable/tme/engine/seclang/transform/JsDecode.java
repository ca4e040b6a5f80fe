package ai.traceable.tme.engine.seclang.transform;

/**
 * {@code jsDecode}: decodes JavaScript escapes: {@code \\uHHHH} (low byte of the code point, plus
 * 0x20 for full-width ASCII, like {@code urlDecodeUni}), {@code \\xHH}, octal {@code \\OOO} (at
 * most three digits, two when the first is above 3 so the value stays one byte), the single-letter
 * escapes {@code \\a \\b \\f \\n \\r \\t \\v}, and any other {@code \\C} as {@code C}. A lone
 * trailing backslash stays.
 */
final class JsDecode implements Transformation {

  @Override
  public String name() {
    return "jsDecode";
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
      if (c != '\\' || i + 1 >= n) {
        out.append(c);
        i++;
        continue;
      }
      char e = s.charAt(i + 1);
      if (e == 'u' && i + 5 < n && Bytes.hex4(s, i + 2)) {
        out.append(
            Bytes.lowByteOfCodePoint(
                s.charAt(i + 2), s.charAt(i + 3), s.charAt(i + 4), s.charAt(i + 5)));
        i += 6;
      } else if (e == 'x'
          && i + 3 < n
          && Bytes.isHex(s.charAt(i + 2))
          && Bytes.isHex(s.charAt(i + 3))) {
        out.append(Bytes.hexByte(s.charAt(i + 2), s.charAt(i + 3)));
        i += 4;
      } else if (Bytes.isOctal(e)) {
        int digits = octalDigits(s, i + 1, 3);
        if (digits == 3 && e > '3') {
          digits = 2;
        }
        out.append((char) (Integer.parseInt(s, i + 1, i + 1 + digits, 8) & 0xFF));
        i += 1 + digits;
      } else {
        out.append(singleLetter(e));
        i += 2;
      }
    }
    return out.toString();
  }

  /** How many octal digits (at most {@code max}, at least the first) start at {@code from}. */
  static int octalDigits(String s, int from, int max) {
    int j = 1;
    while (j < max && from + j < s.length() && Bytes.isOctal(s.charAt(from + j))) {
      j++;
    }
    return j;
  }

  /** The character a C-style single-letter escape stands for, or the letter itself. */
  static char singleLetter(char e) {
    return switch (e) {
      case 'a' -> 0x07;
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'v' -> 0x0B;
      default -> e;
    };
  }
}

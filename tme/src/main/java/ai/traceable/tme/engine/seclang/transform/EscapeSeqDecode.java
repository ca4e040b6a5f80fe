package ai.traceable.tme.engine.seclang.transform;

/**
 * {@code escapeSeqDecode}: decodes ANSI C escapes: {@code \\a \\b \\f \\n \\r \\t \\v \\\\ \\? \\'
 * \\"}, {@code \\xHH} (either case of x, exactly two hex digits) and octal {@code \\O} to {@code
 * \\OOO} (values above 0xFF keep their low byte). For any other escape, including an invalid {@code
 * \\x}, ModSecurity drops the backslash and keeps the next character. A lone trailing backslash
 * stays.
 */
final class EscapeSeqDecode implements Transformation {

  @Override
  public String name() {
    return "escapeSeqDecode";
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
      int simple = simple(e);
      if (simple >= 0) {
        out.append((char) simple);
        i += 2;
      } else if ((e == 'x' || e == 'X')
          && i + 3 < n
          && Bytes.isHex(s.charAt(i + 2))
          && Bytes.isHex(s.charAt(i + 3))) {
        out.append(Bytes.hexByte(s.charAt(i + 2), s.charAt(i + 3)));
        i += 4;
      } else if (Bytes.isOctal(e)) {
        int digits = JsDecode.octalDigits(s, i + 1, 3);
        out.append((char) (Integer.parseInt(s, i + 1, i + 1 + digits, 8) & 0xFF));
        i += 1 + digits;
      } else {
        out.append(e);
        i += 2;
      }
    }
    return out.toString();
  }

  private static int simple(char e) {
    return switch (e) {
      case 'a' -> 0x07;
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'v' -> 0x0B;
      case '\\', '?', '\'', '"' -> e;
      default -> -1;
    };
  }
}

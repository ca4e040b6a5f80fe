package ai.traceable.tme.engine.seclang.operator;

/**
 * Decodes the argument of {@code @pm} the way ModSecurity does before splitting it into phrases:
 * surrounding double quotes are dropped, {@code |hex bytes|} sections become bytes (spaces inside
 * ignored) and {@code \\: \\; \\\\ \\"} become the character.
 */
final class PmContent {
  private PmContent() {}

  static String decode(String argument) {
    String s = argument.stripLeading();
    if (s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"') {
      s = s.substring(1, s.length() - 1);
    }
    StringBuilder out = new StringBuilder(s.length());
    boolean hex = false;
    boolean escaped = false;
    int pending = -1;
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c == '|') {
        hex = !hex;
        pending = -1;
      } else if (hex) {
        int digit = Character.digit(c, 16);
        if (digit >= 0) {
          if (pending < 0) {
            pending = digit;
          } else {
            out.append((char) (pending * 16 + digit));
            pending = -1;
          }
        }
      } else if (escaped) {
        if (":;\\\"".indexOf(c) < 0) {
          throw new IllegalArgumentException("@pm: unsupported escape \\" + c);
        }
        out.append(c);
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}

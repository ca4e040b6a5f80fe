package ai.traceable.tme.engine.seclang.transform;

/**
 * {@code removeWhitespace} deletes whitespace; {@code compressWhitespace} turns each run of it into
 * one space. Whitespace here is C's {@code isspace} (space, tab, LF, VT, FF, CR) plus the no-break
 * space byte 0xA0, as in ModSecurity.
 */
final class Whitespace implements Transformation {
  private final boolean compress;

  Whitespace(boolean compress) {
    this.compress = compress;
  }

  @Override
  public String name() {
    return compress ? "compressWhitespace" : "removeWhitespace";
  }

  static boolean isWhitespace(char c) {
    return Bytes.isSpace(c) || c == Bytes.NBSP;
  }

  @Override
  public String apply(String s) {
    int n = s.length();
    StringBuilder out = null;
    boolean inRun = false;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      boolean ws = isWhitespace(c);
      boolean keepAsIs = !ws || (compress && c == ' ' && !inRun && !nextIsWhitespace(s, i));
      if (out == null && !keepAsIs) {
        out = new StringBuilder(n).append(s, 0, i);
      }
      if (out != null) {
        if (!ws) {
          out.append(c);
        } else if (compress && !inRun) {
          out.append(' ');
        }
      }
      inRun = ws;
    }
    return out == null ? s : out.toString();
  }

  private static boolean nextIsWhitespace(String s, int i) {
    return i + 1 < s.length() && isWhitespace(s.charAt(i + 1));
  }
}

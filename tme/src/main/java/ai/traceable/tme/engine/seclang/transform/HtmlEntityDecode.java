package ai.traceable.tme.engine.seclang.transform;

/**
 * {@code htmlEntityDecode}: decodes {@code &#DDD;}, {@code &#xHH;} and the named entities {@code
 * &quot; &amp; &lt; &gt; &nbsp;} (names in any case), with or without the closing semicolon.
 *
 * <p>ModSecurity's rules, which decide what the rules see: a numeric entity yields one byte, the
 * low byte of its value (so {@code &#x4142;} is {@code B}; a value too large for a C long saturates
 * and yields 0xFF); {@code &nbsp;} yields byte 0xA0; any other name, and an {@code &} or {@code &#}
 * or {@code &#x} without digits, is copied unchanged.
 */
final class HtmlEntityDecode implements Transformation {

  @Override
  public String name() {
    return "htmlEntityDecode";
  }

  @Override
  public String apply(String s) {
    int amp = s.indexOf('&');
    if (amp < 0) {
      return s;
    }
    int n = s.length();
    StringBuilder out = new StringBuilder(n).append(s, 0, amp);
    int i = amp;
    while (i < n) {
      char c = s.charAt(i);
      if (c != '&' || i + 1 >= n) {
        out.append(c);
        i++;
        continue;
      }
      i = entity(s, i, out);
    }
    return out.toString();
  }

  /** Decodes or copies the entity starting with the '&' at {@code amp}; returns the next index. */
  private static int entity(String s, int amp, StringBuilder out) {
    int n = s.length();
    int j = amp + 1;
    if (s.charAt(j) != '#') {
      int k = j;
      while (j < n && Bytes.isAlnum(s.charAt(j))) {
        j++;
      }
      char named = j > k ? named(s.substring(k, j)) : 0;
      if (named == 0) {
        // unknown or missing name: copy '&' and the name
        out.append(s, amp, Math.max(j, amp + 1));
        return Math.max(j, amp + 1);
      }
      out.append(named);
      return skipSemicolon(s, j);
    }
    if (j + 1 >= n) {
      out.append("&#");
      return j + 1;
    }
    j++;
    boolean hex = s.charAt(j) == 'x' || s.charAt(j) == 'X';
    if (hex) {
      if (j + 1 >= n) {
        out.append(s, amp, j + 1);
        return j + 1;
      }
      j++;
    }
    int k = j;
    while (j < n && (hex ? Bytes.isHex(s.charAt(j)) : Bytes.isDigit(s.charAt(j)))) {
      j++;
    }
    if (j == k) {
      out.append(s, amp, k);
      return k;
    }
    out.append((char) (saturatingValue(s, k, j, hex ? 16 : 10) & 0xFF));
    return skipSemicolon(s, j);
  }

  private static int skipSemicolon(String s, int j) {
    return j < s.length() && s.charAt(j) == ';' ? j + 1 : j;
  }

  /** The digits read as C's {@code strtol} reads them: saturating at {@code Long.MAX_VALUE}. */
  private static long saturatingValue(String s, int from, int to, int radix) {
    long v = 0;
    for (int i = from; i < to; i++) {
      int d = Bytes.hexValue(s.charAt(i));
      if (v > (Long.MAX_VALUE - d) / radix) {
        return Long.MAX_VALUE;
      }
      v = v * radix + d;
    }
    return v;
  }

  private static char named(String name) {
    switch (name.length()) {
      case 2:
        if (name.equalsIgnoreCase("lt")) {
          return '<';
        }
        return name.equalsIgnoreCase("gt") ? '>' : 0;
      case 3:
        return name.equalsIgnoreCase("amp") ? '&' : 0;
      case 4:
        if (name.equalsIgnoreCase("quot")) {
          return '"';
        }
        return name.equalsIgnoreCase("nbsp") ? Bytes.NBSP : 0;
      default:
        return 0;
    }
  }
}

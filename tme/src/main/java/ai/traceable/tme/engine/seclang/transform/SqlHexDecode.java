package ai.traceable.tme.engine.seclang.transform;

/**
 * {@code sqlHexDecode}: decodes SQL hex literals, {@code 0x} (or {@code 0X}) followed by pairs of
 * hex digits, into their bytes; {@code 0x} without at least one pair is kept.
 *
 * <p>ModSecurity's quirks, kept: the character right after a decoded run is copied as is, even when
 * it starts another literal ({@code 0x410x42} gives {@code A0x42}); an odd last digit is that
 * character; the value is read up to its first NUL byte, and the result ends at its first NUL byte
 * (a decoded {@code 0x00} ends it).
 */
final class SqlHexDecode implements Transformation {

  @Override
  public String name() {
    return "sqlHexDecode";
  }

  @Override
  public String apply(String s) {
    int nul = s.indexOf('\0');
    int n = nul < 0 ? s.length() : nul;
    StringBuilder out = new StringBuilder(n);
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c == '0' && i + 1 < n && (s.charAt(i + 1) | 0x20) == 'x' && pairAt(s, i + 2, n)) {
        int j = i + 2;
        while (pairAt(s, j, n)) {
          out.append(Bytes.hexByte(s.charAt(j), s.charAt(j + 1)));
          j += 2;
        }
        if (j < n) {
          out.append(s.charAt(j)); // copied without a look, as ModSecurity does
          j++;
        }
        i = j;
      } else {
        out.append(c);
        i++;
      }
    }
    int end = out.indexOf("\0");
    return end < 0 ? out.toString() : out.substring(0, end);
  }

  private static boolean pairAt(String s, int j, int n) {
    return j + 1 < n && Bytes.isHex(s.charAt(j)) && Bytes.isHex(s.charAt(j + 1));
  }
}

package ai.traceable.tme.engine.seclang.transform;

import java.util.Arrays;

/**
 * {@code base64Decode} and {@code base64DecodeExt}.
 *
 * <p>{@code base64Decode} behaves like APR's decoder, which ModSecurity uses: it decodes the
 * longest prefix made of base64 alphabet characters ({@code A-Z a-z 0-9 + /}) and stops at the
 * first other character, padding included; a final group of two or three characters yields one or
 * two bytes, a single leftover character is ignored.
 *
 * <p>{@code base64DecodeExt} is the forgiving variant: it skips every character outside the
 * alphabet (whitespace, punctuation, '=' in the middle), except that an '=' that is not followed by
 * another '=' right after a group's first character makes the whole result empty, and it stops at a
 * NUL byte. Only complete bytes are produced.
 */
final class Base64Decode implements Transformation {
  private static final int[] VALUE = new int[256];

  static {
    Arrays.fill(VALUE, -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < alphabet.length(); i++) {
      VALUE[alphabet.charAt(i)] = i;
    }
  }

  private final boolean forgiving;

  Base64Decode(boolean forgiving) {
    this.forgiving = forgiving;
  }

  @Override
  public String name() {
    return forgiving ? "base64DecodeExt" : "base64Decode";
  }

  @Override
  public String apply(String s) {
    return forgiving ? forgiving(s) : prefix(s);
  }

  private static String prefix(String s) {
    int n = 0;
    while (n < s.length() && s.charAt(n) < 256 && VALUE[s.charAt(n)] >= 0) {
      n++;
    }
    StringBuilder out = new StringBuilder(n * 3 / 4 + 2);
    int bits = 0;
    int count = 0;
    for (int i = 0; i < n; i++) {
      bits = (bits << 6) | VALUE[s.charAt(i)];
      count += 6;
      if (count >= 8) {
        count -= 8;
        out.append((char) ((bits >>> count) & 0xFF));
      }
    }
    return out.toString();
  }

  private static String forgiving(String s) {
    StringBuilder out = new StringBuilder(s.length() * 3 / 4 + 2);
    int bits = 0;
    int count = 0;
    int group = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) {
        break;
      }
      if (c == '=') {
        boolean nextIsPad = i + 1 < s.length() && s.charAt(i + 1) == '=';
        if (!nextIsPad && group % 4 == 1) {
          return "";
        }
        continue;
      }
      int v = c < 256 ? VALUE[c] : -1;
      if (v < 0) {
        continue;
      }
      group++;
      bits = (bits << 6) | v;
      count += 6;
      if (count >= 8) {
        count -= 8;
        out.append((char) ((bits >>> count) & 0xFF));
      }
    }
    return out.toString();
  }
}

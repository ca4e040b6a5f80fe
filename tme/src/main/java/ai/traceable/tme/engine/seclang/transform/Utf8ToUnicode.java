package ai.traceable.tme.engine.seclang.transform;

/**
 * {@code utf8toUnicode}: rewrites each multi-byte UTF-8 sequence as {@code %uHHHH} (lower-case hex,
 * at least four digits), so that rules written for {@code %u} escapes see one form.
 *
 * <p>ModSecurity's handling of bad input, kept because rules are tuned against it: a lead byte
 * whose sequence is cut short or has a bad continuation byte is dropped (the following bytes are
 * then read on their own); stray continuation bytes and bytes 0xF8..0xFF are copied; an overlong
 * sequence or a surrogate code point is written as {@code %u} followed by its lead byte; a lead
 * byte 0xF5..0xF7 is copied and its sequence still decoded.
 */
final class Utf8ToUnicode implements Transformation {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  @Override
  public String name() {
    return "utf8toUnicode";
  }

  @Override
  public String apply(String s) {
    int n = s.length();
    int first = 0;
    while (first < n && s.charAt(first) < 0x80) {
      first++;
    }
    if (first == n) {
      return s;
    }
    StringBuilder out = new StringBuilder(n + 16).append(s, 0, first);
    int i = first;
    while (i < n) {
      i += sequence(s, i, out);
    }
    return out.toString();
  }

  /** Writes what the sequence at {@code i} becomes; returns how many bytes it consumed. */
  private static int sequence(String s, int i, StringBuilder out) {
    char c = s.charAt(i);
    int length;
    int minimum;
    if (c < 0x80) {
      out.append(c);
      return 1;
    } else if ((c & 0xE0) == 0xC0) {
      length = 2;
      minimum = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3;
      minimum = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4;
      minimum = 0x10000;
      if (c >= 0xF5) {
        out.append(c);
      }
    } else {
      out.append(c);
      return 1;
    }
    for (int k = 1; k < length; k++) {
      if (i + k >= s.length() || (s.charAt(i + k) & 0xC0) != 0x80) {
        return 1; // the lead byte is dropped
      }
    }
    int d = codePoint(s, i, length);
    out.append('%').append('u');
    appendHex(out, d);
    if ((d >= 0xD800 && d <= 0xDFFF) || d < minimum) {
      out.append(c);
    }
    return length;
  }

  private static int codePoint(String s, int i, int length) {
    int c = s.charAt(i);
    int b1 = s.charAt(i + 1) & 0x3F;
    if (length == 2) {
      return ((c & 0x1F) << 6) | b1;
    }
    int b2 = s.charAt(i + 2) & 0x3F;
    if (length == 3) {
      return ((c & 0x0F) << 12) | (b1 << 6) | b2;
    }
    int b3 = s.charAt(i + 3) & 0x3F;
    return ((c & 0x07) << 18) | (b1 << 12) | (b2 << 6) | b3;
  }

  private static void appendHex(StringBuilder out, int d) {
    int digits = Math.max(4, (32 - Integer.numberOfLeadingZeros(d) + 3) / 4);
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      out.append(HEX[(d >>> shift) & 0xF]);
    }
  }
}

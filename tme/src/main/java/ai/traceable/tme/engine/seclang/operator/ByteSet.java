package ai.traceable.tme.engine.seclang.operator;

/**
 * A set of bytes (0..255): what one position of a regular expression can match. Every
 * single-character construct of a pattern ({@code a}, {@code .}, {@code [^a-z]}, {@code \\s} under
 * any flags) becomes one of these when parsed, so byte semantics (ASCII-only case folding, PCRE's
 * {@code \\s}, a dot that matches newline) are settled once, at parse time. Mutable while a pattern
 * is parsed, then only read.
 */
final class ByteSet {
  private final long[] bits = new long[4];

  static ByteSet of(char c) {
    ByteSet s = new ByteSet();
    s.add(c);
    return s;
  }

  static ByteSet range(int from, int to) {
    ByteSet s = new ByteSet();
    s.addRange(from, to);
    return s;
  }

  static ByteSet all() {
    return range(0, 255);
  }

  void add(int c) {
    if (c >= 0 && c < 256) {
      bits[c >> 6] |= 1L << (c & 63);
    }
  }

  void addRange(int from, int to) {
    for (int c = Math.max(0, from); c <= Math.min(255, to); c++) {
      add(c);
    }
  }

  void addAll(ByteSet other) {
    for (int w = 0; w < 4; w++) {
      bits[w] |= other.bits[w];
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ByteSet other && java.util.Arrays.equals(bits, other.bits);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(bits);
  }

  boolean contains(int c) {
    return c >= 0 && c < 256 && (bits[c >> 6] & (1L << (c & 63))) != 0;
  }

  /** The complement within 0..255 (a negated class; chars above 255 never occur in values). */
  ByteSet negated() {
    ByteSet s = new ByteSet();
    for (int w = 0; w < 4; w++) {
      s.bits[w] = ~bits[w];
    }
    return s;
  }

  /** Adds the other case of every ASCII letter, as PCRE's caseless mode does in the C locale. */
  ByteSet foldAsciiCase() {
    for (int c = 'a'; c <= 'z'; c++) {
      if (contains(c) || contains(c - 32)) {
        add(c);
        add(c - 32);
      }
    }
    return this;
  }

  int size() {
    int n = 0;
    for (long w : bits) {
      n += Long.bitCount(w);
    }
    return n;
  }

  /** The lowest member, or -1 when empty. */
  int first() {
    for (int c = 0; c < 256; c++) {
      if (contains(c)) {
        return c;
      }
    }
    return -1;
  }

  /** The members folded to ASCII lower case, as a string (each at most once). */
  String lowerCaseMembers() {
    ByteSet folded = new ByteSet();
    for (int c = 0; c < 256; c++) {
      if (contains(c)) {
        folded.add(c >= 'A' && c <= 'Z' ? c + 32 : c);
      }
    }
    StringBuilder out = new StringBuilder();
    for (int c = 0; c < 256; c++) {
      if (folded.contains(c)) {
        out.append((char) c);
      }
    }
    return out.toString();
  }

  /** Appends the set in RE2 syntax: one escaped character, or a bracketed class of ranges. */
  void appendTo(StringBuilder out) {
    int size = size();
    if (size == 1) {
      appendChar(out, first());
      return;
    }
    if (size == 0) {
      out.append("[^\\x00-\\x{10FFFF}]"); // matches nothing
      return;
    }
    out.append('[');
    int c = 0;
    while (c < 256) {
      if (!contains(c)) {
        c++;
        continue;
      }
      int end = c;
      while (end + 1 < 256 && contains(end + 1)) {
        end++;
      }
      appendChar(out, c);
      if (end > c) {
        out.append('-');
        appendChar(out, end);
      }
      c = end + 1;
    }
    out.append(']');
  }

  private static void appendChar(StringBuilder out, int c) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      out.append((char) c);
    } else {
      out.append("\\x")
          .append(Character.forDigit(c >> 4, 16))
          .append(Character.forDigit(c & 15, 16));
    }
  }
}

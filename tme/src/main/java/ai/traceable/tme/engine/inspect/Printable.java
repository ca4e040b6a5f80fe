package ai.traceable.tme.engine.inspect;

/**
 * The textual content of binary data: its runs of printable ASCII (with tab, CR and LF) of at least
 * {@link #MIN_RUN} characters, joined by newlines, much as {@code strings(1)} finds them. A script
 * uploaded with an image content type is one long run; the short runs that random bytes form by
 * chance are left out. Linear in the input; stateless.
 */
final class Printable {
  /** Shorter runs occur by chance in compressed data (about one in 10^5 positions for 10). */
  static final int MIN_RUN = 10;

  private Printable() {}

  /** The printable runs of {@code bytes[from, to)}, or an empty string when there are none. */
  static String runs(byte[] bytes, int from, int to) {
    StringBuilder out = null;
    int start = -1;
    for (int i = from; i <= to; i++) {
      boolean printable = i < to && printable(bytes[i] & 0xff);
      if (printable) {
        if (start < 0) {
          start = i;
        }
        continue;
      }
      if (start >= 0 && i - start >= MIN_RUN) {
        out = out == null ? new StringBuilder(i - start) : out.append('\n');
        for (int j = start; j < i; j++) {
          out.append((char) bytes[j]);
        }
      }
      start = -1;
    }
    return out == null ? "" : out.toString();
  }

  /**
   * The printable runs of a part that was read as text (the body was decoded leniently as UTF-8, so
   * the part's bytes are chars here; anything outside printable ASCII ends a run).
   */
  static String runs(String text) {
    StringBuilder out = null;
    int start = -1;
    int n = text.length();
    for (int i = 0; i <= n; i++) {
      if (i < n && printable(text.charAt(i))) {
        if (start < 0) {
          start = i;
        }
        continue;
      }
      if (start >= 0 && i - start >= MIN_RUN) {
        out = out == null ? new StringBuilder(i - start) : out.append('\n');
        out.append(text, start, i);
      }
      start = -1;
    }
    return out == null ? "" : out.toString();
  }

  private static boolean printable(int c) {
    return c >= 0x20 && c < 0x7f || c == '\t' || c == '\r' || c == '\n';
  }
}

package ai.traceable.tme.engine.response;

/**
 * Where one match lies in a body: {@code [start, end)} byte offsets, the part a redaction masks.
 *
 * @param start first byte masked
 * @param end one past the last byte masked
 */
public record LeakSpan(int start, int end) {
  public LeakSpan {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
    }
  }
}

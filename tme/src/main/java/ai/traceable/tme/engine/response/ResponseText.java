package ai.traceable.tme.engine.response;

import java.nio.charset.StandardCharsets;

/**
 * A response body as the detectors read it: one char per byte (ISO-8859-1), so a match's offsets
 * are byte offsets into the body and masking needs no re-encoding; every pattern is ASCII, which
 * UTF-8 text keeps byte for byte. {@link #lower} is the same text with ASCII letters lower-cased
 * (and only those, so offsets stay aligned). Immutable.
 */
public final class ResponseText {
  private final String text;
  private final String lower;

  private ResponseText(String text) {
    this.text = text;
    char[] chars = text.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      char c = chars[i];
      if (c >= 'A' && c <= 'Z') {
        chars[i] = (char) (c + 32);
      }
    }
    this.lower = new String(chars);
  }

  /** The first {@code max} bytes of {@code body}. */
  public static ResponseText of(byte[] body, int max) {
    return new ResponseText(
        new String(body, 0, Math.min(max, body.length), StandardCharsets.ISO_8859_1));
  }

  /** For tests and callers holding text: characters above U+00FF are read as '?'. */
  public static ResponseText of(String text) {
    return new ResponseText(text);
  }

  public String text() {
    return text;
  }

  public String lower() {
    return lower;
  }

  public int length() {
    return text.length();
  }
}

package ai.traceable.tme.capture;

import java.util.Locale;

/**
 * Redacts a multipart body (RFC 7578 {@code multipart/form-data}, and any other {@code multipart/*}
 * whose parts name themselves the same way) by field name: the content of every part whose {@code
 * Content-Disposition} {@code name} is sensitive is replaced; boundaries, part headers and every
 * other part stay as they are. A body without a usable boundary is replaced whole, since its fields
 * cannot be told apart; a part cut short by truncation is redacted up to the end. One pass, linear
 * in the body. Stateless.
 */
final class MultipartRedaction {
  private MultipartRedaction() {}

  /**
   * @param contentType the content type as sent (the boundary is case-sensitive)
   */
  static String redact(String body, String contentType, Redactor redactor) {
    String boundary = boundary(contentType);
    if (boundary == null) {
      return Redactor.MARKER;
    }
    String delimiter = "--" + boundary;
    int pos = body.indexOf(delimiter);
    if (pos < 0) {
      return Redactor.MARKER;
    }
    StringBuilder out = new StringBuilder(body.length());
    out.append(body, 0, pos); // the preamble, ignored by parsers
    while (pos >= 0) {
      out.append(delimiter);
      int next = body.indexOf(delimiter, pos + delimiter.length());
      part(body, pos + delimiter.length(), next < 0 ? body.length() : next, out, redactor);
      pos = next;
    }
    return out.toString();
  }

  /** One part: {@code [from, to)} lies between its delimiter and the next one (or the end). */
  private static void part(String body, int from, int to, StringBuilder out, Redactor redactor) {
    if (from == body.length() || body.startsWith("--", from)) {
      out.append(body, from, to); // the close delimiter and the epilogue
      return;
    }
    int contentStart = headersEnd(body, from, to);
    if (contentStart < 0) {
      out.append(body, from, to); // cut inside the part's headers: no value yet
      return;
    }
    String name = fieldName(body.substring(from, contentStart));
    out.append(body, from, contentStart);
    if (name == null || !redactor.sensitiveField(name)) {
      out.append(body, contentStart, to);
      return;
    }
    // the line break before the next delimiter belongs to the delimiter
    int contentEnd = to;
    if (to < body.length() && body.startsWith("\r\n", to - 2) && to - 2 >= contentStart) {
      contentEnd = to - 2;
    } else if (to < body.length() && to - 1 >= contentStart && body.charAt(to - 1) == '\n') {
      contentEnd = to - 1;
    }
    out.append(redactor.replace(body.substring(contentStart, contentEnd)));
    out.append(body, contentEnd, to);
  }

  /**
   * Where the content of the part in {@code [from, to)} starts, after the blank line that ends its
   * headers, or -1. Searches within the part only: searching past it for every part would make the
   * pass quadratic in the number of parts.
   */
  private static int headersEnd(String body, int from, int to) {
    for (int i = from; i + 1 < to; i++) {
      if (body.charAt(i) != '\n') {
        continue;
      }
      if (body.charAt(i + 1) == '\n') {
        return i + 2;
      }
      if (i + 2 < to && body.charAt(i + 1) == '\r' && body.charAt(i + 2) == '\n') {
        return i + 3;
      }
    }
    return -1;
  }

  /** The {@code name} parameter of the part's Content-Disposition header, or null. */
  static String fieldName(String headers) {
    for (String line : headers.split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon < 0 || !line.substring(0, colon).trim().equalsIgnoreCase("content-disposition")) {
        continue;
      }
      return parameter(line.substring(colon + 1), "name");
    }
    return null;
  }

  /** The boundary parameter of a multipart content type, or null. */
  static String boundary(String contentType) {
    String b = parameter(contentType, "boundary");
    return b == null || b.isEmpty() ? null : b;
  }

  /** A parameter of a header value ({@code type; key=value; key="quoted value"}), or null. */
  private static String parameter(String value, String key) {
    int i = value.indexOf(';');
    while (i >= 0 && i < value.length()) {
      int eq = value.indexOf('=', i + 1);
      if (eq < 0) {
        return null;
      }
      String k = value.substring(i + 1, eq).trim().toLowerCase(Locale.ROOT);
      int start = eq + 1;
      while (start < value.length() && value.charAt(start) == ' ') {
        start++;
      }
      String v;
      int after;
      if (start < value.length() && value.charAt(start) == '"') {
        int close = value.indexOf('"', start + 1);
        v = value.substring(start + 1, close < 0 ? value.length() : close);
        after = close < 0 ? value.length() : close + 1;
      } else {
        int semi = value.indexOf(';', start);
        v = value.substring(start, semi < 0 ? value.length() : semi).trim();
        after = semi < 0 ? value.length() : semi;
      }
      if (k.equals(key)) {
        return v;
      }
      i = value.indexOf(';', after);
    }
    return null;
  }
}

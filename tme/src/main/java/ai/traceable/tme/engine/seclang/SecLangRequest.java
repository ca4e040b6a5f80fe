package ai.traceable.tme.engine.seclang;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * One HTTP request as the SecLang engine sees it. Every text field is a byte string: a String whose
 * chars are all 0..255, one per byte of the wire form (use {@link #bytes(String)} to turn Unicode
 * text into that form). Immutable.
 *
 * @param method the method, as sent
 * @param uri the request target, as sent (path and query, or an absolute URI)
 * @param protocol the protocol, {@code HTTP/1.1} for example
 * @param headers the headers in arrival order, names as sent; a repeated header appears repeatedly
 * @param remoteAddress the client address
 * @param remotePort the client port, or 0
 * @param body the body bytes, possibly empty
 */
public record SecLangRequest(
    String method,
    String uri,
    String protocol,
    List<Header> headers,
    String remoteAddress,
    int remotePort,
    byte[] body) {

  /** One header line. */
  public record Header(String name, String value) {
    public Header {
      Objects.requireNonNull(name);
      Objects.requireNonNull(value);
    }
  }

  public SecLangRequest {
    method = Objects.requireNonNullElse(method, "");
    uri = Objects.requireNonNullElse(uri, "");
    protocol = Objects.requireNonNullElse(protocol, "");
    headers = List.copyOf(Objects.requireNonNullElse(headers, List.of()));
    remoteAddress = Objects.requireNonNullElse(remoteAddress, "");
    body = Objects.requireNonNullElse(body, new byte[0]);
  }

  /** The byte-string form of Unicode text: its UTF-8 bytes, one char each. */
  public static String bytes(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  /** The value of the first header called {@code name} (case-insensitive), or null. */
  public String header(String name) {
    for (Header h : headers) {
      if (h.name().equalsIgnoreCase(name)) {
        return h.value();
      }
    }
    return null;
  }
}

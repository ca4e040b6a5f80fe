package ai.traceable.tme.engine.inspect;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the engine sees of one HTTP request, independent of the transport that delivered it.
 *
 * <p>Immutable and safe to share between threads. Header names are lower-case; a header that occurs
 * several times keeps each value in arrival order.
 *
 * @param method the HTTP method, upper-case (for example {@code GET})
 * @param path the request target as sent by the client: path plus query string
 * @param host the {@code :authority} / {@code host} value, possibly empty
 * @param headers lower-case header name to its values
 * @param body request body bytes as forwarded by the proxy, possibly empty
 * @param bodyTruncated whether the proxy forwarded only a prefix of the body
 * @param sourceAddress the socket peer address of the downstream client, possibly empty
 * @param sourcePort the socket peer port, or 0 when unknown
 */
public record RequestView(
    String method,
    String path,
    String host,
    Map<String, List<String>> headers,
    byte[] body,
    boolean bodyTruncated,
    String sourceAddress,
    int sourcePort) {

  public RequestView {
    method = Objects.requireNonNullElse(method, "").toUpperCase(Locale.ROOT);
    path = Objects.requireNonNullElse(path, "");
    host = Objects.requireNonNullElse(host, "");
    headers = Map.copyOf(Objects.requireNonNullElse(headers, Map.of()));
    body = Objects.requireNonNullElse(body, new byte[0]);
    sourceAddress = Objects.requireNonNullElse(sourceAddress, "");
  }

  /** The path without the query string. */
  public String pathOnly() {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }

  /** The query string without the leading {@code ?}, or an empty string. */
  public String rawQuery() {
    int q = path.indexOf('?');
    return q < 0 ? "" : path.substring(q + 1);
  }

  /** All values of a header (name matched case-insensitively), in arrival order. */
  public List<String> header(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  /**
   * The client's address: the socket peer when {@code trustedHops} is 0, otherwise the entry of
   * {@code x-forwarded-for} that many hops from the right (1 = the last entry, added by the proxy
   * next to tme). Falls back to the socket peer when the header has fewer entries, so a client
   * cannot choose its address by sending a short header.
   */
  public String clientAddress(int trustedHops) {
    if (trustedHops <= 0) {
      return sourceAddress;
    }
    List<String> xff = header("x-forwarded-for");
    if (xff.isEmpty()) {
      return sourceAddress;
    }
    String[] hops = String.join(",", xff).split(",");
    int index = hops.length - trustedHops;
    if (index < 0) {
      return sourceAddress;
    }
    String address = hops[index].strip();
    return address.isEmpty() ? sourceAddress : address;
  }

  /** The value of {@code x-request-id}, or an empty string. */
  public String requestId() {
    List<String> ids = header("x-request-id");
    return ids.isEmpty() ? "" : ids.get(0);
  }
}

package ai.traceable.tme.server;

import ai.traceable.tme.engine.inspect.RequestView;
import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.HeaderMap;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads ext_proc's protobuf messages into plain values: header maps, the {@link RequestView} the
 * engine evaluates, the response status. The only code that reads ext_proc request messages besides
 * the exchange's dispatch on their kind. Stateless.
 *
 * <p>Envoy sends header values as bytes ({@code raw_value}) or, in older versions, as strings; both
 * are read. Pseudo-headers ({@code :method}, {@code :path}, {@code :authority}, {@code :scheme},
 * {@code :status}) are kept in the map as ext_authz's {@code CheckRequest} keeps them. The client's
 * address is not in the headers: Envoy sends it as the {@code source.address} attribute when the
 * filter's {@code request_attributes} ask for it (the chart does).
 */
final class ExtProcRequests {
  /** Namespace of the attributes Envoy's ext_proc filter sends. */
  static final String ATTRIBUTES = "envoy.filters.http.ext_proc";

  private ExtProcRequests() {}

  /**
   * Headers as read: lower-case name to values, repeated headers in order.
   *
   * @param invalidUtf8 whether a value held bytes that are not UTF-8 (read as Check reads them)
   */
  record Headers(Map<String, List<String>> map, boolean invalidUtf8) {}

  /**
   * Lower-case name to values, repeated headers in order. A {@code raw_value} that is not UTF-8
   * (Envoy passes header bytes on unchecked) is read as {@link CheckRequestRepair} reads such a
   * string in a Check: valid sequences as they are, every other byte as its ISO-8859-1 character,
   * so nothing is lost to replacement characters and the detectors see what the upstream gets.
   */
  static Headers headers(HeaderMap map) {
    Map<String, List<String>> out = new HashMap<>(map.getHeadersCount() * 2);
    boolean invalid = false;
    for (HeaderValue h : map.getHeadersList()) {
      ByteString raw = h.getRawValue();
      String value;
      if (raw.isEmpty()) {
        value = h.getValue();
      } else if (raw.isValidUtf8()) {
        value = raw.toStringUtf8();
      } else {
        invalid = true;
        byte[] bytes = raw.toByteArray();
        value =
            new String(
                CheckRequestRepair.Walk.latin1Fallback(bytes, 0, bytes.length),
                StandardCharsets.UTF_8);
      }
      out.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1)).add(value);
    }
    out.replaceAll((k, v) -> List.copyOf(v));
    return new Headers(out, invalid);
  }

  /** The request as the engine sees it. */
  static RequestView view(
      Map<String, List<String>> headers, byte[] body, boolean truncated, ProcessingRequest first) {
    String host = first(headers, ":authority");
    if (host.isEmpty()) {
      host = first(headers, "host");
    }
    String[] source = source(first);
    int port = 0;
    try {
      port = source[1].isEmpty() ? 0 : Integer.parseInt(source[1]);
    } catch (NumberFormatException e) {
      port = 0;
    }
    return new RequestView(
        first(headers, ":method"),
        first(headers, ":path"),
        host,
        headers,
        body,
        truncated,
        source[0],
        port);
  }

  /** The {@code :status} of response headers, or 0. */
  static int status(Map<String, List<String>> headers) {
    try {
      return Integer.parseInt(first(headers, ":status"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? "" : values.get(0);
  }

  /**
   * Address and port of the client from the {@code source.address} attribute ({@code ip:port}, IPv6
   * in brackets) and {@code source.port}; empty strings when Envoy sent none.
   */
  static String[] source(ProcessingRequest request) {
    Struct attributes = request.getAttributesMap().get(ATTRIBUTES);
    if (attributes == null) {
      return new String[] {"", ""};
    }
    String address = text(attributes.getFieldsMap().get("source.address"));
    String port = text(attributes.getFieldsMap().get("source.port"));
    int colon = address.lastIndexOf(':');
    if (colon > 0 && address.indexOf(':') == colon) { // ipv4:port
      if (port.isEmpty()) {
        port = address.substring(colon + 1);
      }
      address = address.substring(0, colon);
    } else if (address.startsWith("[") && address.indexOf("]:") > 0) { // [ipv6]:port
      int close = address.indexOf("]:");
      if (port.isEmpty()) {
        port = address.substring(close + 2);
      }
      address = address.substring(1, close);
    }
    return new String[] {address, port};
  }

  private static String text(Value value) {
    if (value == null) {
      return "";
    }
    return switch (value.getKindCase()) {
      case STRING_VALUE -> value.getStringValue();
      case NUMBER_VALUE -> Long.toString((long) value.getNumberValue());
      default -> "";
    };
  }
}

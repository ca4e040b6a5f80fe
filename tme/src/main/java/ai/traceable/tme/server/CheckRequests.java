package ai.traceable.tme.server;

import ai.traceable.tme.engine.inspect.RequestView;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Converts Envoy's {@link CheckRequest} into the engine's {@link RequestView}; the only place that
 * reads the request protobuf. Stateless.
 *
 * <p>Envoy puts the query inside {@code path} and leaves {@code query} empty; header names are
 * lower-case. With {@code encode_raw_headers} Envoy fills {@code header_map} (each occurrence,
 * values as bytes) instead of {@code headers} (occurrences joined with commas); both are read.
 */
final class CheckRequests {
  /** Envoy sets this header when it forwarded only part of the body. */
  static final String PARTIAL_BODY_HEADER = "x-envoy-auth-partial-body";

  private CheckRequests() {}

  static RequestView toView(CheckRequest check) {
    AttributeContext attributes = check.getAttributes();
    AttributeContext.HttpRequest http = attributes.getRequest().getHttp();
    Map<String, List<String>> headers = headers(http);
    byte[] body =
        !http.getRawBody().isEmpty()
            ? http.getRawBody().toByteArray()
            : http.getBody().getBytes(StandardCharsets.UTF_8);
    List<String> partial = headers.getOrDefault(PARTIAL_BODY_HEADER, List.of());
    boolean truncated = !partial.isEmpty() && "true".equalsIgnoreCase(partial.get(0));
    SocketAddress source = attributes.getSource().getAddress().getSocketAddress();
    String path = http.getPath();
    if (!http.getQuery().isEmpty() && path.indexOf('?') < 0) {
      path = path + "?" + http.getQuery();
    }
    return new RequestView(
        http.getMethod(),
        path,
        http.getHost(),
        headers,
        body,
        truncated,
        source.getAddress(),
        source.getPortValue());
  }

  private static Map<String, List<String>> headers(AttributeContext.HttpRequest http) {
    if (http.hasHeaderMap() && http.getHeaderMap().getHeadersCount() > 0) {
      Map<String, List<String>> out = new HashMap<>();
      for (HeaderValue h : http.getHeaderMap().getHeadersList()) {
        String value = h.getRawValue().isEmpty() ? h.getValue() : h.getRawValue().toStringUtf8();
        out.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1))
            .add(value);
      }
      out.replaceAll((k, v) -> List.copyOf(v));
      return out;
    }
    Map<String, String> flat = http.getHeadersMap();
    Map<String, List<String>> out = new HashMap<>(flat.size() * 2);
    for (Map.Entry<String, String> e : flat.entrySet()) {
      out.put(e.getKey().toLowerCase(Locale.ROOT), List.of(e.getValue()));
    }
    return out;
  }
}

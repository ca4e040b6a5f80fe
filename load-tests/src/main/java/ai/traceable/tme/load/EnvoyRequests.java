package ai.traceable.tme.load;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HeaderMap;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Builds {@link CheckRequest}s the way Envoy's ext_authz HTTP filter does: the query stays inside
 * {@code path} ({@code query} is left empty), header names are lower-case and include the HTTP/2
 * pseudo-headers {@code :authority}, {@code :path}, {@code :method} and {@code :scheme}, the
 * downstream client is {@code attributes.source}, and a buffered body goes to {@code body} (or to
 * {@code raw_body} with {@code pack_as_bytes}).
 *
 * <p>Used by the load scenarios and the conformance tests. A {@link Builder} is mutable and not
 * thread-safe; the requests it builds are immutable.
 */
public final class EnvoyRequests {
  private EnvoyRequests() {}

  /** A {@code GET} of {@code pathWithQuery}, for example {@code /search?q=1}. */
  public static Builder get(String pathWithQuery) {
    return request("GET", pathWithQuery);
  }

  /** A request with any method, for example {@code TRACE} or {@code POST}. */
  public static Builder request(String method, String pathWithQuery) {
    return new Builder(method, pathWithQuery);
  }

  /** Collects one request; {@link #build()} may be called more than once. */
  public static final class Builder {
    private final String method;
    private final String path;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> contextExtensions = new LinkedHashMap<>();
    private String host = "shop.example.com";
    private String scheme = "https";
    private String sourceAddress = "198.51.100.23";
    private int sourcePort = 51234;
    private String destinationAddress = "10.0.0.12";
    private int destinationPort = 8443;
    private String id = "7523919412683041239";
    private Instant time = Instant.parse("2026-11-25T12:00:00Z");
    private byte[] body;
    private boolean bodyAsBytes;
    private boolean rawHeaderMap;

    private Builder(String method, String path) {
      this.method = method;
      this.path = path;
    }

    /** The {@code Host} / {@code :authority} of the request. */
    public Builder host(String value) {
      this.host = value;
      return this;
    }

    public Builder scheme(String value) {
      this.scheme = value;
      return this;
    }

    /** Adds a header; the name is lower-cased as Envoy does. A later value replaces an earlier. */
    public Builder header(String name, String value) {
      headers.put(name.toLowerCase(Locale.ROOT), value);
      return this;
    }

    /** The downstream client's address and port ({@code attributes.source}). */
    public Builder source(String address, int port) {
      this.sourceAddress = address;
      this.sourcePort = port;
      return this;
    }

    /** The address Envoy received the request on ({@code attributes.destination}). */
    public Builder destination(String address, int port) {
      this.destinationAddress = address;
      this.destinationPort = port;
      return this;
    }

    /** Envoy's stream id ({@code request.http.id}). */
    public Builder id(String value) {
      this.id = value;
      return this;
    }

    public Builder time(Instant value) {
      this.time = value;
      return this;
    }

    /** A buffered body sent as the UTF-8 {@code body} string ({@code with_request_body}). */
    public Builder body(String text) {
      this.body = text.getBytes(StandardCharsets.UTF_8);
      this.bodyAsBytes = false;
      return this;
    }

    /** A buffered body sent as {@code raw_body} bytes ({@code pack_as_bytes: true}). */
    public Builder rawBody(byte[] bytes) {
      this.body = bytes.clone();
      this.bodyAsBytes = true;
      return this;
    }

    /**
     * Puts headers in {@code header_map} instead of {@code headers} ({@code encode_raw_headers}).
     */
    public Builder rawHeaderMap(boolean value) {
      this.rawHeaderMap = value;
      return this;
    }

    /** A per-route {@code context_extensions} entry. */
    public Builder contextExtension(String key, String value) {
      contextExtensions.put(key, value);
      return this;
    }

    public CheckRequest build() {
      Map<String, String> all = new LinkedHashMap<>();
      all.put(":authority", host);
      all.put(":path", path);
      all.put(":method", method);
      all.put(":scheme", scheme);
      if (body != null) {
        all.put("content-length", Integer.toString(body.length));
      }
      all.putAll(headers);
      AttributeContext.HttpRequest.Builder http =
          AttributeContext.HttpRequest.newBuilder()
              .setId(id)
              .setMethod(method)
              .setPath(path)
              .setHost(host)
              .setScheme(scheme)
              .setProtocol("HTTP/1.1")
              .setSize(body == null ? 0 : body.length);
      if (rawHeaderMap) {
        HeaderMap.Builder map = HeaderMap.newBuilder();
        all.forEach(
            (name, value) ->
                map.addHeaders(
                    HeaderValue.newBuilder()
                        .setKey(name)
                        .setRawValue(ByteString.copyFromUtf8(value))));
        http.setHeaderMap(map);
      } else {
        http.putAllHeaders(all);
      }
      if (body != null) {
        if (bodyAsBytes) {
          http.setRawBody(ByteString.copyFrom(body));
        } else {
          http.setBody(new String(body, StandardCharsets.UTF_8));
        }
      }
      AttributeContext attributes =
          AttributeContext.newBuilder()
              .setSource(peer(sourceAddress, sourcePort))
              .setDestination(peer(destinationAddress, destinationPort))
              .setRequest(
                  AttributeContext.Request.newBuilder()
                      .setTime(
                          Timestamp.newBuilder()
                              .setSeconds(time.getEpochSecond())
                              .setNanos(time.getNano()))
                      .setHttp(http))
              .putAllContextExtensions(contextExtensions)
              .build();
      return CheckRequest.newBuilder().setAttributes(attributes).build();
    }

    private static AttributeContext.Peer peer(String address, int port) {
      return AttributeContext.Peer.newBuilder()
          .setAddress(
              Address.newBuilder()
                  .setSocketAddress(
                      SocketAddress.newBuilder().setAddress(address).setPortValue(port)))
          .build();
    }
  }
}

package ai.traceable.tme.engine.seclang.ftw;

import ai.traceable.tme.engine.seclang.SecLangRequest;
import com.google.protobuf.ByteString;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HeaderMap;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The CheckRequest Envoy sends for a go-ftw request: HTTP/1 {@code Host} becomes {@code :authority}
 * and the request's host, header names are lower-case, headers travel in {@code header_map} with
 * raw bytes ({@code encode_raw_headers}), the body as {@code raw_body}. A request whose target or
 * headers are not UTF-8 has no such form (Envoy's path and tme's header values are UTF-8 strings),
 * and yields null.
 */
final class CheckRequestOf {

  private CheckRequestOf() {}

  static CheckRequest of(SecLangRequest r) {
    String path = utf8(r.uri());
    if (path == null) {
      return null;
    }
    HeaderMap.Builder headers = HeaderMap.newBuilder();
    String host = "";
    headers.addHeaders(raw(":method", r.method()));
    headers.addHeaders(raw(":path", path));
    headers.addHeaders(raw(":scheme", "http"));
    for (SecLangRequest.Header h : r.headers()) {
      String name = utf8(h.name());
      String value = utf8(h.value());
      if (name == null || value == null) {
        return null;
      }
      name = name.toLowerCase(Locale.ROOT);
      if (name.equals("host")) {
        host = value;
        headers.addHeaders(raw(":authority", value));
      } else {
        headers.addHeaders(raw(name, value));
      }
    }
    AttributeContext.HttpRequest http =
        AttributeContext.HttpRequest.newBuilder()
            .setId("ftw")
            .setMethod(r.method())
            .setPath(path)
            .setHost(host)
            .setScheme("http")
            .setProtocol(r.protocol())
            .setHeaderMap(headers)
            .setRawBody(ByteString.copyFrom(r.body()))
            .build();
    Address source =
        Address.newBuilder()
            .setSocketAddress(
                SocketAddress.newBuilder()
                    .setAddress(r.remoteAddress())
                    .setPortValue(r.remotePort()))
            .build();
    return CheckRequest.newBuilder()
        .setAttributes(
            AttributeContext.newBuilder()
                .setSource(AttributeContext.Peer.newBuilder().setAddress(source))
                .setRequest(AttributeContext.Request.newBuilder().setHttp(http)))
        .build();
  }

  private static HeaderValue raw(String name, String value) {
    return HeaderValue.newBuilder()
        .setKey(name)
        .setRawValue(ByteString.copyFrom(value, StandardCharsets.UTF_8))
        .build();
  }

  /** The Unicode text whose UTF-8 bytes {@code byteString} holds, or null when it is not UTF-8. */
  private static String utf8(String byteString) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(byteString.getBytes(StandardCharsets.ISO_8859_1)))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}

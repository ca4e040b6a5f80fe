package ai.traceable.tme.server;

import ai.traceable.tme.engine.inspect.RequestView;
import com.google.protobuf.ByteString;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.util.Map;
import java.util.function.UnaryOperator;

/** CheckRequests shaped the way Envoy's ext_authz filter builds them. */
final class Requests {
  private Requests() {}

  /** A copy of {@code check} with its HTTP attributes changed by {@code edit}. */
  static CheckRequest withHttp(
      CheckRequest check, UnaryOperator<AttributeContext.HttpRequest.Builder> edit) {
    AttributeContext attributes = check.getAttributes();
    AttributeContext.Request request = attributes.getRequest();
    return check.toBuilder()
        .setAttributes(
            attributes.toBuilder()
                .setRequest(request.toBuilder().setHttp(edit.apply(request.getHttp().toBuilder()))))
        .build();
  }

  static RequestView view(String path) {
    return CheckRequests.toView(get(path));
  }

  static CheckRequest get(String path) {
    return http("GET", path, Map.of("user-agent", "Mozilla/5.0"), "198.51.100.7", null);
  }

  static CheckRequest http(
      String method, String path, Map<String, String> extraHeaders, String sourceIp, byte[] body) {
    AttributeContext.HttpRequest.Builder http =
        AttributeContext.HttpRequest.newBuilder()
            .setId("12345")
            .setMethod(method)
            .setPath(path)
            .setHost("api.example.com")
            .setScheme("https")
            .setProtocol("HTTP/1.1")
            .putHeaders(":authority", "api.example.com")
            .putHeaders(":path", path)
            .putHeaders(":method", method)
            .putHeaders(":scheme", "https")
            .putHeaders("x-request-id", "8a7c1e52-2d4b-4c5e-9d2f-0b1c2d3e4f50")
            .putHeaders("accept", "application/json");
    extraHeaders.forEach(http::putHeaders);
    if (body != null) {
      http.setRawBody(ByteString.copyFrom(body)).setSize(body.length);
    }
    return CheckRequest.newBuilder()
        .setAttributes(
            AttributeContext.newBuilder()
                .setSource(
                    AttributeContext.Peer.newBuilder()
                        .setAddress(
                            Address.newBuilder()
                                .setSocketAddress(
                                    SocketAddress.newBuilder()
                                        .setAddress(sourceIp)
                                        .setPortValue(51234))))
                .setRequest(AttributeContext.Request.newBuilder().setHttp(http)))
        .build();
  }
}

package ai.traceable.tme.load;

import com.google.protobuf.ByteString;
import io.envoyproxy.envoy.config.core.v3.HeaderMap;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpBody;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpHeaders;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A scenario's request as the ext_proc messages Envoy's filter sends for a whole exchange, with
 * headers and bodies buffered: request headers, the request body when there is one, response
 * headers and a JSON response body (~450 bytes, nothing in it that response inspection reports).
 * Stateless.
 */
final class ExtProcExchanges {
  static final String RESPONSE_BODY =
      "{\"items\":["
          + "{\"id\":1,\"name\":\"espresso cup\",\"price\":12.5,\"stock\":140},".repeat(6)
          + "{\"id\":7,\"name\":\"saucer\",\"price\":4.0,\"stock\":12}],\"page\":1,\"pages\":3}";

  private ExtProcExchanges() {}

  static List<ProcessingRequest> of(CheckRequest check) {
    AttributeContext.HttpRequest http = check.getAttributes().getRequest().getHttp();
    ByteString body =
        !http.getRawBody().isEmpty()
            ? http.getRawBody()
            : ByteString.copyFrom(http.getBody(), StandardCharsets.UTF_8);
    HeaderMap.Builder headers = HeaderMap.newBuilder();
    boolean pseudo = false;
    for (Map.Entry<String, String> h : http.getHeadersMap().entrySet()) {
      pseudo |= h.getKey().startsWith(":");
      headers.addHeaders(raw(h.getKey(), h.getValue()));
    }
    if (!pseudo) {
      headers.addHeaders(raw(":method", http.getMethod()));
      headers.addHeaders(raw(":path", http.getPath()));
      headers.addHeaders(raw(":authority", http.getHost()));
    }
    List<ProcessingRequest> out = new ArrayList<>(4);
    out.add(
        ProcessingRequest.newBuilder()
            .setRequestHeaders(
                HttpHeaders.newBuilder().setHeaders(headers).setEndOfStream(body.isEmpty()))
            .build());
    if (!body.isEmpty()) {
      out.add(
          ProcessingRequest.newBuilder()
              .setRequestBody(HttpBody.newBuilder().setBody(body).setEndOfStream(true))
              .build());
    }
    out.add(
        ProcessingRequest.newBuilder()
            .setResponseHeaders(
                HttpHeaders.newBuilder()
                    .setHeaders(
                        HeaderMap.newBuilder()
                            .addHeaders(raw(":status", "200"))
                            .addHeaders(raw("content-type", "application/json"))
                            .addHeaders(
                                raw("content-length", Integer.toString(RESPONSE_BODY.length()))))
                    .setEndOfStream(false))
            .build());
    out.add(
        ProcessingRequest.newBuilder()
            .setResponseBody(
                HttpBody.newBuilder()
                    .setBody(ByteString.copyFromUtf8(RESPONSE_BODY))
                    .setEndOfStream(true))
            .build());
    return List.copyOf(out);
  }

  private static HeaderValue raw(String key, String value) {
    return HeaderValue.newBuilder()
        .setKey(key)
        .setRawValue(ByteString.copyFrom(value, StandardCharsets.UTF_8))
        .build();
  }
}

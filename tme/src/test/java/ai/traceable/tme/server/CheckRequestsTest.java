package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.inspect.RequestView;
import com.google.protobuf.ByteString;
import io.envoyproxy.envoy.config.core.v3.HeaderMap;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckRequestsTest {

  @Test
  void readsMethodPathHostHeadersAndSourceTheWayEnvoySendsThem() {
    RequestView view =
        CheckRequests.toView(
            Requests.http(
                "POST", "/search?q=%27or", Map.of("user-agent", "curl/8"), "2001:db8::7", null));
    assertThat(view.method()).isEqualTo("POST");
    assertThat(view.path()).isEqualTo("/search?q=%27or");
    assertThat(view.pathOnly()).isEqualTo("/search");
    assertThat(view.rawQuery()).isEqualTo("q=%27or");
    assertThat(view.host()).isEqualTo("api.example.com");
    assertThat(view.header("User-Agent")).containsExactly("curl/8");
    assertThat(view.header(":authority")).containsExactly("api.example.com");
    assertThat(view.sourceAddress()).isEqualTo("2001:db8::7");
    assertThat(view.sourcePort()).isEqualTo(51234);
    assertThat(view.requestId()).isEqualTo("8a7c1e52-2d4b-4c5e-9d2f-0b1c2d3e4f50");
  }

  @Test
  void rawBodyWinsOverTheStringBodyAndPartialBodyIsFlagged() {
    byte[] raw = {(byte) 0xff, 0, 1};
    CheckRequest base =
        Requests.http("POST", "/u", Map.of("x-envoy-auth-partial-body", "true"), "10.0.0.1", raw);
    RequestView view = CheckRequests.toView(base);
    assertThat(view.body()).containsExactly(raw);
    assertThat(view.bodyTruncated()).isTrue();

    CheckRequest stringBody =
        Requests.withHttp(base, http -> http.clearRawBody().setBody("{\"a\":1}"));
    assertThat(new String(CheckRequests.toView(stringBody).body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":1}");
  }

  @Test
  void headerMapKeepsRepeatedHeadersAndRawValues() {
    AttributeContext.HttpRequest http =
        AttributeContext.HttpRequest.newBuilder()
            .setMethod("GET")
            .setPath("/")
            .setHeaderMap(
                HeaderMap.newBuilder()
                    .addHeaders(HeaderValue.newBuilder().setKey("Cookie").setValue("a=1"))
                    .addHeaders(
                        HeaderValue.newBuilder()
                            .setKey("cookie")
                            .setRawValue(ByteString.copyFromUtf8("b=2"))))
            .build();
    CheckRequest check =
        CheckRequest.newBuilder()
            .setAttributes(
                AttributeContext.newBuilder()
                    .setRequest(AttributeContext.Request.newBuilder().setHttp(http)))
            .build();
    RequestView view = CheckRequests.toView(check);
    assertThat(view.header("cookie")).isEqualTo(List.of("a=1", "b=2"));
  }

  @Test
  void anEmptyRequestBecomesAnEmptyViewNotAnError() {
    RequestView view = CheckRequests.toView(CheckRequest.getDefaultInstance());
    assertThat(view.method()).isEmpty();
    assertThat(view.path()).isEmpty();
    assertThat(view.sourceAddress()).isEmpty();
    assertThat(view.body()).isEmpty();
  }

  @Test
  void aSeparateQueryFieldIsAppendedWhenThePathHasNone() {
    CheckRequest withQuery =
        Requests.withHttp(Requests.get("/items"), http -> http.setQuery("id=3"));
    assertThat(CheckRequests.toView(withQuery).path()).isEqualTo("/items?id=3");
  }
}

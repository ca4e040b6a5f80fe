package ai.traceable.tme.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import org.junit.jupiter.api.Test;

class EnvoyRequestsTest {

  @Test
  void keepsQueryInsidePathAndFillsPseudoHeadersLikeEnvoy() {
    CheckRequest request =
        EnvoyRequests.get("/search?q=1").host("api.example.com").header("User-Agent", "x").build();
    AttributeContext.HttpRequest http = request.getAttributes().getRequest().getHttp();

    assertEquals("/search?q=1", http.getPath());
    assertEquals("", http.getQuery());
    assertEquals("api.example.com", http.getHeadersOrThrow(":authority"));
    assertEquals("/search?q=1", http.getHeadersOrThrow(":path"));
    assertEquals("GET", http.getHeadersOrThrow(":method"));
    assertEquals("https", http.getHeadersOrThrow(":scheme"));
    assertEquals("x", http.getHeadersOrThrow("user-agent"));
    assertEquals("HTTP/1.1", http.getProtocol());
  }

  @Test
  void putsDownstreamClientInSource() {
    CheckRequest request = EnvoyRequests.get("/").source("2001:db8::7", 443).build();
    var socket = request.getAttributes().getSource().getAddress().getSocketAddress();

    assertEquals("2001:db8::7", socket.getAddress());
    assertEquals(443, socket.getPortValue());
  }

  @Test
  void sendsBodyAsStringOrRawBytesWithContentLength() {
    AttributeContext.HttpRequest text =
        EnvoyRequests.request("POST", "/")
            .body("héllo")
            .build()
            .getAttributes()
            .getRequest()
            .getHttp();
    AttributeContext.HttpRequest raw =
        EnvoyRequests.request("POST", "/")
            .rawBody(new byte[] {0, 1, 2})
            .build()
            .getAttributes()
            .getRequest()
            .getHttp();

    assertEquals("héllo", text.getBody());
    assertEquals("6", text.getHeadersOrThrow("content-length"));
    assertEquals(ByteString.copyFrom(new byte[] {0, 1, 2}), raw.getRawBody());
    assertTrue(raw.getBody().isEmpty());
    assertEquals(3, raw.getSize());
  }

  @Test
  void usesHeaderMapInsteadOfHeadersWhenAskedTo() {
    AttributeContext.HttpRequest http =
        EnvoyRequests.get("/")
            .header("x-a", "1")
            .rawHeaderMap(true)
            .build()
            .getAttributes()
            .getRequest()
            .getHttp();

    assertEquals(0, http.getHeadersCount());
    HeaderValue a =
        http.getHeaderMap().getHeadersList().stream()
            .filter(h -> h.getKey().equals("x-a"))
            .findFirst()
            .orElseThrow();
    assertEquals(ByteString.copyFromUtf8("1"), a.getRawValue());
  }
}

package ai.traceable.tme.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpRequestsTest {

  @Test
  void aPostBecomesItsRequestLineHostHeadersAndBody() {
    CheckRequest check =
        EnvoyRequests.request("POST", "/api/v1/orders?debug=1")
            .host("api.example.com")
            .header("Content-Type", "application/json")
            .header("x-api-key", "k1")
            .body("{\"a\":\"é\"}")
            .build();

    String http = new String(HttpRequests.toHttp(check), StandardCharsets.UTF_8);

    assertTrue(
        http.startsWith("POST /api/v1/orders?debug=1 HTTP/1.1\r\nHost: api.example.com\r\n"));
    assertTrue(http.contains("\r\ncontent-type: application/json\r\n"), http);
    assertTrue(http.contains("\r\nx-api-key: k1\r\n"), http);
    // the body's UTF-8 bytes, counted once
    assertTrue(http.contains("\r\ncontent-length: 10\r\n"), http);
    assertEquals(1, http.split("content-length", -1).length - 1, http);
    assertTrue(http.endsWith("\r\nconnection: keep-alive\r\n\r\n{\"a\":\"é\"}"), http);
    assertFalse(http.contains(":authority") || http.contains(":path") || http.contains(":method"));
  }

  @Test
  void aGetHasNoBodyAndNoContentLength() {
    String http =
        new String(
            HttpRequests.toHttp(EnvoyRequests.get("/").header("accept", "*/*").build()),
            StandardCharsets.UTF_8);

    assertFalse(http.contains("content-length"), http);
    assertTrue(http.endsWith("\r\n\r\n"), http);
  }

  @Test
  void readsResponsesOneAfterAnotherOnOneConnection() throws IOException {
    InputStream in =
        stream(
            "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nKeep-Alive: timeout=60\r\n\r\nok\n"
                + "HTTP/1.1 403 Forbidden\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4\r\nnope\r\n3;x=y\r\n!!!\r\n0\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");

    assertEquals(new HttpRequests.Response(200, false), HttpRequests.read(in));
    assertEquals(new HttpRequests.Response(403, false), HttpRequests.read(in));
    assertEquals(new HttpRequests.Response(200, true), HttpRequests.read(in));
    assertEquals(-1, in.read());
  }

  @Test
  void aResponseWithoutLengthEndsWithTheConnection() throws IOException {
    InputStream in = stream("HTTP/1.0 200 OK\r\n\r\nbody until the end");

    assertEquals(new HttpRequests.Response(200, true), HttpRequests.read(in));
  }

  @Test
  void tellsAConnectionClosedBeforeTheResponseFromOneCutInside() {
    assertThrows(HttpRequests.ClosedBeforeResponse.class, () -> HttpRequests.read(stream("")));
    EOFException inside =
        assertThrows(EOFException.class, () -> HttpRequests.read(stream("HTTP/1.1 200 OK\r\n")));
    assertFalse(inside instanceof HttpRequests.ClosedBeforeResponse);
  }

  @Test
  void failsOnACutOrForeignResponse() {
    assertThrows(EOFException.class, () -> HttpRequests.read(stream("HTTP/1.1 200 OK\r\n")));
    assertThrows(
        EOFException.class,
        () -> HttpRequests.read(stream("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nok")));
    assertThrows(IOException.class, () -> HttpRequests.read(stream("SSH-2.0-OpenSSH\r\n\r\n")));
  }

  private static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
  }
}

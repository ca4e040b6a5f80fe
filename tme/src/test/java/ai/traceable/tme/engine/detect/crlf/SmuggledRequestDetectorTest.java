package ai.traceable.tme.engine.detect.crlf;

import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.DetectorTableTest;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

class SmuggledRequestDetectorTest extends DetectorTableTest {
  private static final SmuggledRequestDetector DETECTOR = new SmuggledRequestDetector();

  @Override
  protected Detector detector() {
    return DETECTOR;
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        a(Placement.TEXT, "0\r\n\r\nGET /admin HTTP/1.1\r\nHost: localhost\r\n\r\n", "crlf-140"),
        a(
            Placement.TEXT,
            "q=shoes\r\n\r\nPOST /api/admin/users HTTP/1.1\r\nHost: internal\r\n"
                + "Content-Length: 20\r\n\r\n{\"role\":\"admin\"}",
            "crlf-140"),
        a(Placement.FORM_NAME, "x\r\nDELETE /users/1 HTTP/1.0\r\nX-Role: admin\r\n", "crlf-140"),
        a(Placement.JSON, "a\r\nGET http://internal/ HTTP/1.1\r\nHost: internal\r\n", "crlf-140"));
  }

  static Stream<Arguments> benign() {
    return Stream.of(
        b(Placement.JSON, "log:\n\"GET /api/cart?id=42 HTTP/1.1\" 502 157\n"),
        b(Placement.JSON, "Repro:\nGET /api/items HTTP/1.1\nHost: api.example.com\n"),
        b(Placement.TEXT, "Hello,\r\nplease GET /reports HTTP/1.1 for me\r\nThanks\r\n"),
        b(Placement.TEXT, "GET /a HTTP/1.1\r\nHost: x\r\n"),
        b(Placement.TEXT, "line\r\nGET /a HTTP/1.1\r\n\r\nno header\r\n"),
        b(Placement.TEXT, "line\r\nFETCH /a HTTP/1.1\r\nHost: x\r\n"));
  }
}

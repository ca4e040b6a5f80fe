package ai.traceable.tme.engine.detect.ssrf;

import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.DetectorTableTest;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

class SsrfDetectorTest extends DetectorTableTest {
  private static final SsrfDetector DETECTOR = new SsrfDetector();

  @Override
  protected Detector detector() {
    return DETECTOR;
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        a(Placement.QUERY, "url", "http://169.254.169.254/latest/meta-data/", "ssrf-100"),
        a(
            Placement.QUERY,
            "url",
            "http://metadata.google.internal/computeMetadata/v1/",
            "ssrf-100"),
        a(Placement.QUERY, "host", "169.254.169.254", "ssrf-100"),
        a(Placement.QUERY, "url", "http://[::ffff:a9fe:a9fe]/latest/", "ssrf-100"),
        a(Placement.QUERY, "url", "http://localhost/admin", "ssrf-110"),
        a(Placement.QUERY, "url", "http://127.0.0.1:8080/actuator", "ssrf-110"),
        a(Placement.JSON, "webhook", "http://[::1]/internal", "ssrf-110"),
        a(Placement.QUERY, "url", "http://2130706433/admin", "ssrf-120"),
        a(Placement.QUERY, "url", "http://0177.0.0.1/", "ssrf-120"),
        a(Placement.QUERY, "url", "http://0x7f000001:8080/", "ssrf-120"),
        a(Placement.QUERY, "url", "http://[::ffff:127.0.0.1]/", "ssrf-120"),
        a(Placement.QUERY, "url", "http://127.1/server-status", "ssrf-120"),
        a(Placement.QUERY, "host", "0x7f000001:8080/x", "ssrf-120"),
        a(Placement.QUERY, "url", "gopher://127.0.0.1:6379/_FLUSHALL", "ssrf-130"),
        a(Placement.QUERY, "url", "dict://127.0.0.1:11211/stats", "ssrf-130"),
        a(Placement.JSON, "webhook", "http://10.0.0.5:9200/_cat/indices", "ssrf-140"),
        a(Placement.QUERY, "callback", "https://user@192.168.1.1/hook", "ssrf-140"),
        a(Placement.QUERY, "ip", "172.16.0.10", "ssrf-140"),
        w(Placement.QUERY, "url", "http://customer.127.0.0.1.nip.io/", "ssrf-150"),
        w(Placement.HEADER, "referer", "http://10.0.0.5/admin", "ssrf-160"),
        w(
            Placement.JSON,
            "text",
            "To try it, start the server and open http://localhost:8080/admin in a browser",
            "ssrf-170"));
  }

  static Stream<Arguments> benign() {
    return Stream.of(
        b(Placement.QUERY, "redirect", "https://app.example.com/callback?x=1"),
        b(Placement.QUERY, "url", "https://www.example.com/a//b"),
        b(Placement.QUERY, "v", "1.2.3.4"),
        b(Placement.QUERY, "host", "8.8.8.8"),
        b(Placement.QUERY, "id", "2130706433"),
        b(Placement.HEADER, "referer", "http://localhost:3000/app"),
        b(Placement.PATH, "", "/redirect//localhost/x"),
        b(Placement.JSON, "text", "ratio 1//2 of the time"),
        b(Placement.QUERY, "url", "mailto:someone@example.com"));
  }
}

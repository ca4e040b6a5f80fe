package ai.traceable.tme.engine.detect.scanner;

import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.DetectorTableTest;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

class ScannerDetectorTest extends DetectorTableTest {
  private static final ScannerDetector DETECTOR = new ScannerDetector();

  @Override
  protected Detector detector() {
    return DETECTOR;
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        a(
            Placement.HEADER,
            "user-agent",
            "sqlmap/1.7.2#stable (https://sqlmap.org)",
            "scanner-100"),
        a(
            Placement.HEADER,
            "user-agent",
            "Mozilla/5.0 (compatible; Nuclei - Open-source project (github.com/projectdiscovery/nuclei))",
            "scanner-100"),
        a(Placement.HEADER, "user-agent", "Mozilla/5.00 (Nikto/2.1.6)", "scanner-100"),
        a(Placement.HEADER, "user-agent", "Fuzz Faster U Fool v2.1.0", "scanner-100"),
        a(Placement.HEADER, "x-scanner", "yes", "scanner-110"),
        a(Placement.HEADER, "acunetix-product", "WVS/13", "scanner-110"),
        a(Placement.QUERY, "callback", "http://abc123.oastify.com/x", "scanner-120"),
        a(Placement.HEADER, "referer", "http://c5f1a.interact.sh", "scanner-120"),
        a(Placement.PATH, "", "/.git/config", "scanner-130"),
        a(Placement.PATH, "", "/.env", "scanner-130"),
        a(Placement.PATH, "", "/app/.aws/credentials", "scanner-130"),
        a(Placement.PATH, "", "/actuator/heapdump", "scanner-130"),
        a(Placement.PATH, "", "/phpmyadmin/index.php", "scanner-140"),
        a(Placement.PATH, "", "/server-status", "scanner-140"),
        a(Placement.PATH, "", "/jenkins/script", "scanner-140"));
  }

  static Stream<Arguments> benign() {
    return Stream.of(
        b(Placement.HEADER, "user-agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0"),
        b(Placement.HEADER, "user-agent", "curl/8.5.0"),
        b(Placement.HEADER, "x-request-id", "sqlmap"),
        b(Placement.PATH, "", "/.environment-setup"),
        b(Placement.PATH, "", "/api/.well-known/openid-configuration"),
        b(Placement.PATH, "", "/docs/git/config-reference"),
        b(Placement.PATH, "", "/server-statistics"),
        b(Placement.QUERY, "q", "how to use sqlmap"),
        b(Placement.QUERY, "email", "someone@example.com"));
  }
}

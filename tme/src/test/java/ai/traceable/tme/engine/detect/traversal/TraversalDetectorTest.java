package ai.traceable.tme.engine.detect.traversal;

import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.DetectorTableTest;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

class TraversalDetectorTest extends DetectorTableTest {
  private static final TraversalDetector DETECTOR = new TraversalDetector();

  @Override
  protected Detector detector() {
    return DETECTOR;
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        a(Placement.QUERY, "file", "../../../../etc/passwd", "traversal-100"),
        a(Placement.QUERY, "file", "..%2f..%2f..%2fetc%2fshadow", "traversal-100"),
        a(Placement.QUERY, "file", "....//....//etc/passwd", "traversal-100"),
        a(Placement.QUERY, "file", "..\\..\\windows\\win.ini", "traversal-100"),
        a(Placement.QUERY, "file", "..;/..;/WEB-INF/web.xml", "traversal-100"),
        a(Placement.QUERY, "file", "%252e%252e%252f%252e%252e%252fboot.ini", "traversal-100"),
        a(Placement.QUERY, "file", "../etc/passwd", "traversal-110"),
        a(Placement.JSON, "avatar", "../.ssh/id_rsa", "traversal-110"),
        a(Placement.QUERY, "doc", "/proc/self/environ", "traversal-120"),
        a(Placement.QUERY, "file", "/etc/shadow", "traversal-120"),
        a(Placement.FORM, "template", "C:\\Windows\\win.ini", "traversal-120"),
        a(
            Placement.QUERY,
            "page",
            "php://filter/convert.base64-encode/resource=index.php",
            "traversal-130"),
        a(Placement.QUERY, "page", "phar://uploads/avatar.jpg/shell", "traversal-130"),
        a(Placement.QUERY, "url", "file:///etc/passwd", "traversal-130"),
        a(Placement.PATH, "", "/static/../../etc/passwd", "traversal-140"),
        a(Placement.PATH, "", "/assets/..%2f..%2fconfig.yml", "traversal-140"),
        w(Placement.QUERY, "file", "../images/logo.png", "traversal-150"),
        w(
            Placement.JSON,
            "text",
            "The file /etc/passwd lists the local users on Unix.",
            "traversal-160"));
  }

  static Stream<Arguments> benign() {
    return Stream.of(
        b(Placement.QUERY, "file", "docs/2024/report.pdf"),
        b(Placement.QUERY, "page", "2"),
        b(Placement.QUERY, "v", "1.2.3.4"),
        b(Placement.QUERY, "next", "/dashboard/../settings"),
        b(Placement.JSON, "note", "Read ../README.md for details"),
        b(Placement.JSON, "version", "v1.2.3..v1.3.0"),
        b(Placement.PATH, "", "/downloads/v1.2.3/app-v1.2.3.tar.gz"),
        b(Placement.PATH, "", "/api/.well-known/openid-configuration"),
        b(Placement.PATH, "", "/.environment-setup"),
        b(Placement.QUERY, "ratio", "3:2"),
        b(Placement.JSON, "text", "Wait... what? See section 2.1."));
  }
}

package ai.traceable.tme.engine.detect.rfi;

import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.DetectorTableTest;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

class RfiDetectorTest extends DetectorTableTest {
  private static final RfiDetector DETECTOR = new RfiDetector();

  @Override
  protected Detector detector() {
    return DETECTOR;
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        a(Placement.QUERY, "page", "http://evil.example/shell", "rfi-100"),
        a(Placement.QUERY, "mosConfig_absolute_path", "http://evil.example/", "rfi-100"),
        a(Placement.FORM, "include_path", "ftp://evil.example/pub/", "rfi-100"),
        a(Placement.QUERY, "cfg[path]", "https://evil.example/", "rfi-100"),
        a(Placement.HEADER, "x-template", "http://evil.example/t", "rfi-100"),
        a(Placement.QUERY, "modules", "mod-1,mod-2,http://evil.example/m", "rfi-100"),
        a(Placement.QUERY, "page", "//evil.example/evil.php", "rfi-100"),
        a(Placement.QUERY, "q", "http://evil.example/shell.txt?", "rfi-110"),
        a(Placement.QUERY, "q", "http://evil.example/shell.txt??", "rfi-110"),
        a(Placement.QUERY, "q", "http://evil.example/x.jpg?.php", "rfi-110"),
        a(Placement.QUERY, "q", "http://evil.example/x.txt#", "rfi-110"),
        a(Placement.QUERY, "q", "http://evil.example/x.txt%00", "rfi-110"),
        a(Placement.QUERY, "u", "http://198.51.100.23/r57.php", "rfi-120"),
        a(Placement.QUERY, "u", "http://0xc6336417/x.txt", "rfi-120"),
        a(Placement.QUERY, "u", "http://[2001:db8::7]/x.txt", "rfi-120"),
        a(Placement.QUERY, "u", "https://pastebin.com/raw/Q2xpY2tz", "rfi-120"),
        a(Placement.QUERY, "name", "http://evil.example/m.txt", "rfi-130"),
        a(Placement.JSON, "manifest", "https://evil.example/plugin.php", "rfi-130"),
        a(Placement.QUERY, "p", "HTTP://EVIL.EXAMPLE/X.INC", "rfi-130"));
  }

  static Stream<Arguments> benign() {
    return Stream.of(
        b(Placement.QUERY, "url", "https://www.example.org/articles/spring-recipes"),
        b(Placement.QUERY, "avatar_url", "https://cdn.example.com/u/42.png"),
        b(Placement.QUERY, "page", "about"),
        b(Placement.QUERY, "template", "invoice-v2"),
        b(Placement.QUERY, "include", "author,comments"),
        b(Placement.QUERY, "u", "https://shop.example.com/products/42"),
        b(Placement.QUERY, "source", "https://www.google.com/"),
        b(Placement.JSON, "feed", "https://blog.example.org/feed.xml"),
        b(Placement.FORM, "website", "http://my-portfolio.example.net/"),
        b(Placement.JSON, "content", "see <a href=\"https://example.org/page.php\">this</a>"),
        b(Placement.JSON, "filename", "https://shop.example/assets/app.bundle.7f3a9c.js"),
        b(Placement.QUERY, "url", "https://forum.example.com/viewtopic.php?t=42"),
        b(Placement.JSON, "text", "read http://example.org/notes.txt later"),
        b(Placement.JSON, "cdn", "//cdn.example.com/assets/"),
        b(Placement.QUERY_NAME, "", "http://evil.example/x.txt?"));
  }
}

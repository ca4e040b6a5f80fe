package ai.traceable.tme.engine.detect.xss;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.detect.xss.HtmlTokenizer.Type;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlTokenizerTest {

  /** Renders the tokens of {@code s} compactly: {@code <img src=x onerror=alert(1)>} etc. */
  private static List<String> tokens(String s) {
    HtmlTokenizer t = new HtmlTokenizer(s);
    List<String> out = new ArrayList<>();
    for (Type type = t.next(); type != Type.END; type = t.next()) {
      switch (type) {
        case START_TAG, PROCESSING_INSTRUCTION, END_TAG -> {
          StringBuilder b = new StringBuilder();
          b.append(type == Type.END_TAG ? "</" : type == Type.START_TAG ? "<" : "<?");
          b.append(t.tagName());
          for (int i = 0; i < t.attributeCount(); i++) {
            b.append(' ').append(t.attributeName(i));
            if (t.hasValue(i)) {
              b.append("=[").append(t.attributeValue(i)).append(']');
            }
          }
          if (t.selfClosing()) {
            b.append(" /");
          }
          if (t.unterminated()) {
            b.append(" ...");
          }
          out.add(b.append('>').toString());
        }
        case TEXT -> out.add("text:" + s.substring(t.start(), t.end()));
        default -> out.add(type.name().toLowerCase());
      }
    }
    return out;
  }

  @Test
  void startTagWithUnquotedAttributes() {
    assertThat(tokens("<img src=x onerror=alert(1)>"))
        .containsExactly("<img src=[x] onerror=[alert(1)]>");
  }

  @Test
  void namesAreLowerCasedAndValuesKeepTheirCase() {
    assertThat(tokens("<ScRiPt SRC=//Evil.Example/X.js></sCrIpT>"))
        .containsExactly("<script src=[//Evil.Example/X.js]>", "</script>");
  }

  @Test
  void slashesSeparateAttributesLikeWhitespace() {
    assertThat(tokens("<svg/onload=alert(1)>")).containsExactly("<svg onload=[alert(1)]>");
    assertThat(tokens("<img/src/onerror=prompt(1)>"))
        .containsExactly("<img src onerror=[prompt(1)]>");
  }

  @Test
  void tabsNewlinesAndFormFeedsSeparateAttributes() {
    assertThat(tokens("<img\nsrc=x\tonerror=a()\f\r/>"))
        .containsExactly("<img src=[x] onerror=[a()] />");
  }

  @Test
  void quotedValuesMayHoldSpacesAndTheOtherQuote() {
    assertThat(tokens("<a href=\"x y\" title='it\"s' data-x = w>"))
        .containsExactly("<a href=[x y] title=[it\"s] data-x=[w]>");
  }

  @Test
  void attributesWithoutWhitespaceAfterAQuotedValue() {
    assertThat(tokens("<img src=\"x\"onerror=\"alert(1)\">"))
        .containsExactly("<img src=[x] onerror=[alert(1)]>");
  }

  @Test
  void attributesWithoutValueOrWithAnEmptyOne() {
    assertThat(tokens("<input autofocus disabled value= >"))
        .containsExactly("<input autofocus disabled value=[]>");
  }

  @Test
  void oddAttributeNamesAreKeptAsBrowsersKeepThem() {
    assertThat(tokens("<a \"onclick=x =y>")).containsExactly("<a \"onclick=[x] =y>");
  }

  @Test
  void endTagsCommentsCdataDeclarationsAndText() {
    assertThat(tokens("<!DOCTYPE html><!-- c --><![CDATA[x]]></p >"))
        .containsExactly(
            "declaration", "text: html>", "comment", "text: c -->", "cdata", "text:x]]>", "</p>");
  }

  @Test
  void commentAndCdataBodiesAreTokenizedAsMarkup() {
    assertThat(tokens("<![CDATA[<script>alert(1)</script>]]>"))
        .containsExactly("cdata", "<script>", "text:alert(1)", "</script>", "text:]]>");
    assertThat(tokens("<!--<img src=x onerror=a()>-->")).contains("<img src=[x] onerror=[a()]>");
  }

  @Test
  void processingInstructionsExposeTheirPseudoAttributes() {
    assertThat(tokens("<?xml-stylesheet type=\"text/xsl\" href=\"style.xsl\"?>"))
        .containsExactly("<?xml-stylesheet type=[text/xsl] href=[style.xsl] />");
  }

  @Test
  void lessThanThatStartsNoTagIsText() {
    assertThat(tokens("x<5 and y>3")).containsExactly("text:x<5 and y>3");
    assertThat(tokens("I <3 you <- ->")).containsExactly("text:I <3 you <- ->");
    assertThat(tokens("a <b> c")).containsExactly("text:a ", "<b>", "text: c");
  }

  @Test
  void aTagInsideATagNameOrAttributeListStartsANewTag() {
    assertThat(tokens("<scr<script>ipt>")).containsExactly("<scr ...>", "<script>", "text:ipt>");
    assertThat(tokens("<a <img src=x onerror=y>"))
        .containsExactly("<a ...>", "<img src=[x] onerror=[y]>");
  }

  @Test
  void tagCutOffByTheEndOfTheInputIsStillReported() {
    assertThat(tokens("<svg onload=alert(1)//")).containsExactly("<svg onload=[alert(1)//] ...>");
    assertThat(tokens("<script")).containsExactly("<script ...>");
  }

  @Test
  void unclosedQuotedValueIsScannedAgainAsMarkupOnce() {
    List<String> t = tokens("<a title=\"x <img src=y onerror=z()>");
    assertThat(t.get(0)).isEqualTo("<a title=[x <img src=y onerror=z()>] ...>");
    assertThat(t).contains("<img src=[y] onerror=[z()]>");
  }

  @Test
  void offsetsPointIntoTheInput() {
    String s = "xx<a href='u'>";
    HtmlTokenizer t = new HtmlTokenizer(s);
    assertThat(t.next()).isEqualTo(Type.TEXT);
    assertThat(t.next()).isEqualTo(Type.START_TAG);
    assertThat(t.start()).isEqualTo(2);
    assertThat(t.end()).isEqualTo(s.length());
    assertThat(t.tagNameIs("a")).isTrue();
    assertThat(t.attribute("href")).isZero();
    assertThat(s.substring(t.valueStart(0), t.valueEnd(0))).isEqualTo("u");
    assertThat(t.attributeNameIs(0, "href")).isTrue();
    assertThat(t.next()).isEqualTo(Type.END);
    assertThat(t.next()).isEqualTo(Type.END);
  }

  @Test
  void subRangeIsTokenizedOnItsOwn() {
    String s = "<b title=\"<i onclick=f()>\">";
    int from = s.indexOf("<i");
    HtmlTokenizer t = new HtmlTokenizer(s, from, s.indexOf("\">"), 10, 10);
    assertThat(t.next()).isEqualTo(Type.START_TAG);
    assertThat(t.tagName()).isEqualTo("i");
    assertThat(t.attributeValue(0)).isEqualTo("f()");
    assertThat(t.next()).isEqualTo(Type.END);
  }

  @Test
  void tagLimitStopsTheTokenizer() {
    HtmlTokenizer t = new HtmlTokenizer("<a><b><c><d>", 0, 12, 3, 100);
    int tags = 0;
    while (t.next() != Type.END) {
      tags++;
    }
    assertThat(tags).isEqualTo(3);
    assertThat(t.truncated()).isTrue();
  }

  @Test
  void attributeLimitStopsTheTokenizer() {
    HtmlTokenizer t = new HtmlTokenizer("<a b c d e f>", 0, 13, 100, 3);
    assertThat(t.next()).isEqualTo(Type.START_TAG);
    assertThat(t.attributeCount()).isEqualTo(3);
    assertThat(t.next()).isEqualTo(Type.END);
    assertThat(t.truncated()).isTrue();
  }

  @Test
  void attributesPerTagAreCapped() {
    String s = "<a" + " x".repeat(1000) + ">";
    HtmlTokenizer t = new HtmlTokenizer(s);
    assertThat(t.next()).isEqualTo(Type.START_TAG);
    assertThat(t.attributeCount()).isEqualTo(HtmlTokenizer.MAX_ATTRIBUTES_PER_TAG);
    assertThat(t.end()).isEqualTo(s.length());
  }

  @Test
  void workIsLinearOnPathologicalInputs() {
    int n = 1 << 20;
    for (String unit :
        List.of("<", "<a ", "\"", "<a b=\"", "<a b='x' ", "</", "<!--", "<?", "<a<")) {
      String s = unit.repeat(n / unit.length());
      HtmlTokenizer t = new HtmlTokenizer(s);
      long tokens = 0;
      while (t.next() != Type.END) {
        tokens++;
      }
      assertThat(t.work()).as(unit).isLessThanOrEqualTo(3L * s.length());
      assertThat(tokens).as(unit).isLessThanOrEqualTo(s.length());
    }
  }

  @Test
  void emptyAndTinyInputs() {
    assertThat(tokens("")).isEmpty();
    assertThat(tokens("<")).containsExactly("text:<");
    assertThat(tokens("<a")).containsExactly("<a ...>");
    assertThat(tokens("</")).containsExactly("text:</");
    assertThat(tokens("<!")).containsExactly("text:<!");
    assertThat(tokens("<a b=")).containsExactly("<a b=[] ...>");
    assertThat(tokens("<a b='")).containsExactly("<a b=[] ...>");
  }
}

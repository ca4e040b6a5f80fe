package ai.traceable.tme.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpanEncoderTest {
  private static Map<String, String> attributes(Span span) {
    return SpanAttributes.of(span);
  }

  @Test
  void oneServerSpanPerRecordWithHypertraceAttributes() throws Exception {
    CaptureRecord r =
        Records.of(
            "/search?q=1",
            Map.of(
                "user-agent", List.of("curl/8"),
                "x-forwarded-for", List.of("10.0.0.1", "10.0.0.2"),
                "x-request-id", List.of("rid-1"),
                "traceparent", List.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")),
            "{\"a\":1}");
    SpanEncoder encoder = new SpanEncoder("tme-test", "node-1", Records.NO_REDACTION);
    ExportTraceServiceRequest decoded =
        ExportTraceServiceRequest.parseFrom(encoder.envelope(List.of(encoder.spanBytes(r))));

    var resource = decoded.getResourceSpans(0).getResource().getAttributesList();
    assertThat(resource).extracting(KeyValue::getKey).contains("service.name", "host.name");
    Span span = decoded.getResourceSpans(0).getScopeSpans(0).getSpans(0);
    assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(HexFormat.of().formatHex(span.getTraceId().toByteArray()))
        .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(HexFormat.of().formatHex(span.getParentSpanId().toByteArray()))
        .isEqualTo("00f067aa0ba902b7");
    assertThat(span.getEndTimeUnixNano() - span.getStartTimeUnixNano()).isEqualTo(250_000);
    Map<String, String> a = attributes(span);
    assertThat(a)
        .containsEntry("http.method", "POST")
        .containsEntry("http.url", "https://api.example.com/search?q=1")
        .containsEntry("http.target", "/search?q=1")
        .containsEntry("http.request.header.user-agent", "curl/8")
        .containsEntry("http.request.header.x-forwarded-for[0]", "10.0.0.1")
        .containsEntry("http.request.header.x-forwarded-for[1]", "10.0.0.2")
        .containsEntry("http.request.body", "{\"a\":1}")
        .containsEntry("http.request.body.truncated", "false")
        .containsEntry("net.peer.ip", "203.0.113.7")
        .containsEntry("net.peer.port", "41000")
        .containsEntry("tme.decision", "deny")
        .containsEntry("tme.rule_ids", "sqli-110")
        .containsEntry("tme.categories", "sqli")
        .containsEntry("tme.anomaly_score", "5");
  }

  @Test
  void withoutAValidTraceparentTheSpanStartsItsOwnTrace() throws Exception {
    for (String bad :
        List.of("", "garbage", "00-00000000000000000000000000000000-00f067aa0ba902b7-01")) {
      CaptureRecord r = Records.of("/", Map.of("traceparent", List.of(bad)), "");
      Span span = Span.parseFrom(Records.encoder().spanBytes(r));
      assertThat(span.getTraceId().size()).isEqualTo(16);
      assertThat(span.getParentSpanId().isEmpty()).isTrue();
    }
  }

  @Test
  void headerValuesAndBodyFieldsAreRedactedAsTheSpanIsWritten() throws Exception {
    Redactor redactor =
        new Redactor(List.of("authorization"), List.of("password"), "", Redactor.Strategy.REDACT);
    CaptureRecord r =
        Records.of(
            "/login",
            Map.of(
                "authorization", List.of("Bearer s3cret"),
                "content-type", List.of("application/json"),
                "user-agent", List.of("curl/8")),
            "{\"user\":\"ann\",\"password\":\"hunter2\"}");

    byte[] span = new SpanEncoder("s", "h", redactor).spanBytes(r);

    Map<String, String> a = attributes(Span.parseFrom(span));
    assertThat(a)
        .containsEntry("http.request.header.authorization", "[REDACTED]")
        .containsEntry("http.request.header.user-agent", "curl/8")
        .containsEntry("http.request.body", "{\"user\":\"ann\",\"password\":\"[REDACTED]\"}");
    assertThat(new String(span, java.nio.charset.StandardCharsets.UTF_8))
        .doesNotContain("s3cret", "hunter2");
    assertThat(r.body()).as("the record itself is left as the check saw it").contains("hunter2");
  }

  /** Each kind of secret the default redaction settings name, in one request. */
  @Test
  void everyKindOfSecretTheDefaultsNameIsRedactedInTheSpan() throws Exception {
    Redactor redactor =
        Redactor.of(
            ai.traceable.tme.config.TmeSettings.fromConfig(ai.traceable.tme.config.TmeConfig.load())
                .capture());
    Map<String, List<String>> headers = new java.util.HashMap<>();
    for (String h :
        List.of(
            "authorization",
            "proxy-authorization",
            "cookie",
            "set-cookie",
            "x-api-key",
            "x-auth-token",
            "x-csrf-token")) {
      headers.put(h, List.of("hdr-secret-" + h));
    }
    headers.put("content-type", List.of("application/json"));
    String body =
        "{\"user\":\"ann\",\"password\":\"body-secret-1\","
            + "\"nested\":{\"client_secret\":\"body-secret-2\",\"cvv\":\"body-secret-3\"},"
            + "\"myAccessTokenValue\":\"body-secret-4\"}";
    CaptureRecord r =
        Records.of(
            "/login?user=ann&api_key=query-secret-1&session_token=query-secret-2", headers, body);

    byte[] span = new SpanEncoder("s", "h", redactor).spanBytes(r);

    String wire = new String(span, java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(wire).doesNotContain("hdr-secret", "body-secret", "query-secret");
    Map<String, String> a = attributes(Span.parseFrom(span));
    assertThat(a.get("http.target")).startsWith("/login?user=ann&api_key=");
    assertThat(a.get("http.url")).contains("/login?user=ann&");
    assertThat(a.get("http.request.body")).contains("\"user\":\"ann\"");
  }

  @Test
  void aFormBodyIsRedactedByFieldNameAndPattern() throws Exception {
    Redactor redactor = new Redactor(List.of(), List.of("pin"), "passw", Redactor.Strategy.HASH);
    CaptureRecord r =
        Records.of(
            "/f",
            Map.of("content-type", List.of("application/x-www-form-urlencoded")),
            "user=ann&pin=form-secret-1&new_password=form-secret-2");

    byte[] span = new SpanEncoder("s", "h", redactor).spanBytes(r);

    assertThat(new String(span, java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("form-secret");
    assertThat(attributes(Span.parseFrom(span)).get("http.request.body"))
        .startsWith("user=ann&pin=sha256%3A");
  }

  @Test
  void multipartAndXmlBodiesAreRedactedByFieldNameAsTheSpanIsWritten() throws Exception {
    Redactor redactor =
        new Redactor(List.of(), List.of("password"), "secret", Redactor.Strategy.REDACT);
    CaptureRecord multipart =
        Records.of(
            "/upload",
            Map.of("content-type", List.of("multipart/form-data; boundary=----Bnd7")),
            "------Bnd7\r\nContent-Disposition: form-data; name=\"user\"\r\n\r\nann\r\n"
                + "------Bnd7\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n"
                + "mp-secret-1\r\n------Bnd7\r\nContent-Disposition: form-data;"
                + " name=\"client_secret\"\r\n\r\nmp-secret-2\r\n------Bnd7--\r\n");
    CaptureRecord xml =
        Records.of(
            "/soap",
            Map.of("content-type", List.of("text/xml")),
            "<Envelope><Body><Login user=\"ann\" secretKey=\"xml-secret-1\">"
                + "<wsse:Password>xml-secret-2</wsse:Password></Login></Body></Envelope>");

    SpanEncoder encoder = new SpanEncoder("s", "h", redactor);
    byte[] multipartSpan = encoder.spanBytes(multipart);
    byte[] xmlSpan = encoder.spanBytes(xml);

    assertThat(new String(multipartSpan, java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("mp-secret");
    assertThat(new String(xmlSpan, java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("xml-secret");
    assertThat(attributes(Span.parseFrom(multipartSpan)).get("http.request.body"))
        .contains("name=\"user\"\r\n\r\nann\r\n")
        .contains("name=\"password\"\r\n\r\n[REDACTED]\r\n------Bnd7");
    assertThat(attributes(Span.parseFrom(xmlSpan)).get("http.request.body"))
        .isEqualTo(
            "<Envelope><Body><Login user=\"ann\" secretKey=\"[REDACTED]\">"
                + "<wsse:Password>[REDACTED]</wsse:Password></Login></Body></Envelope>");
  }
}

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
}

package ai.traceable.tme.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpanWriterTest {
  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  /**
   * The writer and the official classes over encoders drawing the same ids, so their outputs can be
   * compared byte for byte.
   */
  private record Twins(SpanEncoder writer, OfficialSpanEncoder official) {}

  private static Twins twins(long seed) {
    return twins(seed, Records.NO_REDACTION);
  }

  private static Twins twins(long seed, Redactor redactor) {
    SplittableRandom a = new SplittableRandom(seed);
    SplittableRandom b = new SplittableRandom(seed);
    return new Twins(
        new SpanEncoder("tme", "node-1", redactor, () -> a),
        new OfficialSpanEncoder(new SpanEncoder("tme", "node-1", redactor, () -> b)));
  }

  private static byte[] written(SpanEncoder encoder, List<CaptureRecord> records) {
    return OfficialSpanEncoder.written(encoder, records);
  }

  private static CaptureRecord record(
      String target,
      Map<String, List<String>> headers,
      String body,
      String source,
      long start,
      long end,
      List<String> rules) {
    return new CaptureRecord(
        "GET",
        "",
        "",
        target,
        headers,
        body,
        !body.isEmpty(),
        source,
        0,
        start,
        end,
        "allow",
        rules,
        List.of(),
        0,
        -5);
  }

  private static List<CaptureRecord> variety() {
    Map<String, List<String>> many = new LinkedHashMap<>();
    for (int i = 0; i < 40; i++) {
      many.put("x-h" + i, List.of("v" + i, "w".repeat(i * 9)));
    }
    many.put("x-repeated", java.util.Collections.nCopies(12, "r"));
    many.put("x-ünï", List.of("non-ascii name"));
    List<CaptureRecord> records = new ArrayList<>();
    records.add(Records.simple(1));
    records.add(Records.of("/p?q=é€😀", Map.of("traceparent", List.of(TRACEPARENT)), "{\"a\":1}"));
    records.add(Records.of("/", Map.of("authorization", List.of("Bearer x")), "b".repeat(70_000)));
    records.add(record("", Map.of(), "", "", 0, 0, List.of()));
    records.add(record("/x", many, "", "::1", 5, 3, List.of("a", "b", "c")));
    records.add(
        record(
            "/\uD800lone", Map.of("k", List.of("\uDC00")), "\uD800", "1.2.3.4", 1, 2, List.of()));
    records.add(
        record("/m", Map.of("x-request-id", List.of("")), "", "10.0.0.1", -1, -1, List.of()));
    return records;
  }

  @Test
  void writesTheBytesTheOfficialClassesWriteForTheSameSpans() {
    Twins twins = twins(7);
    List<CaptureRecord> records = variety();

    byte[] written = written(twins.writer(), records);
    byte[] official = twins.official().encode(records).toByteArray();

    assertThat(written).isEqualTo(official);
  }

  @Test
  void eachRecordAloneAndEmptyBatchesMatchToo() throws Exception {
    for (CaptureRecord r : variety()) {
      Twins twins = twins(r.target().length());
      assertThat(written(twins.writer(), List.of(r)))
          .isEqualTo(twins.official().encode(List.of(r)).toByteArray());
    }
    Twins twins = twins(1);
    byte[] empty = written(twins.writer(), List.of());
    assertThat(empty).isEqualTo(twins.official().encode(List.of()).toByteArray());
    assertThat(ExportTraceServiceRequest.parseFrom(empty).getResourceSpans(0).getScopeSpans(0))
        .satisfies(s -> assertThat(s.getSpansCount()).isZero());
  }

  @Test
  void redactedHeadersAreRedactedInTheWrittenBytes() throws Exception {
    Redactor redactor =
        new Redactor(List.of("authorization"), List.of(), "", Redactor.Strategy.REDACT);
    SpanEncoder encoder = new SpanEncoder("tme", "n", redactor);
    CaptureRecord r = Records.of("/", Map.of("authorization", List.of("Bearer s3cret")), "");

    ExportTraceServiceRequest decoded =
        ExportTraceServiceRequest.parseFrom(written(encoder, List.of(r)));

    var attributes = decoded.getResourceSpans(0).getScopeSpans(0).getSpans(0).getAttributesList();
    assertThat(attributes)
        .filteredOn(kv -> kv.getKey().equals("http.request.header.authorization"))
        .singleElement()
        .satisfies(kv -> assertThat(kv.getValue().getStringValue()).isEqualTo(Redactor.MARKER));
    assertThat(new String(written(encoder, List.of(r)), java.nio.charset.StandardCharsets.UTF_8))
        .doesNotContain("s3cret");
  }

  @Test
  void spansEncodedOneByOneAndWrappedLaterAreTheSameRequest() {
    Twins twins = twins(11);
    List<CaptureRecord> records = variety();
    List<byte[]> spans = new ArrayList<>();
    for (CaptureRecord r : records) {
      spans.add(twins.writer().spanBytes(r));
    }

    assertThat(twins.writer().envelope(spans))
        .isEqualTo(twins.official().encode(records).toByteArray());
  }

  @Test
  void withRedactionConfiguredTheWriterAndTheOfficialClassesStillAgree() {
    Redactor redactor =
        new Redactor(
            List.of("authorization", "x-h3"), List.of("password"), "tok", Redactor.Strategy.HASH);
    Twins twins = twins(13, redactor);
    List<CaptureRecord> records = new ArrayList<>(variety());
    records.add(
        Records.of(
            "/login",
            Map.of(
                "authorization", List.of("Bearer s3cret"),
                "content-type", List.of("application/json")),
            "{\"password\":\"hunter2\",\"token\":\"t0k\"}"));

    assertThat(written(twins.writer(), records))
        .isEqualTo(twins.official().encode(records).toByteArray());
  }
}

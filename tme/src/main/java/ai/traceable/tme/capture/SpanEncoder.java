package ai.traceable.tme.capture;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Encodes records as OTLP trace data: one SERVER span per checked request, attributes named as
 * Hypertrace names them ({@code http.method}, {@code http.request.header.<name>}, {@code
 * http.request.body}, ...) plus tme's decision. A W3C {@code traceparent} on the request puts the
 * span into the mesh's trace (same trace id, the caller's span as parent).
 *
 * <p>What a span carries is listed once, in {@link #attributes}, and that is also the one place
 * capture redacts: every header value and the body go through the {@link Redactor} there, as they
 * are written, so a {@link CaptureRecord} stays as the check saw it and nothing reaches the wire
 * unredacted. {@link SpanWriter} writes the wire bytes directly with protobuf's own encoder rather
 * than building the message with the official OpenTelemetry classes, at a fraction of the cost; the
 * tests decode its output with the official classes and hold it byte for byte to what they build.
 * Immutable and thread-safe.
 */
public final class SpanEncoder {
  static final String SCOPE = "ai.traceable.tme";

  private final Redactor redactor;
  private final Supplier<RandomGenerator> random;
  private final byte[] resourceBytes;
  private final byte[] scopeBytes;

  /**
   * @param redactor applied to every header value and body written into a span
   */
  public SpanEncoder(String serviceName, String hostName, Redactor redactor) {
    this(serviceName, hostName, redactor, ThreadLocalRandom::current);
  }

  /** With a chosen source of span and trace ids (tests make them repeatable). */
  SpanEncoder(
      String serviceName, String hostName, Redactor redactor, Supplier<RandomGenerator> random) {
    this.redactor = redactor;
    this.random = random;
    this.resourceBytes =
        Resource.newBuilder()
            .addAttributes(keyValue("service.name", serviceName))
            .addAttributes(keyValue("host.name", hostName))
            .build()
            .toByteArray();
    this.scopeBytes = InstrumentationScope.newBuilder().setName(SCOPE).build().toByteArray();
  }

  /** The serialized {@code Resource} every request carries. */
  byte[] resourceBytes() {
    return resourceBytes;
  }

  /** The serialized {@code InstrumentationScope} every request carries. */
  byte[] scopeBytes() {
    return scopeBytes;
  }

  /**
   * One record as the serialized bytes of its {@code Span} message; {@link #envelope} puts a batch
   * of them into a request. The pipeline encodes each record this way as it is offered, while its
   * data is still in the CPU's cache and before it could outlive a young collection.
   */
  public byte[] spanBytes(CaptureRecord record) {
    return SpanWriter.span(this, record);
  }

  /** A serialized {@code ExportTraceServiceRequest} holding spans from {@link #spanBytes}. */
  public byte[] envelope(List<byte[]> spans) {
    return SpanWriter.envelope(this, spans);
  }

  private static KeyValue keyValue(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  /** A span's fields other than its attributes. Ids are drawn here, once per record. */
  record SpanHead(
      byte[] traceId,
      byte[] spanId,
      byte[] parentSpanId,
      String name,
      long startNanos,
      long endNanos) {}

  SpanHead head(CaptureRecord r) {
    RandomGenerator rnd = random.get();
    byte[] spanId = randomId(rnd, 8);
    byte[][] parent = traceparent(r.header("traceparent"));
    byte[] traceId = parent != null ? parent[0] : randomId(rnd, 16);
    return new SpanHead(
        traceId,
        spanId,
        parent != null ? parent[1] : null,
        "tme.check " + r.method(),
        r.startEpochNanos(),
        Math.max(r.startEpochNanos(), r.endEpochNanos()));
  }

  /** Receives a span's attributes, in order. */
  interface AttributeSink {
    void string(String key, String value);

    void integer(String key, long value);

    void bool(String key, boolean value);

    /**
     * A request header: key {@code http.request.header.<name>}, or with {@code [index]} appended
     * when the header was repeated ({@code index} ≥ 0).
     */
    void header(String name, int index, String value);
  }

  static final String HEADER_PREFIX = "http.request.header.";

  static String headerKey(String name, int index) {
    return index < 0 ? HEADER_PREFIX + name : HEADER_PREFIX + name + "[" + index + "]";
  }

  /** The one list of what a span says about a request, with header values and body redacted. */
  void attributes(CaptureRecord r, AttributeSink out) {
    out.string("http.method", r.method());
    String scheme = r.scheme().isEmpty() ? "http" : r.scheme();
    out.string("http.url", scheme + "://" + r.host() + r.target());
    out.string("http.target", r.target());
    if (!r.host().isEmpty()) {
      out.string("http.host", r.host());
    }
    for (Map.Entry<String, List<String>> h : r.headers().entrySet()) {
      String name = h.getKey();
      List<String> values = h.getValue();
      if (values.size() == 1) {
        out.header(name, -1, redactor.headerValue(name, values.get(0)));
      } else {
        for (int i = 0; i < values.size(); i++) {
          out.header(name, i, redactor.headerValue(name, values.get(i)));
        }
      }
    }
    if (!r.body().isEmpty()) {
      out.string("http.request.body", redactor.body(r.body(), r.header("content-type")));
    }
    out.bool("http.request.body.truncated", r.bodyTruncated());
    if (!r.sourceAddress().isEmpty()) {
      out.string("net.peer.ip", r.sourceAddress());
      out.integer("net.peer.port", r.sourcePort());
    }
    String requestId = r.header("x-request-id");
    if (!requestId.isEmpty()) {
      out.string("http.request_id", requestId);
    }
    out.string("tme.decision", r.decision());
    out.string("tme.rule_ids", String.join(",", r.ruleIds()));
    out.string("tme.categories", String.join(",", r.categories()));
    out.integer("tme.anomaly_score", r.anomalyScore());
    out.integer("tme.evaluation_ns", r.evaluationNanos());
  }

  /** Trace id and parent span id of a valid W3C traceparent, or null. */
  static byte[][] traceparent(String header) {
    String h = header.trim();
    if (h.length() < 55 || h.charAt(2) != '-' || h.charAt(35) != '-' || h.charAt(52) != '-') {
      return null;
    }
    try {
      byte[] trace = HexFormat.of().parseHex(h, 3, 35);
      byte[] parent = HexFormat.of().parseHex(h, 36, 52);
      if (allZero(trace) || allZero(parent)) {
        return null;
      }
      return new byte[][] {trace, parent};
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean allZero(byte[] bytes) {
    for (byte b : bytes) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] randomId(RandomGenerator rnd, int bytes) {
    byte[] id = new byte[bytes];
    do {
      rnd.nextBytes(id);
    } while (allZero(id));
    return id;
  }
}

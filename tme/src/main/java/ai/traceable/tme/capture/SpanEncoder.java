package ai.traceable.tme.capture;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Encodes records as OTLP trace data with the official OpenTelemetry proto classes: one SERVER span
 * per checked request, attributes named as Hypertrace names them ({@code http.method}, {@code
 * http.request.header.<name>}, {@code http.request.body}, ...) plus tme's decision. A W3C {@code
 * traceparent} on the request puts the span into the mesh's trace (same trace id, the caller's span
 * as parent). Immutable and thread-safe.
 */
public final class SpanEncoder {
  private static final String SCOPE = "ai.traceable.tme";

  private final Resource resource;
  private final Redactor headerRedactor;

  public SpanEncoder(String serviceName, String hostName) {
    this(
        Resource.newBuilder()
            .addAttributes(string("service.name", serviceName))
            .addAttributes(string("host.name", hostName))
            .build(),
        null);
  }

  private SpanEncoder(Resource resource, Redactor headerRedactor) {
    this.resource = resource;
    this.headerRedactor = headerRedactor;
  }

  /** An encoder that writes redacted header values ({@link Redactor#headerValue}). */
  public SpanEncoder redactingHeaders(Redactor redactor) {
    return new SpanEncoder(resource, redactor);
  }

  private String header(String name, String value) {
    return headerRedactor == null ? value : headerRedactor.headerValue(name, value);
  }

  public ExportTraceServiceRequest encode(List<CaptureRecord> records) {
    ScopeSpans.Builder scope =
        ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName(SCOPE));
    for (CaptureRecord r : records) {
      scope.addSpans(span(r));
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope))
        .build();
  }

  Span span(CaptureRecord r) {
    Span.Builder span =
        Span.newBuilder()
            .setName("tme.check " + r.method())
            .setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setStartTimeUnixNano(r.startEpochNanos())
            .setEndTimeUnixNano(Math.max(r.startEpochNanos(), r.endEpochNanos()))
            .setSpanId(randomId(8));
    byte[][] parent = traceparent(r.header("traceparent"));
    if (parent != null) {
      span.setTraceId(ByteString.copyFrom(parent[0]))
          .setParentSpanId(ByteString.copyFrom(parent[1]));
    } else {
      span.setTraceId(randomId(16));
    }
    span.addAttributes(string("http.method", r.method()));
    String scheme = r.scheme().isEmpty() ? "http" : r.scheme();
    span.addAttributes(string("http.url", scheme + "://" + r.host() + r.target()));
    span.addAttributes(string("http.target", r.target()));
    if (!r.host().isEmpty()) {
      span.addAttributes(string("http.host", r.host()));
    }
    for (Map.Entry<String, List<String>> h : r.headers().entrySet()) {
      List<String> values = h.getValue();
      if (values.size() == 1) {
        span.addAttributes(
            string("http.request.header." + h.getKey(), header(h.getKey(), values.get(0))));
      } else {
        for (int i = 0; i < values.size(); i++) {
          span.addAttributes(
              string(
                  "http.request.header." + h.getKey() + "[" + i + "]",
                  header(h.getKey(), values.get(i))));
        }
      }
    }
    if (!r.body().isEmpty()) {
      span.addAttributes(string("http.request.body", r.body()));
    }
    span.addAttributes(bool("http.request.body.truncated", r.bodyTruncated()));
    if (!r.sourceAddress().isEmpty()) {
      span.addAttributes(string("net.peer.ip", r.sourceAddress()));
      span.addAttributes(integer("net.peer.port", r.sourcePort()));
    }
    String requestId = r.header("x-request-id");
    if (!requestId.isEmpty()) {
      span.addAttributes(string("http.request_id", requestId));
    }
    span.addAttributes(string("tme.decision", r.decision()));
    span.addAttributes(string("tme.rule_ids", String.join(",", r.ruleIds())));
    span.addAttributes(string("tme.categories", String.join(",", r.categories())));
    span.addAttributes(integer("tme.anomaly_score", r.anomalyScore()));
    span.addAttributes(integer("tme.evaluation_ns", r.evaluationNanos()));
    return span.build();
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

  private static ByteString randomId(int bytes) {
    byte[] id = new byte[bytes];
    do {
      ThreadLocalRandom.current().nextBytes(id);
    } while (allZero(id));
    return ByteString.copyFrom(id);
  }

  /**
   * Attribute keys as UTF-8, reused: most keys repeat on every span, and handing protobuf bytes
   * instead of a String spares it encoding the text twice (once to size the message, once to write
   * it). Bounded, since header names come from requests.
   */
  private static final ConcurrentHashMap<String, ByteString> KEYS = new ConcurrentHashMap<>();

  private static final int MAX_CACHED_KEYS = 4096;

  private static ByteString key(String key) {
    ByteString cached = KEYS.get(key);
    if (cached != null) {
      return cached;
    }
    ByteString bytes = ByteString.copyFromUtf8(key);
    if (KEYS.size() < MAX_CACHED_KEYS) {
      KEYS.putIfAbsent(key, bytes);
    }
    return bytes;
  }

  static KeyValue string(String key, String value) {
    return KeyValue.newBuilder()
        .setKeyBytes(key(key))
        .setValue(AnyValue.newBuilder().setStringValueBytes(ByteString.copyFromUtf8(value)))
        .build();
  }

  static KeyValue integer(String key, long value) {
    return KeyValue.newBuilder()
        .setKeyBytes(key(key))
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }

  static KeyValue bool(String key, boolean value) {
    return KeyValue.newBuilder()
        .setKeyBytes(key(key))
        .setValue(AnyValue.newBuilder().setBoolValue(value))
        .build();
  }
}

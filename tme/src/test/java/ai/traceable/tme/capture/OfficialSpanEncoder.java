package ai.traceable.tme.capture;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * The oracle for {@link SpanWriter}: builds the same request with the official OpenTelemetry proto
 * classes, from the same span head and attribute list ({@link SpanEncoder#head}, {@link
 * SpanEncoder#attributes}) the writer reads, and lets protobuf serialize it. Tests hold the
 * writer's bytes to this byte for byte; the benchmark uses it as the baseline. Test code only.
 */
public final class OfficialSpanEncoder {
  private final SpanEncoder encoder;
  private final Resource resource;
  private final InstrumentationScope scope;

  /** Builds what {@code encoder} would write (use one with the same ids to compare bytes). */
  public OfficialSpanEncoder(SpanEncoder encoder) {
    this.encoder = encoder;
    try {
      this.resource = Resource.parseFrom(encoder.resourceBytes());
      this.scope = InstrumentationScope.parseFrom(encoder.scopeBytes());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The request as a message built with the official classes. */
  public ExportTraceServiceRequest encode(List<CaptureRecord> records) {
    ScopeSpans.Builder spans = ScopeSpans.newBuilder().setScope(scope);
    for (CaptureRecord r : records) {
      spans.addSpans(span(r));
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(spans))
        .build();
  }

  /** The bytes the export path writes for {@code records}: each span, then the envelope. */
  static byte[] written(SpanEncoder encoder, List<CaptureRecord> records) {
    List<byte[]> spans = new ArrayList<>(records.size());
    for (CaptureRecord r : records) {
      spans.add(encoder.spanBytes(r));
    }
    return encoder.envelope(spans);
  }

  Span span(CaptureRecord r) {
    SpanEncoder.SpanHead head = encoder.head(r);
    Span.Builder span =
        Span.newBuilder()
            .setTraceId(ByteString.copyFrom(head.traceId()))
            .setSpanId(ByteString.copyFrom(head.spanId()))
            .setName(head.name())
            .setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setStartTimeUnixNano(head.startNanos())
            .setEndTimeUnixNano(head.endNanos());
    if (head.parentSpanId() != null) {
      span.setParentSpanId(ByteString.copyFrom(head.parentSpanId()));
    }
    encoder.attributes(
        r,
        new SpanEncoder.AttributeSink() {
          @Override
          public void string(String key, String value) {
            span.addAttributes(keyValue(key, AnyValue.newBuilder().setStringValue(value)));
          }

          @Override
          public void integer(String key, long value) {
            span.addAttributes(keyValue(key, AnyValue.newBuilder().setIntValue(value)));
          }

          @Override
          public void header(String name, int index, String value) {
            string(SpanEncoder.headerKey(name, index), value);
          }

          @Override
          public void bool(String key, boolean value) {
            span.addAttributes(keyValue(key, AnyValue.newBuilder().setBoolValue(value)));
          }
        });
    return span.build();
  }

  private static KeyValue keyValue(String key, AnyValue.Builder value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }
}

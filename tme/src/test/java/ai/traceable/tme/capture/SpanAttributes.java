package ai.traceable.tme.capture;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.Map;
import java.util.stream.Collectors;

/** A decoded span's attributes as text, for assertions. */
public final class SpanAttributes {
  private SpanAttributes() {}

  /** Key to value as text; fails on a key written twice, which a span must never have. */
  public static Map<String, String> of(Span span) {
    return span.getAttributesList().stream()
        .collect(
            Collectors.toMap(
                KeyValue::getKey,
                kv ->
                    switch (kv.getValue().getValueCase()) {
                      case INT_VALUE -> Long.toString(kv.getValue().getIntValue());
                      case BOOL_VALUE -> Boolean.toString(kv.getValue().getBoolValue());
                      default -> kv.getValue().getStringValue();
                    }));
  }
}

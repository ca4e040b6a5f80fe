package ai.traceable.tme.capture;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an ext_proc exchange saw of the response, as capture carries it: the request side stays in
 * {@link CaptureRecord}. Immutable; unredacted (redaction happens as the span is written, in {@link
 * SpanEncoder#attributes}).
 *
 * @param statusCode the HTTP status, 0 when the response never came
 * @param headers lower-case name to values
 * @param body response body as text, cut to the capture limit (empty when not captured)
 * @param bodyTruncated whether the body was cut (by tme or by Envoy)
 * @param decision what response inspection did: {@code none}, {@code monitor}, {@code block} or
 *     {@code redact}
 * @param ruleIds the leak rules that matched
 * @param categories their classes, without duplicates
 * @param upstreamNanos from the request's answer to the response headers, as Envoy sent them; -1
 *     when not seen
 * @param exchangeNanos from the request headers to the end of the response (or of the stream)
 */
public record ResponseRecord(
    int statusCode,
    Map<String, List<String>> headers,
    String body,
    boolean bodyTruncated,
    String decision,
    List<String> ruleIds,
    List<String> categories,
    long upstreamNanos,
    long exchangeNanos) {

  public ResponseRecord {
    headers = Map.copyOf(Objects.requireNonNullElse(headers, Map.of()));
    body = Objects.requireNonNullElse(body, "");
    decision = Objects.requireNonNullElse(decision, "none");
    ruleIds = List.copyOf(Objects.requireNonNullElse(ruleIds, List.of()));
    categories = List.copyOf(Objects.requireNonNullElse(categories, List.of()));
  }

  /** First value of a header, or empty. */
  public String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? "" : values.get(0);
  }
}

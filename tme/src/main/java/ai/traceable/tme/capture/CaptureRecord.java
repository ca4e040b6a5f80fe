package ai.traceable.tme.capture;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What tme saw of one checked request and what it decided, as handed to the capture pipeline.
 * Immutable. Built on the check's thread from data the check already holds, unredacted: redaction
 * happens as the span is written ({@link SpanEncoder#attributes}).
 *
 * @param method HTTP method
 * @param scheme {@code http} or {@code https}, possibly empty
 * @param host authority
 * @param target path and query as sent
 * @param headers lower-case name to values, in arrival order
 * @param body request body as text, cut to the capture limit (empty when not captured)
 * @param bodyTruncated whether the body was cut (by tme or by Envoy)
 * @param sourceAddress client socket address
 * @param sourcePort client socket port
 * @param startEpochNanos when the check started, wall clock, nanoseconds since the epoch
 * @param endEpochNanos when the check was answered
 * @param decision {@code allow}, {@code deny} or {@code monitor}
 * @param ruleIds ids of the rules that matched
 * @param categories attack classes / policy kinds of the findings, without duplicates
 * @param anomalyScore sum of the findings' scores
 * @param evaluationNanos time the engine spent
 */
public record CaptureRecord(
    String method,
    String scheme,
    String host,
    String target,
    Map<String, List<String>> headers,
    String body,
    boolean bodyTruncated,
    String sourceAddress,
    int sourcePort,
    long startEpochNanos,
    long endEpochNanos,
    String decision,
    List<String> ruleIds,
    List<String> categories,
    int anomalyScore,
    long evaluationNanos) {

  public CaptureRecord {
    method = Objects.requireNonNullElse(method, "");
    scheme = Objects.requireNonNullElse(scheme, "");
    host = Objects.requireNonNullElse(host, "");
    target = Objects.requireNonNullElse(target, "");
    headers = Map.copyOf(Objects.requireNonNullElse(headers, Map.of()));
    body = Objects.requireNonNullElse(body, "");
    sourceAddress = Objects.requireNonNullElse(sourceAddress, "");
    decision = Objects.requireNonNullElse(decision, "allow");
    ruleIds = List.copyOf(Objects.requireNonNullElse(ruleIds, List.of()));
    categories = List.copyOf(Objects.requireNonNullElse(categories, List.of()));
  }

  /** First value of a header, or empty. */
  public String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? "" : values.get(0);
  }
}

package ai.traceable.tme.capture;

import java.util.List;
import java.util.Map;

/** Records for capture tests. */
final class Records {
  private Records() {}

  static CaptureRecord of(String target, Map<String, List<String>> headers, String body) {
    return new CaptureRecord(
        "POST",
        "https",
        "api.example.com",
        target,
        headers,
        body,
        false,
        "203.0.113.7",
        41000,
        1_764_000_000_000_000_000L,
        1_764_000_000_000_250_000L,
        "deny",
        List.of("sqli-110"),
        List.of("sqli"),
        5,
        12_000);
  }

  /** A redactor with nothing configured: spans carry records as they are. */
  static final Redactor NO_REDACTION =
      new Redactor(List.of(), List.of(), "", Redactor.Strategy.REDACT);

  /** An encoder that redacts nothing. */
  static SpanEncoder encoder() {
    return new SpanEncoder("tme-test", "host", NO_REDACTION);
  }

  static CaptureRecord simple(int i) {
    return of("/api/items/" + i, Map.of("user-agent", List.of("curl/8")), "");
  }
}

package ai.traceable.tme.server;

import ai.traceable.tme.capture.Capture;
import ai.traceable.tme.capture.ResponseRecord;
import ai.traceable.tme.config.ExtProcSettings.LeakAction;
import ai.traceable.tme.engine.response.LeakFinding;
import ai.traceable.tme.engine.response.LeakReport;

/**
 * Hands a finished ext_proc exchange to capture as one record: the request as a Check's, the
 * response beside it. Thread-safe; called under the exchange's lock, after its last answer.
 */
final class ExchangeCapture {
  private final Capture capture;
  private final LeakAction leakAction;

  ExchangeCapture(Capture capture, LeakAction leakAction) {
    this.capture = capture;
    this.leakAction = leakAction;
  }

  void record(ExtProcExchange exchange) {
    if (capture == Capture.OFF || exchange.view() == null) {
      return;
    }
    ExchangeTimes times = exchange.times();
    LeakReport leaks = exchange.leaks();
    String decision = "none";
    if (!leaks.isEmpty()) {
      decision = leakAction.name().toLowerCase(java.util.Locale.ROOT);
    }
    BodyBuffer body = exchange.responseBody();
    ResponseRecord response =
        new ResponseRecord(
            ExtProcRequests.status(exchange.responseHeaders()),
            exchange.responseHeaders(),
            "",
            body.truncated(),
            decision,
            leaks.findings().stream().map(LeakFinding::ruleId).toList(),
            leaks.findings().stream().map(LeakFinding::category).distinct().toList(),
            times.upstreamNanos(),
            times.totalNanos());
    long start = times.startEpochNanos;
    capture.exchange(
        exchange.view(),
        exchange.decision(),
        response,
        body.bytes(),
        start,
        start + Math.max(0, times.totalNanos()));
  }
}

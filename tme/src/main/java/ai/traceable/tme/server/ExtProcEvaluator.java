package ai.traceable.tme.server;

import ai.traceable.tme.capture.Capture;
import ai.traceable.tme.config.ExtProcSettings;
import ai.traceable.tme.config.ExtProcSettings.LeakAction;
import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.Engine;
import ai.traceable.tme.engine.OnError;
import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.engine.response.LeakReport;
import ai.traceable.tme.engine.response.ResponseInspector;
import ai.traceable.tme.logging.LogThrottle;
import ai.traceable.tme.metrics.CheckMetrics;
import ai.traceable.tme.server.ExtProcResponses.Phase;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every ext_proc exchange shares: the engine, the response inspector, the answers, metering,
 * the denial log and capture. The request phase gets exactly the decision a Check would. Thread-
 * safe; holds no per-exchange state.
 */
final class ExtProcEvaluator {
  private static final Logger log = LoggerFactory.getLogger(ExtProcEvaluator.class);

  /** Response inspection and what it leads to. */
  record LeakAnswer(LeakReport report, ProcessingResponse response) {}

  /** A request decision and the {@link CheckMetrics.Partial} reasons it was decided on part for. */
  record Decided(Decision decision, int partial) {}

  private final Engine engine;
  private final ExtProcSettings settings;
  private final ExtProcResponses responses;
  private final ResponseInspector inspector;
  private final CheckMetrics metrics;
  private final DenialLog denials;
  private final ExchangeCapture capture;
  private final PartialChecks partialChecks;
  private final OnError onError;
  private final LogThrottle errorLog =
      LogThrottle.onePer(java.time.Duration.ofSeconds(1), System::nanoTime);
  private final LongAdder lateDecisions = new LongAdder();
  private final LongAdder leaksFound = new LongAdder();

  /**
   * @param metrics meters every decision; null for none
   */
  ExtProcEvaluator(
      Engine engine,
      ExtProcSettings settings,
      ExtProcResponses responses,
      CheckMetrics metrics,
      DenialLog denials,
      Capture capture) {
    this(
        engine,
        settings,
        responses,
        metrics,
        denials,
        capture,
        PartialChecks.DEFAULTS,
        OnError.ALLOW);
  }

  /**
   * @param partialChecks the {@code tme.check.*} policies and the time budget, as for Checks
   * @param onError what a message whose handling fails gets ({@code tme.engine.on-error})
   */
  ExtProcEvaluator(
      Engine engine,
      ExtProcSettings settings,
      ExtProcResponses responses,
      CheckMetrics metrics,
      DenialLog denials,
      Capture capture,
      PartialChecks partialChecks,
      OnError onError) {
    this.partialChecks = partialChecks;
    this.onError = onError;
    this.engine = engine;
    this.settings = settings;
    this.responses = responses;
    this.inspector =
        new ResponseInspector(
            new HashSet<>(settings.leaks().disabledRules()), settings.leaks().maxInspectBytes());
    this.metrics = metrics;
    this.denials = denials;
    this.capture = new ExchangeCapture(capture, settings.leaks().action());
  }

  ExtProcSettings settings() {
    return settings;
  }

  ExtProcResponses responses() {
    return responses;
  }

  /**
   * The request's decision, as a Check gets it: evaluated within the time budget (capped by the
   * stream's deadline when it has one), then, when decided on part of the request ({@code partial}
   * reasons, plus running out of time), under the {@code tme.check.*} policies.
   */
  Decided evaluate(RequestView view, int partial, boolean hasDeadline, long deadline) {
    Decision decision =
        engine.evaluate(view, partialChecks.budget(hasDeadline, deadline, partialChecks.now()));
    int bits = partial | (decision.partial() ? CheckMetrics.Partial.OVER_BUDGET.bit() : 0);
    return new Decided(bits == 0 ? decision : partialChecks.apply(decision, bits), bits);
  }

  long now() {
    return partialChecks.now();
  }

  /**
   * The stand-in decision for a message whose handling failed (a message the converter or the
   * engine could not take): {@code tme.engine.on-error}'s, logged, as the engine's own guard
   * answers. Envoy gets a decision, never {@code INTERNAL}. It is counted as {@code fail_open} or
   * {@code fail_closed} when metered as the request's decision, or by {@link #failedAfterDecision}.
   */
  Decision failed(Throwable cause) {
    if (errorLog.tryAcquire()) { // a request that fails every time must not flood the log
      log.warn("ext_proc message failed, answered {}: {}", onError, cause.toString());
    }
    return onError == OnError.ALLOW
        ? new Decision.Allow(List.of(), false, true, 0)
        : new Decision.Deny(List.of(), true, 0);
  }

  /** Counts a stand-in decision for a message after the request was decided (and metered). */
  void failedAfterDecision(Decision standIn) {
    if (metrics != null) {
      metrics.failed(
          standIn instanceof Decision.Deny
              ? CheckMetrics.Failure.FAIL_CLOSED
              : CheckMetrics.Failure.FAIL_OPEN);
    }
  }

  /** Whether a stream over the in-flight limit gets {@link #overloadDenial} instead of an error. */
  boolean denyOnOverload() {
    return partialChecks.denyOnOverload();
  }

  /** The answer to the first message of a stream refused by the in-flight limit. */
  ProcessingResponse overloadDenial() {
    return responses.decided(Phase.REQUEST_HEADERS, new Decision.Deny(List.of(), true, 0), 0);
  }

  /** After the request phase's answer went out. */
  void answered(RequestView view, Decision decision, long nanos, boolean late, int partial) {
    if (late) {
      lateDecisions.increment();
    }
    if (metrics != null) {
      metrics.answered(decision, nanos);
      if (partial != 0) {
        metrics.partial(partial);
      }
    }
    if (view != null) {
      denials.record(view, decision);
    }
  }

  /** Counts a stream that sent bytes that are not a ProcessingRequest, even after repair. */
  void invalid() {
    if (metrics != null) {
      metrics.failed(CheckMetrics.Failure.INVALID_REQUEST);
    }
  }

  /** Counts a message that came after its stream's grpc-timeout had passed. */
  void expired() {
    if (metrics != null) {
      metrics.failed(CheckMetrics.Failure.DEADLINE_EXCEEDED);
    }
  }

  /**
   * Inspects a response body as the settings say, and answers it.
   *
   * @param canChange whether Envoy still holds the whole body (buffered), so it can be blocked or
   *     redacted; otherwise findings are only reported
   */
  LeakAnswer inspect(Map<String, List<String>> headers, BodyBuffer body, boolean canChange) {
    LeakAction action = settings.leaks().action();
    if (action == LeakAction.OFF || body.isEmpty()) {
      return new LeakAnswer(LeakReport.NONE, ExtProcResponses.proceed(Phase.RESPONSE_BODY));
    }
    byte[] bytes = body.bytes();
    LeakReport report =
        inspector.inspect(
            ExtProcRequests.first(headers, "content-type"),
            ExtProcRequests.first(headers, "content-encoding"),
            bytes);
    if (report.isEmpty()) {
      return new LeakAnswer(report, ExtProcResponses.proceed(Phase.RESPONSE_BODY));
    }
    leaksFound.increment();
    String ids = report.ruleIds();
    if (canChange && action == LeakAction.BLOCK) {
      return new LeakAnswer(
          report,
          ExtProcResponses.leakBlocked(
              settings.leaks().blockStatus(), settings.leaks().blockMessage(), ids));
    }
    if (canChange && action == LeakAction.REDACT && !body.truncated()) {
      return new LeakAnswer(report, ExtProcResponses.leakRedacted(report.redact(bytes), ids));
    }
    return new LeakAnswer(report, ExtProcResponses.leakMonitored(Phase.RESPONSE_BODY, ids));
  }

  /** Hands a finished (or abandoned) exchange to capture; never throws. */
  void capture(ExtProcExchange exchange) {
    try {
      capture.record(exchange);
    } catch (RuntimeException e) {
      log.warn("capture failed for one exchange: {}", e.toString());
    }
  }

  /** Counts a message whose handling threw past every guard. */
  void internalError() {
    if (metrics != null) {
      metrics.failed(CheckMetrics.Failure.INTERNAL_ERROR);
    }
  }

  /** Requests decided only when the response arrived (tme expected a body Envoy did not send). */
  long lateDecisions() {
    return lateDecisions.sum();
  }

  /** Responses in which a leak was found. */
  long leaksFound() {
    return leaksFound.sum();
  }
}

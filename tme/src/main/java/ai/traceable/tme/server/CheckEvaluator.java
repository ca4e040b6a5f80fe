package ai.traceable.tme.server;

import ai.traceable.tme.capture.Capture;
import ai.traceable.tme.engine.Decision;
import ai.traceable.tme.engine.Engine;
import ai.traceable.tme.engine.inspect.RequestView;
import ai.traceable.tme.metrics.CheckMetrics;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.grpc.Status;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one check end to end on the calling thread: decode, convert, evaluate, answer. Meant to run
 * on the engine dispatcher. Thread-safe; holds no per-call state.
 */
final class CheckEvaluator {
  private static final Logger log = LoggerFactory.getLogger(CheckEvaluator.class);

  private final Supplier<Engine> engine;
  private final CheckResponses responses;
  private final Capture capture;
  private final CheckMetrics metrics;
  private final DenialLog denials;

  /**
   * @param engine the current engine; read once per check so a reloaded rule set applies to the
   *     next check
   */
  CheckEvaluator(Supplier<Engine> engine, CheckResponses responses) {
    this(engine, responses, Capture.OFF);
  }

  /**
   * @param capture receives every answered check, after the answer was sent
   */
  CheckEvaluator(Supplier<Engine> engine, CheckResponses responses, Capture capture) {
    this(engine, responses, capture, null, DenialLog.OFF);
  }

  /**
   * @param metrics meters every check; null for none
   * @param denials writes the denial log lines
   */
  CheckEvaluator(
      Supplier<Engine> engine,
      CheckResponses responses,
      Capture capture,
      CheckMetrics metrics,
      DenialLog denials) {
    this.engine = engine;
    this.responses = responses;
    this.capture = capture;
    this.metrics = metrics;
    this.denials = denials;
  }

  /** Counts a check the connection refused before evaluation. */
  void rejected() {
    if (metrics != null) {
      metrics.failed(CheckMetrics.Failure.IN_FLIGHT_LIMIT);
    }
  }

  /** Counts a check whose evaluation threw past every guard. */
  void internalError() {
    if (metrics != null) {
      metrics.failed(CheckMetrics.Failure.INTERNAL_ERROR);
    }
  }

  CheckOutcome evaluate(CheckCall call) {
    CheckRequest request;
    try {
      request = call.request();
    } catch (InvalidProtocolBufferException e) {
      call.fail(
          Status.INVALID_ARGUMENT.withDescription("malformed CheckRequest: " + e.getMessage()));
      if (metrics != null) {
        metrics.failed(CheckMetrics.Failure.INVALID_REQUEST);
      }
      return CheckOutcome.INVALID;
    }
    boolean capturing = capture != Capture.OFF;
    long start = capturing ? epochNanos() : 0;
    RequestView view = CheckRequests.toView(request);
    Decision decision = engine.get().evaluate(view);
    call.reply(responses.toResponse(decision));
    if (metrics != null) {
      metrics.answered(decision, System.nanoTime() - call.receivedNanos());
    }
    denials.record(view, decision);
    if (capturing) {
      try {
        capture.record(view, decision, start, epochNanos());
      } catch (RuntimeException e) {
        // capture must never affect checks; the pipeline counts its own losses
        log.warn("capture failed for one check: {}", e.toString());
      }
    }
    return outcomeOf(decision);
  }

  private static long epochNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private static CheckOutcome outcomeOf(Decision decision) {
    if (decision instanceof Decision.Deny deny) {
      return deny.failedClosed() ? CheckOutcome.FAILED_CLOSED : CheckOutcome.DENIED;
    }
    Decision.Allow allow = (Decision.Allow) decision;
    if (allow.failedOpen()) {
      return CheckOutcome.FAILED_OPEN;
    }
    return allow.findings().isEmpty() ? CheckOutcome.ALLOWED : CheckOutcome.MONITORED;
  }
}
